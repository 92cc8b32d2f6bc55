package eg.gov.bawaba.hub.insights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.api.Language;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.JsonSchemaCheck;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Answers the insights API: anonymous events in, k-anonymous reports and recommendations out. */
@Component
public class InsightsApi {

    static final int MAX_EVENTS = 1000;
    private static final JsonSchemaCheck EVENT_SCHEMA = JsonSchemaCheck.fromClasspath("/schema/insight-event.schema.json");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Set<String> OCCUPATIONS = Set.of("STUDENT", "HEALTHCARE", "ENGINEERING",
            "INFORMATION_TECHNOLOGY", "EDUCATION_RESEARCH", "BUSINESS_FINANCE", "SKILLED_TRADES", "RETIRED", "OTHER");
    private static final int MAX_INTERESTS = 10;
    private static final int DEFAULT_DAYS = 30;
    private static final int MAX_DAYS = 366;

    private final Insights insights;
    private final Recommender recommender;
    private final Clock clock;

    private final InsightCounters counters;
    // not final: tests lower it to see the refusal without a million pending cells
    private int maxPendingCells;
    // a busy client should come back after the next flush has had its turn
    private final long retryAfterSeconds;

    public InsightsApi(Insights insights, Recommender recommender, Clock clock, InsightCounters counters,
                       @Value("${bawaba.insights.max-pending-cells:1000000}") int maxPendingCells,
                       @Value("${bawaba.insights.flush-interval:5000}") long flushIntervalMillis) {
        this.insights = insights;
        this.recommender = recommender;
        this.clock = clock;
        this.counters = counters;
        this.maxPendingCells = maxPendingCells;
        this.retryAfterSeconds = Math.max(1, (flushIntervalMillis + 999) / 1000);
    }

