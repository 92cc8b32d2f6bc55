package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.experts.ExpertDeadLetters;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Delivery;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Status;
import eg.gov.bawaba.hub.experts.ExpertsRegistry;
import eg.gov.bawaba.hub.ops.FailureText;
import eg.gov.bawaba.hub.ops.OpsActions;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Answers the ops API on expert profile deliveries: list them with their outcome, replay a dead letter, resend all. */
@Component
public class ExpertDeliveriesApi {

    private final ExpertDeliveryStore store;
    private final ExpertDeadLetters deadLetters;
    private final ExpertsRegistry registry;
    private final EntityRegistry entities;
    private final OpsActions actions;

    public ExpertDeliveriesApi(ExpertDeliveryStore store, ExpertDeadLetters deadLetters, ExpertsRegistry registry,
                               EntityRegistry entities, OpsActions actions) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.entities = entities;
        this.actions = actions;
    }

    /** GET /ops/v1/experts/deliveries?entityId=&status=&limit= : the newest first, with counts per status. */
    public void list(Exchange exchange) {
        String entityId = blankToNull(exchange.getIn().getHeader("entityId", String.class));
        if (entityId != null && !entities.isKnown(entityId)) {
            throw ApiProblem.notFound("no entity has id '" + entityId + "'");
        }
        Status status = status(blankToNull(exchange.getIn().getHeader("status", String.class)));
        int limit = CatalogueApi.number(exchange.getIn(), "limit", 100, 1, 1000);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        if (entityId != null) {
            body.put("entityId", entityId);
        }
        ObjectNode counts = body.putObject("counts");
        store.countsByStatus(entityId).forEach((s, n) -> counts.put(s.name(), n));
        ArrayNode items = body.putArray("deliveries");
        for (Delivery d : store.newest(entityId, status, limit)) {
            items.add(view(d));
        }
        CatalogueApi.ok(exchange, body, null, null);
    }

    /** POST /ops/v1/experts/deliveries/{id}/replay : a FAILED delivery's dead letter back to its queue. */
    public void replay(Exchange exchange) throws Exception {
        String id = exchange.getIn().getHeader("id", String.class);
        Delivery delivery = store.find(id)
                .orElseThrow(() -> ApiProblem.notFound("no expert profile delivery has id '" + id + "'"));
        actions.run(exchange, "expert-delivery-replay", delivery.entityId(), "expert delivery " + id, operator -> {
            if (!deadLetters.replay(delivery, operator)) {
                throw new ApiProblem(409, "not-dead-lettered", "Not in the dead letter queue", "delivery " + id
                        + " is " + delivery.status() + "; only a FAILED delivery's dead letter can be replayed");
            }
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.put("replayed", id);
            CatalogueApi.ok(exchange, body, null, null);
            return "replayed to " + delivery.entityId();
        });
    }

    /** POST /ops/v1/experts/deliveries/{id}/discard, body {"reason": "..."} (required): its dead letter out for good. */
    public void discard(Exchange exchange) throws Exception {
        String id = exchange.getIn().getHeader("id", String.class);
        Delivery delivery = store.find(id)
                .orElseThrow(() -> ApiProblem.notFound("no expert profile delivery has id '" + id + "'"));
        actions.run(exchange, "expert-delivery-discard", delivery.entityId(), "expert delivery " + id, operator -> {
            String reason = OpsRequests.body(exchange).path("reason").asText("").strip();
            if (reason.isEmpty() || reason.length() > 500) {
                throw ApiProblem.badRequest("reason: why the delivery is discarded, 1 to 500 characters");
            }
            if (!deadLetters.discard(delivery, operator, reason)) {
                throw new ApiProblem(409, "not-dead-lettered", "Not in the dead letter queue", "delivery " + id
                        + " is " + delivery.status() + "; only a FAILED delivery's dead letter can be discarded");
            }
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.put("discarded", id);
            CatalogueApi.ok(exchange, body, null, null);
            return "reason: " + reason;
        });
    }

    /** POST /ops/v1/entities/{id}/experts/dead-letters/replay : every FAILED delivery of the entity, oldest first. */
    public void replayAll(Exchange exchange) throws Exception {
        String entityId = exchange.getIn().getHeader("id", String.class);
        entities.running(entityId);
        actions.run(exchange, "expert-delivery-replay", entityId, "every dead-lettered expert delivery", operator -> {
            ArrayNode replayed = CanonicalJson.mapper().createArrayNode();
            ArrayNode notFound = CanonicalJson.mapper().createArrayNode();
            List<Delivery> failed = new ArrayList<>(store.newest(entityId, Status.FAILED, 10_000));
            Collections.reverse(failed);
            for (Delivery delivery : failed) {
                (deadLetters.replay(delivery, operator) ? replayed : notFound).add(delivery.id());
            }
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.set("replayed", replayed);
            body.set("notFound", notFound);
            CatalogueApi.ok(exchange, body, null, null);
            return replayed.size() + " replayed, " + notFound.size() + " not in the dead letter queue";
        });
    }

    /** POST /ops/v1/entities/{id}/experts/resend : every consenting profile its subscription wants, sent again. */
    public void resend(Exchange exchange) throws Exception {
        String entityId = exchange.getIn().getHeader("id", String.class);
        actions.run(exchange, "experts-resend", entityId, "consenting expert profiles", operator -> {
            int sent = registry.resendAll(entityId);
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.put("entityId", entityId);
            body.put("queued", sent);
            CatalogueApi.ok(exchange, body, null, null);
            return sent + " profiles queued";
        });
    }

    private static ObjectNode view(Delivery d) {
        ObjectNode v = CanonicalJson.mapper().createObjectNode();
        v.put("id", d.id());
        v.put("expertId", d.expertId());
        v.put("entityId", d.entityId());
        v.put("event", d.event().name());
        v.put("status", d.status().name());
        v.put("attempts", d.attempts());
        v.put("correlationId", d.correlationId());
        if (d.entityReference() != null) {
            v.put("entityReference", d.entityReference());
        }
        if (d.note() != null) {
            // an entity's refusal may quote the profile: masked like every failure shown to operators
            v.put("note", FailureText.masked(d.note()));
        }
        v.put("createdAt", d.createdAt().toString());
        v.put("updatedAt", d.updatedAt().toString());
        return v;
    }

    private static Status status(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Status.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("status: one of " + Arrays.toString(Status.values()));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
