package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.RunningEntity;
import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.CatalogueConnector;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import org.apache.camel.Exchange;

/** Adapts the exchange of {@link CatalogueSyncRoutes} to {@link CatalogueSyncService}. */
class CatalogueSyncSteps {

    private final CatalogueSyncService service;
    private final EntityRegistry registry;

    CatalogueSyncSteps(CatalogueSyncService service, EntityRegistry registry) {
        this.service = service;
        this.registry = registry;
    }

    public void begin(Exchange exchange) {
        String entityId = entityId(exchange);
        registry.running(entityId);
        exchange.setProperty(SyncContext.STARTED_AT, service.begin(entityId));
        exchange.setProperty("bawabaSyncBegun", true);
    }

    public void map(Exchange exchange) throws Exception {
        RunningEntity entity = registry.running(entityId(exchange));
        @SuppressWarnings("unchecked")
        List<JsonNode> fetched = exchange.getIn().getMandatoryBody(List.class);
        exchange.getIn().setBody(service.map(entityId(exchange), entity.catalogue(), entity.connector().sourceProtocol(),
                fetched, locations(exchange, fetched.size()), warnings(exchange), startedAt(exchange)));
    }

    /** Where each record was, as the connector named it, with the file's name first for a dropped file. */
    @SuppressWarnings("unchecked")
    static List<String> locations(Exchange exchange, int records) {
        List<String> named = exchange.getProperty(CatalogueConnector.RECORD_LOCATIONS, List.class);
        String file = exchange.getProperty(CatalogueConnector.SOURCE_NAME, String.class);
        if (file == null) {
            return named != null && named.size() == records ? named : null;
        }
        List<String> located = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            located.add("file " + file + ", " + UnchangedRecords.location(named != null && named.size() == records
                    ? named : null, i));
        }
        return located;
    }

    @SuppressWarnings("unchecked")
    static List<String> warnings(Exchange exchange) {
        List<String> warnings = exchange.getProperty(CatalogueConnector.WARNINGS, List.class);
        return warnings == null ? List.of() : warnings;
    }

    public void apply(Exchange exchange) throws Exception {
        String entityId = entityId(exchange);
        MappedFeed mapped = exchange.getIn().getMandatoryBody(MappedFeed.class);
        exchange.getIn().setBody(service.apply(entityId, trigger(exchange), startedAt(exchange),
                registry.running(entityId).catalogue(), mapped));
    }

    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getIn().setBody(service.failed(entityId(exchange), trigger(exchange), startedAt(exchange), cause));
    }

    /** Fails the exchange again with the cause the sync journaled, for a connector that must keep its input. */
    public void rethrow(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        throw cause instanceof Exception e ? e : new IllegalStateException(cause);
    }

    public void end(Exchange exchange) {
        if (exchange.getProperty("bawabaSyncBegun", false, Boolean.class)) {
            service.end(entityId(exchange));
        }
    }

    private static String entityId(Exchange exchange) {
        return exchange.getProperty(SyncContext.ENTITY_ID, String.class);
    }

    private static String trigger(Exchange exchange) {
        return exchange.getProperty(SyncContext.TRIGGER, "ON_DEMAND", String.class);
    }

    private static Instant startedAt(Exchange exchange) {
        return exchange.getProperty(SyncContext.STARTED_AT, Instant.class);
    }
}