    /** POST /api/v1/insights/events: one event object or an array of up to 1000; all are refused if one is. */
    public void events(Exchange exchange) {
        if (counters.pendingCells() > maxPendingCells) {
            // the flush falls behind: refusing beats holding ever more counts in memory
            throw new ApiProblem(503, "insights-busy", "Insights busy",
                    "too many counts wait to be written; retry the same events in " + retryAfterSeconds + " seconds")
                    .retryAfter(retryAfterSeconds);
        }
        JsonNode body;
        try {
            String text = exchange.getIn().getBody(String.class);
            body = text == null ? null : CanonicalJson.requestMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        List<JsonNode> events = new ArrayList<>();
        if (body != null && body.isObject()) {
            events.add(body);
        } else if (body != null && body.isArray()) {
            if (body.size() > MAX_EVENTS) {
                throw ApiProblem.badRequest("at most " + MAX_EVENTS + " events per request, not " + body.size());
            }
            body.forEach(events::add);
        } else {
            throw ApiProblem.badRequest("the body must be an event object or an array of events");
        }
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            for (String v : EVENT_SCHEMA.validate(events.get(i))) {
                // the message names the field, never its value, so a refused identifier is not echoed
                violations.add(body.isArray() ? "[" + i + "] " + v : v);
                if (violations.size() >= 20) {
                    break;
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiProblem(422, "invalid-event", "Invalid event",
                    "events are anonymous and only the documented fields are accepted: " + String.join("; ", violations));
        }
        insights.record(events);
        ObjectNode answer = CanonicalJson.mapper().createObjectNode();
        answer.put("accepted", events.size());
        reply(exchange, 202, answer);
    }

    /** GET /api/v1/insights/top-interests?country=&from=&to=&limit= */
    public void topInterests(Exchange exchange) {
        Message in = exchange.getIn();
        String country = country(in, false);
        LocalDate[] period = period(in);
        Insights.TopInterests top = insights.topInterests(country, period[0], period[1], limit(in));
        ObjectNode body = header(country, period);
        ArrayNode entries = body.putArray("entries");
        for (Insights.EntryInterest e : top.entries()) {
            ObjectNode item = entries.addObject();
            item.put("entryId", e.entryId());
            item.put("category", e.category());
            item.put("views", e.views());
            item.put("applicationsStarted", e.applicationsStarted());
        }
        ArrayNode categories = body.putArray("categories");
        for (Insights.CategoryInterest c : top.categories()) {
            ObjectNode item = categories.addObject();
            item.put("category", c.category());
            item.put("views", c.views());
            item.put("applicationsStarted", c.applicationsStarted());
        }
        reply(exchange, 200, body);
    }

    /** GET /api/v1/insights/demand-gaps?country=&from=&to=&limit= */
    public void demandGaps(Exchange exchange) {
        Message in = exchange.getIn();
        String country = country(in, false);
        LocalDate[] period = period(in);
        ObjectNode body = header(country, period);
        ArrayNode gaps = body.putArray("gaps");
        for (Insights.DemandGap gap : insights.demandGaps(country, period[0], period[1], limit(in))) {
            gaps.addObject().put("query", gap.query()).put("searches", gap.searches());
        }
        reply(exchange, 200, body);
    }

    /** GET /api/v1/insights/recommendations?country=&occupation=&interests=a,b&limit= */
    public void recommendations(Exchange exchange) {
        Message in = exchange.getIn();
        String country = country(in, true);
        String occupation = in.getHeader("occupation", String.class);
        if (occupation != null && !occupation.isBlank()) {
            occupation = occupation.trim().toUpperCase(Locale.ROOT);
            if (!OCCUPATIONS.contains(occupation)) {
                throw ApiProblem.badRequest("occupation: '" + occupation + "' is not one of " + OCCUPATIONS);
            }
        } else {
            occupation = null;
        }
        String text = in.getHeader("interests", String.class);
        List<String> interests = text == null ? List.of() : Arrays.stream(text.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (interests.size() > MAX_INTERESTS || interests.stream().anyMatch(s -> s.length() > 100)) {
            throw ApiProblem.badRequest("interests: at most " + MAX_INTERESTS + " of at most 100 characters each");
        }
        String language = Language.from(in.getHeader("Accept-Language", String.class));
        var profile = new RecommendationSource.Profile(country, occupation, interests, language);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("country", country);
        body.put("occupation", occupation);
        ArrayNode interestsNode = body.putArray("interests");
        interests.forEach(interestsNode::add);
        body.put("language", language);
        ArrayNode items = body.putArray("items");
        for (RecommendationSource.Recommendation r : recommender.recommend(profile, limit(in))) {
            ObjectNode item = items.addObject();
            item.put("kind", r.kind());
            item.put("id", r.id());
            item.put("title", r.title());
            item.put("score", r.score());
            ArrayNode reasons = item.putArray("reasons");
            r.reasons().forEach(reasons::add);
        }
        reply(exchange, 200, body);
    }

    private ObjectNode header(String country, LocalDate[] period) {
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("country", country);
        body.put("from", period[0].toString());
        body.put("to", period[1].toString());
        body.put("k", insights.k());
        return body;
    }

    private static String country(Message in, boolean required) {
        String country = in.getHeader("country", String.class);
        if (country == null || country.isBlank()) {
            if (required) {
                throw ApiProblem.badRequest("country: required, an ISO 3166-1 alpha-2 code such as 'SA'");
            }
            return null;
        }
        if (!COUNTRY.matcher(country.trim()).matches()) {
            throw ApiProblem.badRequest("country: '" + country + "' is not an ISO 3166-1 alpha-2 code such as 'SA'");
        }
        return country.trim().toUpperCase(Locale.ROOT);
    }

    private LocalDate[] period(Message in) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate to = date(in, "to", today);
        LocalDate from = date(in, "from", to.minusDays(DEFAULT_DAYS - 1L));
        if (from.isAfter(to) || from.plusDays(MAX_DAYS).isBefore(to)) {
            throw ApiProblem.badRequest("from/to: from must not be after to, and the period at most " + MAX_DAYS
                    + " days");
        }
        return new LocalDate[] {from, to};
    }

    private static LocalDate date(Message in, String name, LocalDate fallback) {
        String text = in.getHeader(name, String.class);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name + ": '" + text + "' is not a date such as 2026-11-28");
        }
    }

    private static int limit(Message in) {
        String text = in.getHeader("limit", String.class);
        if (text == null || text.isBlank()) {
            return 20;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest("limit: '" + text + "' is not a number from 1 to 100");
    }

    private static void reply(Exchange exchange, int status, ObjectNode body) {
        Message out = exchange.getMessage();
        // request headers (query parameters among them) would otherwise be echoed back
        out.removeHeaders("*", "Camel*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setHeader("Cache-Control", "no-store");
        out.setBody(CanonicalJson.toJson(body));
    }
}
