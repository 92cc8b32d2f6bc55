package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.catalogue.CatalogueStore;
import eg.gov.bawaba.hub.catalogue.SyncJournal;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.EntityStatus;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Answers GET /api/v1/entities: every configured entity with its connectors, entry count and last sync. */
@Component
public class EntitiesApi {

    private final EntityRegistry registry;
    private final CatalogueStore store;
    private final SyncJournal journal;

    public EntitiesApi(EntityRegistry registry, CatalogueStore store, SyncJournal journal) {
        this.registry = registry;
        this.store = store;
        this.journal = journal;
    }

    public void list(Exchange exchange) {
        Map<String, Long> counts = store.activeCounts();
        Map<String, SyncReport> lastSyncs = journal.latestByEntity();
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        ArrayNode entities = body.putArray("entities");
        for (EntityStatus status : registry.statuses()) {
            ObjectNode entity = entities.addObject();
            entity.put("id", status.id());
            entity.set("names", CanonicalJson.mapper().valueToTree(status.names()));
            entity.put("status", status.state().name());
            entity.set("connectorKinds", CanonicalJson.mapper().valueToTree(status.connectorKinds()));
            entity.put("entryCount", counts.getOrDefault(status.id(), 0L));
            SyncReport last = lastSyncs.get(status.id());
            entity.set("lastSync", last == null ? null : syncJson(last));
            if (!status.problems().isEmpty()) {
                entity.set("problems", CanonicalJson.mapper().valueToTree(status.problems()));
            }
        }
        CatalogueApi.ok(exchange, body, null, null);
    }

    static ObjectNode syncJson(SyncReport r) {
        ObjectNode sync = CanonicalJson.mapper().createObjectNode();
        sync.put("id", r.id());
        sync.put("trigger", r.trigger());
        sync.put("startedAt", r.startedAt().toString());
        sync.put("finishedAt", r.finishedAt().toString());
        sync.put("outcome", r.outcome().name());
        sync.put("received", r.received());
        sync.put("added", r.added());
        sync.put("updated", r.updated());
        sync.put("withdrawn", r.withdrawn());
        sync.put("unchanged", r.unchanged());
        sync.put("quarantined", r.quarantined());
        if (r.error() != null) {
            sync.put("error", r.error());
        }
        if (!r.warnings().isEmpty()) {
            sync.set("warnings", CanonicalJson.mapper().valueToTree(r.warnings()));
        }
        return sync;
    }
}
