package eg.gov.bawaba.hub.entities;

import eg.gov.bawaba.hub.catalogue.CatalogueSyncRoutes;
import eg.gov.bawaba.hub.catalogue.SyncAlreadyRunningException;
import eg.gov.bawaba.hub.catalogue.SyncContext;
import eg.gov.bawaba.hub.cluster.Singletons;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Route template {@value #TEMPLATE_ID}: triggers an entity's catalogue sync on its schedule.
 * Parameters: {@code entityId} (required), {@code periodMillis} (required), {@code delayMillis} (required),
 * {@code singleton} (the timer's prefix that makes one hub of a cluster run it; empty for a single hub).
 */
@Component
public class CatalogueScheduleRoutes extends RouteBuilder {

    public static final String TEMPLATE_ID = "catalogue-schedule";

    @Override
    public void configure() {
        routeTemplate(TEMPLATE_ID)
                .templateParameter("entityId")
                .templateParameter("periodMillis")
                .templateParameter("delayMillis")
                .templateParameter(Singletons.TEMPLATE_PARAMETER, "")
                .from("{{" + Singletons.TEMPLATE_PARAMETER + "}}"
                        + "timer:{{entityId}}-catalogue?period={{periodMillis}}&delay={{delayMillis}}")
                // an operator's sync now may still run when the schedule comes round: skip this turn, quietly
                .onException(SyncAlreadyRunningException.class).handled(true)
                    .log(LoggingLevel.INFO, "Scheduled catalogue sync of {{entityId}} skipped: a sync is running")
                .end()
                .setProperty(SyncContext.ENTITY_ID, constant("{{entityId}}"))
                .setProperty(SyncContext.TRIGGER, constant("SCHEDULE"))
                .to(CatalogueSyncRoutes.SYNC);
    }
}
