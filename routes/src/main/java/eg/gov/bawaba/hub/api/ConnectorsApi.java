package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.connectors.definition.ExpertsFeed;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.applications.QueueDepths;
import eg.gov.bawaba.hub.catalogue.SyncJournal;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.EntityStatus;
import eg.gov.bawaba.hub.entities.RunningEntity;
import eg.gov.bawaba.hub.experts.ExpertDeliveries;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore;
import eg.gov.bawaba.hub.ops.EntityHealth;
import eg.gov.bawaba.hub.ops.FailureText;
import eg.gov.bawaba.hub.ops.OpsActions;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.springframework.stereotype.Component;

/** Answers the ops API's connector views (state, health, queues, failures) and suspends or resumes an entity. */
@Component
public class ConnectorsApi {

    private static final int RECENT_FAILURES = 10;

    private final EntityRegistry registry;
    private final EntityHealth health;
    private final SyncJournal journal;
    private final DeliveryBreakers breakers;
    private final QueueDepths depths;
    private final ApplicationStore applications;
    private final CamelContext camel;
    private final OpsActions actions;
    private final ExpertDeliveries expertDeliveries;
    private final ExpertDeliveryStore deliveryStore;
    private final Clock clock;

    public ConnectorsApi(EntityRegistry registry, EntityHealth health, SyncJournal journal, DeliveryBreakers breakers,
                         QueueDepths depths, ApplicationStore applications, CamelContext camel, OpsActions actions,
                         ExpertDeliveries expertDeliveries, ExpertDeliveryStore deliveryStore, Clock clock) {
        this.expertDeliveries = expertDeliveries;
        this.deliveryStore = deliveryStore;
        this.registry = registry;
        this.health = health;
        this.journal = journal;
        this.breakers = breakers;
        this.depths = depths;
        this.applications = applications;
        this.camel = camel;
        this.actions = actions;
        this.clock = clock;
    }

    /** GET /ops/v1/connectors */
    public void list(Exchange exchange) {
        Map<String, SyncReport> lastSyncs = journal.latestByEntity();
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        ArrayNode connectors = body.putArray("connectors");
        registry.statuses().forEach(s -> connectors.add(connector(s, lastSyncs.get(s.id()))));
        CatalogueApi.ok(exchange, body, null, null);
    }

    /** GET /ops/v1/connectors/{id} */
    public void get(Exchange exchange) {
        CatalogueApi.ok(exchange, connector(exchange.getIn().getHeader("id", String.class)), null, null);
    }

    /** POST /ops/v1/entities/{id}/suspend, body {"reason": "..."} (optional) */
    public void suspend(Exchange exchange) throws Exception {
        String entityId = exchange.getIn().getHeader("id", String.class);
        actions.run(exchange, "suspend", entityId, entityId, operator -> {
            String reason = OpsRequests.body(exchange).path("reason").asText(null);
            if (reason != null && reason.length() > 500) {
                throw ApiProblem.badRequest("reason: at most 500 characters");
            }
            if (!registry.suspend(entityId, operator, reason, clock.instant())) {
                throw new ApiProblem(409, "already-suspended", "Entity already suspended",
                        "entity '" + entityId + "' is already suspended");
            }
            CatalogueApi.ok(exchange, connector(entityId), null, null);
            return reason == null ? "no reason given" : "reason: " + reason;
        });
    }

    /** POST /ops/v1/entities/{id}/resume */
    public void resume(Exchange exchange) throws Exception {
        String entityId = exchange.getIn().getHeader("id", String.class);
        actions.run(exchange, "resume", entityId, entityId, operator -> {
            if (!registry.resume(entityId, operator)) {
                throw new ApiProblem(409, "not-suspended", "Entity not suspended",
                        "entity '" + entityId + "' is not suspended");
            }
            CatalogueApi.ok(exchange, connector(entityId), null, null);
            return "routes started again";
        });
    }

    ObjectNode connector(String entityId) {
        EntityStatus status = registry.status(entityId)
                .orElseThrow(() -> ApiProblem.notFound("no entity has id '" + entityId + "'"));
        var last = journal.history(entityId, 1);
        return connector(status, last.isEmpty() ? null : last.get(0));
    }

