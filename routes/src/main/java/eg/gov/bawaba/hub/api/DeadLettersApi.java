package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.applications.DeadLetters;
import eg.gov.bawaba.hub.applications.QueueDepths;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.ops.FailureText;
import eg.gov.bawaba.hub.ops.OpsActions;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Answers the ops API on an entity's dead letter queue: browse it, replay one, several or all, discard one. */
@Component
public class DeadLettersApi {

    private static final Pattern APPLICATION_ID = Pattern.compile("[0-9a-f-]{36}");
    private static final int MAX_REPLAY_IDS = 1000;

    private final EntityRegistry registry;
    private final DeadLetters deadLetters;
    private final QueueDepths depths;
    private final ApplicationStore store;
    private final OpsActions actions;

    public DeadLettersApi(EntityRegistry registry, DeadLetters deadLetters, QueueDepths depths, ApplicationStore store,
                          OpsActions actions) {
        this.registry = registry;
        this.deadLetters = deadLetters;
        this.depths = depths;
        this.store = store;
        this.actions = actions;
    }

    /** GET /ops/v1/entities/{id}/dead-letters?limit= */
    public void browse(Exchange exchange) {
        takingApplications(exchange);
        String entityId = exchange.getIn().getHeader("id", String.class);
        int limit = CatalogueApi.number(exchange.getIn(), "limit", 100, 1, 1000);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("entityId", entityId);
        body.put("depth", depths.deadLetterDepth(entityId));
        ArrayNode messages = body.putArray("messages");
        for (DeadLetters.DeadLetter letter : deadLetters.browse(entityId, limit)) {
            ObjectNode m = messages.addObject();
            m.put("applicationId", letter.applicationId());
            store.find(letter.applicationId()).ifPresent(a -> {
                m.put("entryId", a.entryId());
                m.put("applicationStatus", a.status().name());
            });
            // personal data never reaches this view: ids, the entry and a masked failure only
            m.put("failure", FailureText.masked(letter.failure()));
            m.put("deadLetteredAt", letter.deadLetteredAt().toString());
        }
        CatalogueApi.ok(exchange, body, null, null);
    }

    /** POST /ops/v1/entities/{id}/dead-letters/replay, body {"applicationIds": [...]} or {"all": true} */
    public void replay(Exchange exchange) throws Exception {
        String entityId = exchange.getIn().getHeader("id", String.class);
        actions.run(exchange, "dead-letter-replay", entityId, requestedTarget(exchange), operator -> {
            takingApplications(exchange);
            JsonNode request = OpsRequests.body(exchange);
            boolean all = request.path("all").asBoolean(false);
            Set<String> ids = ids(request.path("applicationIds"));
            if (all == !ids.isEmpty()) {
                throw ApiProblem.badRequest("give either \"applicationIds\": [...] or \"all\": true");
            }
            return replay(exchange, entityId, all, ids, operator);
        });
    }

    /** POST /ops/v1/entities/{id}/dead-letters/{applicationId}/replay */
    public void replayOne(Exchange exchange) throws Exception {
        String entityId = exchange.getIn().getHeader("id", String.class);
        String target = exchange.getIn().getHeader("applicationId", String.class);
        actions.run(exchange, "dead-letter-replay", entityId, target, operator -> {
            takingApplications(exchange);
            return replay(exchange, entityId, false, Set.of(applicationId(exchange)), operator);
        });
    }

    /** POST /ops/v1/entities/{id}/dead-letters/{applicationId}/discard, body {"reason": "..."} */
    public void discard(Exchange exchange) throws Exception {
        String entityId = exchange.getIn().getHeader("id", String.class);
        String target = exchange.getIn().getHeader("applicationId", String.class);
        actions.run(exchange, "dead-letter-discard", entityId, target, operator -> {
            takingApplications(exchange);
            String applicationId = applicationId(exchange);
            String reason = OpsRequests.body(exchange).path("reason").asText("").strip();
            if (reason.isEmpty() || reason.length() > 500) {
                throw ApiProblem.badRequest("reason: why the application is discarded, 1 to 500 characters");
            }
            if (!deadLetters.discard(entityId, applicationId, operator, reason)) {
                throw ApiProblem.notFound("application '" + applicationId + "' is not in the dead letter queue of '"
                        + entityId + "'");
            }
            CatalogueApi.ok(exchange, CanonicalJson.mapper().createObjectNode().put("discarded", applicationId), null, null);
            return "reason: " + reason;
        });
    }

    private String replay(Exchange exchange, String entityId, boolean all, Set<String> ids, String operator) {
        List<String> replayed = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        if (all) {
            replayed.addAll(deadLetters.replayAll(entityId, operator));
        } else {
            for (String id : ids) {
                (deadLetters.replay(entityId, id, operator) ? replayed : notFound).add(id);
            }
        }
        if (replayed.isEmpty() && !notFound.isEmpty()) {
            throw ApiProblem.notFound("not in the dead letter queue of '" + entityId + "': " + String.join(", ", notFound));
        }
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        replayed.forEach(body.putArray("replayed")::add);
        notFound.forEach(body.putArray("notFound")::add);
        CatalogueApi.ok(exchange, body, null, null);
        return "replayed " + replayed.size() + (notFound.isEmpty() ? "" : ", not found " + notFound);
    }

    /** What a replay request names, read leniently for the audit record; the action itself validates strictly. */
    private static String requestedTarget(Exchange exchange) {
        String text = exchange.getIn().getBody(String.class);
        // the body may be a stream: keep it readable for the action
        exchange.getIn().setBody(text);
        try {
            JsonNode request = CanonicalJson.requestMapper().readTree(text);
            if (request != null && request.path("all").asBoolean(false)) {
                return "all";
            }
            List<String> named = new ArrayList<>();
            if (request != null) {
                request.path("applicationIds").forEach(id -> named.add(id.asText()));
            }
            return named.isEmpty() ? null : String.join(",", named);
        } catch (Exception unreadable) {
            return null;
        }
    }

    private void takingApplications(Exchange exchange) {
        String entityId = exchange.getIn().getHeader("id", String.class);
        if (registry.running(entityId).definition().applications() == null) {
            throw new ApiProblem(409, "no-applications", "Entity takes no applications",
                    "entity '" + entityId + "' has no applications section, so it has no dead letter queue");
        }
    }

    private static String applicationId(Exchange exchange) {
        String id = exchange.getIn().getHeader("applicationId", String.class);
        if (id == null || !APPLICATION_ID.matcher(id).matches()) {
            throw ApiProblem.badRequest("applicationId: an application id (UUID)");
        }
        return id;
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> ids = new LinkedHashSet<>();
        if (array.isMissingNode() || array.isNull()) {
            return ids;
        }
        if (!array.isArray() || array.size() > MAX_REPLAY_IDS) {
            throw ApiProblem.badRequest("applicationIds: an array of at most " + MAX_REPLAY_IDS + " application ids");
        }
        for (JsonNode id : array) {
            if (!id.isTextual() || !APPLICATION_ID.matcher(id.asText()).matches()) {
                throw ApiProblem.badRequest("applicationIds: '" + id + "' is not an application id");
            }
            ids.add(id.asText());
        }
        return ids;
    }
}
