package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The catalogue sync of one entity, whoever triggers it: fetch through the entity's connector route, map, then
 * store. A failure anywhere leaves the catalogue as it was and is journaled as a failed sync.
 *
 * <p>{@value #SYNC} fetches through a fetching connector; {@link CatalogueConnector#INGEST} takes the records an
 * event-driven connector delivered and rethrows a failure, so the connector can keep its input (a file moves to
 * {@code error/}). In: exchange properties {@link SyncContext#ENTITY_ID} and {@link SyncContext#TRIGGER}.
 * Out: a {@link SyncReport}.
 */
@Component
public class CatalogueSyncRoutes extends RouteBuilder {

    public static final String SYNC = "direct:catalogue-sync";

    private final CatalogueSyncSteps steps;

    public CatalogueSyncRoutes(CatalogueSyncService service, EntityRegistry registry) {
        this.steps = new CatalogueSyncSteps(service, registry);
    }

    @Override
    public void configure() {
        from(SYNC).routeId("catalogue-sync")
                .bean(steps, "begin")
                .doTry()
                    .toD("direct:${exchangeProperty." + SyncContext.ENTITY_ID + "}-catalogue-fetch")
                    .to("direct:catalogue-map")
                    .to("direct:catalogue-apply")
                .doCatch(Exception.class)
                    .to("direct:catalogue-sync-failed")
                .doFinally()
                    .bean(steps, "end")
                .end();

        from(CatalogueConnector.INGEST).routeId("catalogue-ingest")
                // the connector that handed the records over explains the failure (a .reason file beside the file)
                // and the sync is journaled as failed: an error handler's stack trace here would only be noise
                .errorHandler(noErrorHandler())
                .bean(steps, "begin")
                .doTry()
                    .to("direct:catalogue-map")
                    .to("direct:catalogue-apply")
                .doCatch(Exception.class)
                    .to("direct:catalogue-sync-failed")
                    .bean(steps, "rethrow")
                .doFinally()
                    .bean(steps, "end")
                .end();

        // both callers catch what these throw and journal it: their own error handler would log it again, as ERROR
        from("direct:catalogue-map").routeId("catalogue-map").errorHandler(noErrorHandler())
                .bean(steps, "map");

        from("direct:catalogue-apply").routeId("catalogue-apply").errorHandler(noErrorHandler())
                .bean(steps, "apply");

        from("direct:catalogue-sync-failed").routeId("catalogue-sync-failed")
                .bean(steps, "failed");
    }
}
