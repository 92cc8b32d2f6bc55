package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.catalogue.CatalogueSyncRoutes;
import eg.gov.bawaba.hub.catalogue.CatalogueSyncService;
import eg.gov.bawaba.hub.catalogue.QuarantineItem;
import eg.gov.bawaba.hub.catalogue.SyncContext;
import eg.gov.bawaba.hub.catalogue.SyncJournal;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import eg.gov.bawaba.mappings.QuarantinedRecord;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.hub.dryrun.DryRunApi;
import eg.gov.bawaba.hub.ops.OpsActions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Answers the operations API on catalogues: on-demand syncs, dry runs, sync history and the quarantine. */
@Component
public class OpsApi {

    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final EntityRegistry registry;
    private final SyncJournal journal;
    private final ProducerTemplate producer;
    private final OpsActions actions;
    private final DryRunApi dryRun;
    private final Duration syncWait;
    private final CatalogueSyncService syncService;

    public OpsApi(EntityRegistry registry, SyncJournal journal, ProducerTemplate producer, OpsActions actions,
                  DryRunApi dryRun, @Value("${bawaba.ops.sync-wait:20s}") Duration syncWait,
                  CatalogueSyncService syncService) {
        this.syncService = syncService;
        this.registry = registry;
        this.journal = journal;
        this.producer = producer;
        this.actions = actions;
        this.dryRun = dryRun;
        this.syncWait = syncWait;
    }

    /**
     * POST /ops/v1/entities/{id}/sync: runs the sync now and answers with its report, or with 202 when it outlasts
     * {@code bawaba.ops.sync-wait} (it goes on; its report lands in the sync history).
     */
    public void sync(Exchange exchange) throws Exception {
        String entityId = exchange.getIn().getHeader("id", String.class);
        actions.run(exchange, "sync", entityId, entityId, operator -> {
            var connector = registry.running(entityId).connector();
            if (connector == null) {
                throw new ApiProblem(409, "no-catalogue", "Entity has no catalogue feed",
                        "entity '" + entityId + "' has no catalogue section in its definition");
            }
            if (!connector.scheduled()) {
                throw new ApiProblem(409, "event-driven-entity", "Entity syncs when its files arrive",
                        "entity '" + entityId + "' receives its catalogue as file drops; drop a file to sync it");
            }
            if (registry.suspension(entityId).isPresent()) {
                throw new ApiProblem(409, "entity-suspended", "Entity suspended",
                        "entity '" + entityId + "' is suspended; resume it first");
            }
            CompletableFuture<Exchange> running = producer.asyncSend(CatalogueSyncRoutes.SYNC, e -> {
                e.setProperty(SyncContext.ENTITY_ID, entityId);
                e.setProperty(SyncContext.TRIGGER, "ON_DEMAND");
            });
            Exchange result;
            try {
                result = running.get(syncWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                ObjectNode body = CanonicalJson.mapper().createObjectNode();
                body.put("entityId", entityId);
                body.put("status", "RUNNING");
                body.put("syncs", "/ops/v1/entities/" + entityId + "/syncs");
                CatalogueApi.ok(exchange, body, null, null);
                exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
                exchange.getMessage().setHeader("Location", "/ops/v1/entities/" + entityId + "/syncs");
                return "still running after " + syncWait.toSeconds() + " s";
            }
            if (result.getException() != null) {
                throw result.getException(RuntimeException.class) != null
                        ? result.getException(RuntimeException.class) : new IllegalStateException(result.getException());
            }
            SyncReport report = result.getMessage().getBody(SyncReport.class);
            CatalogueApi.ok(exchange, EntitiesApi.syncJson(report), null, null);
            return "sync " + report.id() + " " + report.outcome() + (report.error() == null ? "" : ": " + report.error());
        });
    }

    /**
     * POST /ops/v1/entities/{id}/catalogue/withdraw, body {"reason": "..."} (required): withdraws every active entry of
     * the entity on purpose, the one way to do so, since an empty full feed is refused. The entity's next sync
     * republishes whatever its feed then carries; suspend the entity first to keep them withdrawn.
     */
    public void withdrawCatalogue(Exchange exchange) throws Exception {
        String entityId = exchange.getIn().getHeader("id", String.class);
        actions.run(exchange, "catalogue-withdraw", entityId, entityId, operator -> {
            String reason = OpsRequests.body(exchange).path("reason").asText("").strip();
            if (reason.isEmpty() || reason.length() > 500) {
                throw ApiProblem.badRequest("reason: why every entry of the entity is withdrawn, 1 to 500 characters");
            }
            // an entity whose definition went while the hub was stopped is unknown now, but its entries are not
            if (!registry.isKnown(entityId) && syncService.activeEntries(entityId) == 0) {
                throw ApiProblem.notFound("no entity has id '" + entityId + "' and no active entries have it");
            }
            int withdrawn = syncService.withdrawAll(entityId);
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.put("entityId", entityId);
            body.put("withdrawn", withdrawn);
            body.put("reason", reason);
            body.put("by", operator);
            CatalogueApi.ok(exchange, body, null, null);
            return withdrawn + " entries withdrawn; reason: " + reason;
        });
    }

    /** POST /ops/v1/dry-run: audited like every ops action, though it changes nothing, with the hosts it called. */
    public void dryRun(Exchange exchange) throws Exception {
        actions.run(exchange, "dry-run", null, null, operator -> {
            String summary = dryRun.run(exchange);
            return "answered " + exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE) + ": " + summary;
        });
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
            // the record as JSON, as the entity sent it; the column keeps it as text
            item.set("sourceRecord", QuarantinedRecord.sourceJson(q.sourceRecord()));
        }
        CatalogueApi.ok(exchange, body, null, null);
    }
}
