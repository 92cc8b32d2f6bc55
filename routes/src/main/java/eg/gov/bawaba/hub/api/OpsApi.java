package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.catalogue.CatalogueSyncRoutes;
import eg.gov.bawaba.hub.catalogue.QuarantineItem;
import eg.gov.bawaba.hub.catalogue.SyncContext;
import eg.gov.bawaba.hub.catalogue.SyncJournal;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** Answers the operations API: on-demand syncs, sync history and the quarantine. */
@Component
public class OpsApi {

    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final EntityRegistry registry;
    private final SyncJournal journal;
    private final ProducerTemplate producer;

    public OpsApi(EntityRegistry registry, SyncJournal journal, ProducerTemplate producer) {
        this.registry = registry;
        this.journal = journal;
        this.producer = producer;
    }

    /** POST /ops/v1/entities/{id}/sync: runs the sync now and answers with its report. */
    public void sync(Exchange exchange) {
        String entityId = exchange.getIn().getHeader("id", String.class);
        var connector = registry.running(entityId).connector();
        if (connector == null) {
            throw new ApiProblem(409, "no-catalogue", "Entity has no catalogue feed",
                    "entity '" + entityId + "' has no catalogue section in its definition");
        }
        if (!connector.scheduled()) {
            throw new ApiProblem(409, "event-driven-entity", "Entity syncs when its files arrive",
                    "entity '" + entityId + "' receives its catalogue as file drops; drop a file to sync it");
        }
        Exchange result = producer.send(CatalogueSyncRoutes.SYNC, e -> {
            e.setProperty(SyncContext.ENTITY_ID, entityId);
            e.setProperty(SyncContext.TRIGGER, "ON_DEMAND");
        });
        if (result.getException() != null) {
            throw result.getException(RuntimeException.class) != null
                    ? result.getException(RuntimeException.class) : new IllegalStateException(result.getException());
        }
        SyncReport report = result.getMessage().getBody(SyncReport.class);
        CatalogueApi.ok(exchange, EntitiesApi.syncJson(report), null, null);
    }

    /** GET /ops/v1/entities/{id}/syncs: the entity's latest syncs, newest first. */
    public void syncs(Exchange exchange) {
        String entityId = exchange.getIn().getHeader("id", String.class);
        if (!registry.isKnown(entityId)) {
            throw ApiProblem.notFound("no entity has id '" + entityId + "'");
        }
        int limit = CatalogueApi.number(exchange.getIn(), "limit", 20, 1, 500);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        ArrayNode syncs = body.putArray("syncs");
        journal.history(entityId, limit).forEach(r -> syncs.add(EntitiesApi.syncJson(r)));
        CatalogueApi.ok(exchange, body, null, null);
    }

    /** GET /ops/v1/quarantine?entity=&page=&size=: records the latest syncs could not turn into entries. */
    public void quarantine(Exchange exchange) {
        String entityId = CatalogueApi.matching(exchange.getIn(), "entity", ENTITY, "an entity id");
        int page = CatalogueApi.number(exchange.getIn(), "page", 0, 0, 1_000_000);
        int size = CatalogueApi.number(exchange.getIn(), "size", 50, 1, 500);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("page", page);
        body.put("size", size);
        body.put("total", journal.quarantineCount(entityId));
        ArrayNode items = body.putArray("items");
        for (QuarantineItem q : journal.quarantine(entityId, page * size, size)) {
            ObjectNode item = items.addObject();
            item.put("id", q.id());
            item.put("entityId", q.entityId());
            item.put("syncId", q.syncId());
            item.put("quarantinedAt", q.quarantinedAt().toString());
            item.put("reason", q.reason());
            item.put("sourceRecord", q.sourceRecord());
        }
        CatalogueApi.ok(exchange, body, null, null);
    }
}