    private ObjectNode connector(EntityStatus status, SyncReport lastSync) {
        String id = status.id();
        EntityHealth.Assessment assessment = health.assess(status, lastSync);
        ObjectNode c = CanonicalJson.mapper().createObjectNode();
        c.put("entityId", id);
        c.set("names", CanonicalJson.mapper().valueToTree(status.names()));
        boolean suspended = registry.suspension(id).isPresent();
        c.put("state", status.state() == EntityStatus.State.DISABLED ? "DISABLED" : suspended ? "SUSPENDED" : "RUNNING");
        c.put("health", assessment.level().name());
        c.set("healthReasons", strings(assessment.reasons().stream().map(FailureText::masked).toList()));
        c.set("suspension", registry.suspension(id).<JsonNode>map(s -> {
            ObjectNode n = CanonicalJson.mapper().createObjectNode();
            n.put("by", s.by());
            n.put("at", s.at().toString());
            n.put("reason", s.reason());
            return n;
        }).orElse(null));
        RunningEntity entity = status.state() == EntityStatus.State.RUNNING ? registry.running(id) : null;
        c.set("catalogue", entity == null || entity.connector() == null ? null : catalogue(entity, lastSync));
        c.set("applications", entity == null || entity.definition().applications() == null ? null : applications(entity));
        c.set("experts", entity == null || entity.definition().experts() == null ? null : experts(entity));
        ArrayNode routes = c.putArray("routes");
        for (String routeId : registry.routeIds(id)) {
            ServiceStatus route = camel.getRouteController().getRouteStatus(routeId);
            routes.addObject().put("id", routeId).put("status", route == null ? "Stopped" : route.name());
        }
        c.set("recentFailures", recentFailures(id, entity != null && entity.definition().applications() != null));
        c.set("problems", strings(status.problems()));
        return c;
    }

    private ObjectNode catalogue(RunningEntity entity, SyncReport lastSync) {
        ObjectNode catalogue = CanonicalJson.mapper().createObjectNode();
        catalogue.put("protocol", entity.connector().sourceProtocol());
        catalogue.put("scheduled", entity.connector().scheduled());
        catalogue.set("lastSync", lastSync == null ? null : EntitiesApi.syncJson(lastSync));
        return catalogue;
    }

    private ObjectNode applications(RunningEntity entity) {
        String id = entity.definition().id();
        ObjectNode applications = CanonicalJson.mapper().createObjectNode();
        applications.put("kind", entity.definition().applications().connectorKind());
        applications.put("circuit", breakers.state(id).name());
        applications.put("queueDepth", depths.depth(id));
        applications.put("deadLetterDepth", depths.deadLetterDepth(id));
        return applications;
    }

    private ObjectNode experts(RunningEntity entity) {
        String id = entity.definition().id();
        ExpertsFeed feed = entity.definition().experts();
        ObjectNode experts = CanonicalJson.mapper().createObjectNode();
        experts.put("kind", feed.connectorKind());
        ObjectNode subscription = experts.putObject("subscription");
        subscription.set("fields", strings(feed.fields()));
        subscription.set("countries", strings(feed.countries()));
        experts.put("circuit", breakers.expertsState(id).name());
        experts.put("queueDepth", depths.count(expertDeliveries.queue(id)));
        experts.put("deadLetterDepth", depths.count(expertDeliveries.deadLetterQueue(id)));
        ObjectNode counts = experts.putObject("deliveries");
        deliveryStore.countsByStatus(id).forEach((status, n) -> counts.put(status.name(), n));
        return experts;
    }

    private ArrayNode recentFailures(String entityId, boolean takesApplications) {
        ArrayNode failures = CanonicalJson.mapper().createArrayNode();
        record Failure(java.time.Instant at, String kind, String detail) {}
        var all = new java.util.ArrayList<Failure>();
        journal.history(entityId, RECENT_FAILURES).stream().filter(r -> r.outcome() == SyncReport.Outcome.FAILED)
                .forEach(r -> all.add(new Failure(r.finishedAt(), "SYNC", r.error())));
        if (takesApplications) {
            applications.recentFailures(entityId, RECENT_FAILURES)
                    .forEach(e -> all.add(new Failure(e.at(), "DELIVERY", e.detail())));
        }
        all.stream().sorted(Comparator.comparing(Failure::at).reversed()).limit(RECENT_FAILURES)
                .forEach(f -> failures.addObject().put("at", f.at().toString()).put("kind", f.kind())
                        .put("detail", FailureText.masked(f.detail())));
        return failures;
    }

    private static ArrayNode strings(java.util.List<String> values) {
        ArrayNode array = CanonicalJson.mapper().createArrayNode();
        values.forEach(array::add);
        return array;
    }
}
