package eg.gov.bawaba.hub.experts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.api.JsonBodies;
import eg.gov.bawaba.hub.experts.ExpertStore.StoredCall;
import eg.gov.bawaba.hub.security.Owner;
import eg.gov.bawaba.hub.security.Owners;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.Bilingual;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Answers the experts API: registration, updates, withdrawal of consent, search and calls for experts. Search and
 * matches show every consenting profile to any caller (the registry's purpose); a profile by id, its update and its
 * withdrawal only to the client that registered it.
 */
@Component
public class ExpertsApi {

    private static final Set<String> CONTRIBUTIONS = Set.of("MENTORING", "LECTURES", "CONSULTING", "INVESTMENT");
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final ExpertsRegistry registry;
    private final ExpertTaxonomy taxonomy;
    private final ExpertViews views;
    private final Clock clock;
    private final Owners owners;

    public ExpertsApi(ExpertsRegistry registry, ExpertTaxonomy taxonomy, ExpertViews views, Clock clock,
                      Owners owners) {
        this.registry = registry;
        this.taxonomy = taxonomy;
        this.views = views;
        this.clock = clock;
        this.owners = owners;
    }

    /** POST /api/v1/experts: 201 with the profile as others will see it; a replay with the same key 200. */
    public void register(Exchange exchange) {
        Message in = exchange.getIn();
        Owner caller = owners.of(exchange);
        ExpertsRegistry.Receipt receipt = registry.register(caller, in.getHeader("Idempotency-Key", String.class),
                JsonBodies.object(in.getBody(String.class)));
        ExpertsIndex.Entry entry = registry.find(caller, receipt.expert().id());
        String location = "/api/v1/experts/" + entry.id();
        respond(exchange, receipt.created() ? 201 : 200, view(entry, caller));
        exchange.getMessage().setHeader("Location", location);
    }

    /** PUT /api/v1/experts/{id}: replaces the profile and its consent; only the client that registered it. */
    public void update(Exchange exchange) {
        Message in = exchange.getIn();
        Owner caller = owners.of(exchange);
        ExpertsIndex.Entry entry = registry.update(caller, in.getHeader("id", String.class),
                JsonBodies.object(in.getBody(String.class)));
        respond(exchange, 200, view(entry, caller));
    }

    /** DELETE /api/v1/experts/{id}/consent: 204, and the profile is hidden from then on; only the registering client. */
    public void withdraw(Exchange exchange) {
        registry.withdraw(owners.of(exchange), exchange.getIn().getHeader("id", String.class));
        Message out = exchange.getMessage();
        out.removeHeaders("*", "Camel*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        out.setBody(null);
    }

    /** GET /api/v1/experts/{id}: what the expert agreed to show; only to the client that registered the profile. */
    public void get(Exchange exchange) {
        Owner caller = owners.of(exchange);
        respond(exchange, 200, view(registry.find(caller, exchange.getIn().getHeader("id", String.class)), caller));
    }

    /** GET /api/v1/experts?field=&q=&country=&contribution=&limit= */
    public void search(Exchange exchange) {
        Message in = exchange.getIn();
        String field = blankToNull(in.getHeader("field", String.class));
        if (field != null && !taxonomy.knows(field)) {
            throw ApiProblem.badRequest("field: '" + field + "' is not a field of the taxonomy");
        }
        String country = blankToNull(in.getHeader("country", String.class));
        if (country != null && !ExpertsRegistry.COUNTRIES.contains(country)) {
            throw ApiProblem.badRequest("country: an ISO 3166-1 alpha-2 code in capitals, e.g. DE");
        }
        String contribution = blankToNull(in.getHeader("contribution", String.class));
        if (contribution != null && !CONTRIBUTIONS.contains(contribution)) {
            throw ApiProblem.badRequest("contribution: one of " + CONTRIBUTIONS.stream().sorted().toList());
        }
        String q = blankToNull(in.getHeader("q", String.class));
        if (q != null && q.length() > 200) {
            throw ApiProblem.badRequest("q: at most 200 characters");
        }
        int limit = limit(in);
        Owner caller = owners.of(exchange);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        ArrayNode experts = body.putArray("experts");
        for (ExpertsIndex.Entry entry : registry.search(field, q, country, contribution, limit)) {
            experts.add(view(entry, caller));
        }
        body.put("count", experts.size());
        respond(exchange, 200, body);
    }

    /** GET /api/v1/experts/taxonomy: the fields of expertise with their labels. */
    public void taxonomy(Exchange exchange) {
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        ArrayNode fields = body.putArray("fields");
        taxonomy.fields().forEach((id, label) -> {
            ObjectNode field = fields.addObject();
            field.put("id", id);
            field.set("label", bilingual(label));
        });
        respond(exchange, 200, body);
    }

    /** POST /api/v1/experts/calls: 201 with the call. */
    public void postCall(Exchange exchange) {
        StoredCall call = registry.postCall(JsonBodies.object(exchange.getIn().getBody(String.class)));
        respond(exchange, 201, callView(call));
        exchange.getMessage().setHeader("Location", "/api/v1/experts/calls/" + call.id());
    }

    /** GET /api/v1/experts/calls/{id} */
    public void getCall(Exchange exchange) {
        respond(exchange, 200, callView(registry.call(exchange.getIn().getHeader("id", String.class))));
    }

    /** GET /api/v1/experts/calls/{id}/matches: consenting experts for the call, best first, each with its reason. */
    public void matches(Exchange exchange) {
        StoredCall call = registry.call(exchange.getIn().getHeader("id", String.class));
        Owner caller = owners.of(exchange);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("callId", call.id());
        body.put("open", call.closesAt().isAfter(clock.instant()));
        ArrayNode matches = body.putArray("matches");
        for (ExpertsRegistry.Match match : registry.matches(call, limit(exchange.getIn()))) {
            ObjectNode m = matches.addObject();
            m.put("score", match.score());
            m.set("reason", reason(match));
            m.set("expert", view(match.expert(), caller));
        }
        respond(exchange, 200, body);
    }

    private ObjectNode reason(ExpertsRegistry.Match match) {
        ObjectNode reason = CanonicalJson.mapper().createObjectNode();
        ArrayNode fields = reason.putArray("fields");
        match.fields().forEach(fields::add);
        reason.put("country", match.country());
        ArrayNode kinds = reason.putArray("contributions");
        match.contributions().forEach(kinds::add);
        List<Bilingual> labels = match.fields().stream()
                .map(id -> taxonomy.label(id).orElse(new Bilingual(id, id))).toList();
        StringBuilder en = new StringBuilder("Expert in ")
                .append(String.join(", ", labels.stream().map(Bilingual::en).toList()));
        StringBuilder ar = new StringBuilder("خبرة في ")
                .append(String.join("، ", labels.stream().map(Bilingual::ar).toList()));
        if (match.country() != null) {
            en.append("; lives in ").append(match.country()).append(", one of the call's countries");
            ar.append("؛ مقيم في ").append(match.country()).append("، من دول الدعوة");
        }
        if (!match.contributions().isEmpty()) {
            en.append("; offers ").append(String.join(", ", match.contributions()));
            ar.append("؛ يقدم ").append(String.join("، ", match.contributions()));
        }
        reason.set("text", bilingual(new Bilingual(ar.toString(), en.toString())));
        return reason;
    }

    /**
     * The consented profile, with its link in the API only for the caller that owns it: to anyone else the link would
     * answer 404, and the search result already shows all that the expert agreed to show.
     */
    private ObjectNode view(ExpertsIndex.Entry entry, Owner caller) {
        ObjectNode view = views.consented(entry);
        if (caller.mayAccess(entry.ownerClientId(), entry.ownerCitizenHash())) {
            view.put("href", "/api/v1/experts/" + entry.id());
        }
        return view;
    }

    private static ObjectNode callView(StoredCall call) {
        ObjectNode view = CanonicalJson.mapper().createObjectNode();
        view.put("id", call.id());
        try {
            view.setAll((ObjectNode) CanonicalJson.mapper().readTree(call.body()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored call for experts is not JSON", e);
        }
        view.put("createdAt", call.createdAt().toString());
        view.put("href", "/api/v1/experts/calls/" + call.id());
        view.put("matches", "/api/v1/experts/calls/" + call.id() + "/matches");
        return view;
    }

    private static ObjectNode bilingual(Bilingual text) {
        return ExpertViews.bilingual(text);
    }

    private static int limit(Message in) {
        String raw = blankToNull(in.getHeader("limit", String.class));
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badRequest("limit: a whole number from 1 to " + MAX_LIMIT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void respond(Exchange exchange, int status, JsonNode body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*", "Camel*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(CanonicalJson.toJson(body));
    }
}
