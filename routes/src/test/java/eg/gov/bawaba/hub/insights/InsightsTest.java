package eg.gov.bawaba.hub.insights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.security.Scopes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.util.ReflectionTestUtils;

class InsightsTest extends HubTestSupport {

    private static final String DAY = "2026-11-20";
    private static final String PERIOD = "&from=2026-11-19&to=2026-11-21";

    @Autowired
    InsightCounters counters;
    @Autowired
    InsightStore store;
    @Autowired
    Insights insights;
    @Autowired
    CatalogueRecommendations catalogueRecommendations;
    @Autowired
    InsightsApi api;

    @BeforeEach
    @AfterEach
    void forgetCounts() {
        counters.drain();
        store.clear();
        catalogueRecommendations.forgetPopularity();
    }

    @Test
    void anEntryIsReportedOnlyOnceItsViewsReachK() {
        sync("emigration");
        post(repeat(10, view("emigration.CAR-IMPORT-01", "SA")));
        post(repeat(9, view("emigration.HOUSING-FX-01", "SA")));
        post(repeat(10, view("emigration.HOUSING-FX-01", "AE")));

        JsonNode top = json(get("/api/v1/insights/top-interests?country=SA" + PERIOD));
        assertThat(top.path("k").asInt()).isEqualTo(10);
        assertThat(top.path("entries").findValuesAsText("entryId")).containsExactly("emigration.CAR-IMPORT-01");
        assertThat(top.at("/entries/0/views").asLong()).isEqualTo(10);
        assertThat(top.at("/entries/0/applicationsStarted").isNull()).isTrue();
        assertThat(top.path("categories").findValuesAsText("category")).hasSize(1);

        post(repeat(1, view("emigration.HOUSING-FX-01", "SA")));
        JsonNode after = json(get("/api/v1/insights/top-interests?country=SA" + PERIOD));
        assertThat(after.path("entries").findValuesAsText("entryId"))
                .containsExactlyInAnyOrder("emigration.CAR-IMPORT-01", "emigration.HOUSING-FX-01");
    }

    @Test
    void applicationsStartedBelowKAreLeftOutEvenWhenTheEntryIsReported() {
        sync("emigration");
        post(repeat(12, view("emigration.CERT-USD-01", "KW")));
        post(repeat(9, event("APPLICATION_STARTED", "\"entryId\":\"emigration.CERT-USD-01\"", "KW")));

        JsonNode entry = json(get("/api/v1/insights/top-interests?country=KW" + PERIOD)).at("/entries/0");
        assertThat(entry.path("views").asLong()).isEqualTo(12);
        assertThat(entry.path("applicationsStarted").isNull()).isTrue();
    }

    @Test
    void demandGapsRankNormalisedSearchesThatFoundNothingAndHideThoseUnderK() {
        List<String> events = new ArrayList<>();
        events.addAll(repeat(6, search("Dentist licence", 0, "GB")));
        events.addAll(repeat(6, search("  dentist LICENCE! ", 0, "GB")));
        events.addAll(repeat(10, search("رخصة  طبيب أسنان", 0, "GB")));
        events.addAll(repeat(9, search("pet passport", 0, "GB")));
        events.addAll(repeat(15, search("housing", 4, "GB")));
        events.addAll(repeat(20, search("dentist licence", 0, "US")));
        post(events);

        JsonNode gaps = json(get("/api/v1/insights/demand-gaps?country=GB" + PERIOD)).path("gaps");
        assertThat(gaps.findValuesAsText("query")).containsExactly("dentist licence", "رخصه طبيب اسنان");
        assertThat(gaps.at("/0/searches").asLong()).isEqualTo(12);

        JsonNode everywhere = json(get("/api/v1/insights/demand-gaps?" + PERIOD.substring(1))).path("gaps");
        assertThat(everywhere.at("/0/query").asText()).isEqualTo("dentist licence");
        assertThat(everywhere.at("/0/searches").asLong()).isEqualTo(32);
    }

    @Test
    void searchesForIdentifiersAreNeverCountedStoredOrShownEvenWhenFrequent() {
        List<String> identifiers = List.of("29901015559999", "A12345678", "+201001234567", "someone@example.com",
                "123456", "٢٩٩٠١٠١٥٥٥٩٩٩٩", "+20 100 123 4567", "0100-123-4567");
        List<String> events = new ArrayList<>();
        for (String identifier : identifiers) {
            // far above k: k-anonymity alone would show them
            events.addAll(repeat(12, search(identifier, 0, "GB")));
            events.addAll(repeat(12, search("passport " + identifier, 0, "GB")));
        }
        post(events);

        JsonNode gaps = json(get("/api/v1/insights/demand-gaps?country=GB&limit=100" + PERIOD)).path("gaps");
        assertThat(gaps.findValuesAsText("query")).containsExactly("passport");
        assertThat(gaps.at("/0/searches").asLong()).isEqualTo(12L * identifiers.size());
        insights.flush();
        assertThat(jdbc.queryForList("SELECT subject FROM insight_count", String.class)).containsOnly("passport");
        String stored = jdbc.queryForList("SELECT subject FROM insight_count", String.class).toString();
        for (String identifier : identifiers) {
            assertThat(gaps.toString()).doesNotContain(identifier);
            assertThat(stored).doesNotContain(identifier);
        }
        assertThat(gaps.toString()).doesNotContain("12345678").doesNotContain("example");
    }

    @Test
    void theHubRanTheMigrationThatPurgesSearchTextsCountedWithAnIdentifier() {
        assertThat(jdbc.queryForObject("SELECT \"description\" FROM \"flyway_schema_history\" WHERE \"version\" = '15' "
                + "AND \"success\" = TRUE", String.class)).isEqualTo("purge identifier-like search terms");
    }

    @Test
    void recommendationsMatchInterestsAndPopularityWithReasonsAndOnlyEligibleEntries() {
        sync("emigration");
        // counted today: popularity looks back over the last days
        List<String> today = new ArrayList<>();
        today.addAll(repeat(10, "{\"type\":\"VIEW\",\"entryId\":\"emigration.CERT-USD-01\",\"countryOfResidence\":\"SA\"}"));
        today.addAll(repeat(30, "{\"type\":\"VIEW\",\"entryId\":\"emigration.PENSION-REG-01\",\"countryOfResidence\":\"SA\"}"));
        post(today);
        // what the flush timer does every few seconds; recommendations read only flushed counts
        insights.flush();

        JsonNode answer = json(get("/api/v1/insights/recommendations?country=sa&interests=housing,pension",
                "Accept-Language", "en"));
        JsonNode items = answer.path("items");
        assertThat(items.findValuesAsText("id")).contains("emigration.HOUSING-FX-01", "emigration.CERT-USD-01")
                .doesNotContain("emigration.PENSION-REG-01");
        assertThat(items.at("/0/id").asText()).isEqualTo("emigration.HOUSING-FX-01");
        assertThat(items.at("/0/kind").asText()).isEqualTo("CATALOGUE_ENTRY");
        assertThat(items.at("/0/reasons").toString()).contains("matches your interest 'housing'");
        JsonNode popular = find(items, "emigration.CERT-USD-01");
        assertThat(popular.path("reasons").toString()).contains("popular among residents of SA");
        assertThat(popular.path("title").asText()).contains("savings certificates");

        JsonNode italy = json(get("/api/v1/insights/recommendations?country=IT&interests=pension", "Accept-Language", "en"));
        assertThat(italy.path("items").findValuesAsText("id")).containsExactly("emigration.PENSION-REG-01");
    }

    @Test
    void eventsCarryingAnIdentifierAreRefusedAndNoneOfTheBatchIsCounted() {
        ResponseEntity<String> single = postRaw("{\"type\":\"VIEW\",\"entryId\":\"emigration.CAR-IMPORT-01\","
                + "\"countryOfResidence\":\"SA\",\"email\":\"someone@example.com\"}");
        assertThat(single.getStatusCode().value()).isEqualTo(422);
        assertThat(single.getBody()).contains("email").doesNotContain("someone@example.com");

        List<String> batch = new ArrayList<>(repeat(20, view("emigration.CAR-IMPORT-01", "SA")));
        batch.add("{\"type\":\"VIEW\",\"entryId\":\"emigration.CAR-IMPORT-01\",\"countryOfResidence\":\"SA\","
                + "\"nationalId\":\"29001011234567\"}");
        ResponseEntity<String> refused = postRaw("[" + String.join(",", batch) + "]");
        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getBody()).contains("[20]").doesNotContain("29001011234567");

        assertThat(postRaw("{\"type\":\"SEARCH\",\"query\":\"x\",\"countryOfResidence\":\"SA\"}")
                .getStatusCode().value()).as("a search without its result count").isEqualTo(422);
        assertThat(json(get("/api/v1/insights/top-interests?country=SA" + PERIOD)).path("entries")).isEmpty();
    }

    @Test
    void reportsCountEveryEventOnceWhetherFlushedOrStillInMemory() {
        post(repeat(6, view("emigration.CAR-IMPORT-01", "SA")));
        insights.flush();
        post(repeat(4, view("emigration.CAR-IMPORT-01", "SA")));

        // six in the database, four pending in memory: the report waits for no flush and counts both
        JsonNode before = json(get("/api/v1/insights/top-interests?country=SA" + PERIOD));
        assertThat(before.at("/entries/0/views").asLong()).isEqualTo(10);
        insights.flush();
        assertThat(counters.pendingCells()).isZero();
        assertThat(insights.unwrittenCells()).isZero();
        JsonNode after = json(get("/api/v1/insights/top-interests?country=SA" + PERIOD));
        assertThat(after.at("/entries/0/views").asLong()).isEqualTo(10);
        assertThat(store.totals(InsightKey.VIEW, "SA", null, java.time.LocalDate.parse(DAY),
                java.time.LocalDate.parse(DAY))).containsExactly(new InsightStore.Total("emigration.CAR-IMPORT-01", 10));
    }

    @Test
    void eventsAreRefusedWithRetryAfterWhileTooManyCountsWaitForTheFlush() {
        Object limit = ReflectionTestUtils.getField(api, "maxPendingCells");
        // below any possible number of pending cells: the next request is refused whatever the flush timer did
        ReflectionTestUtils.setField(api, "maxPendingCells", -1);
        try {
            ResponseEntity<String> busy = postRaw("[" + view("emigration.CAR-IMPORT-01", "SA") + "]");
            assertThat(busy.getStatusCode().value()).isEqualTo(503);
            assertThat(busy.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(busy.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(json(busy).path("type").asText()).endsWith("/insights-busy");
            assertThat(json(busy).path("detail").asText()).contains("5 seconds");
        } finally {
            ReflectionTestUtils.setField(api, "maxPendingCells", limit);
        }
        assertThat(postRaw("[" + view("emigration.CAR-IMPORT-01", "SA") + "]").getStatusCode().value())
                .isEqualTo(202);
    }

    @Test
    void postingEventsNeedsTheInsightsWriteScope() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(HttpHeaders.AUTHORIZATION, bearer("reader", Scopes.INSIGHTS_READ));
        ResponseEntity<String> answer = http.postForEntity("/api/v1/insights/events",
                new HttpEntity<>(view("emigration.CAR-IMPORT-01", "SA"), headers), String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(403);
    }

    private static JsonNode find(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not in " + items);
    }

    private void post(List<String> events) {
        ResponseEntity<String> answer = postRaw("[" + String.join(",", events) + "]");
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(202);
        assertThat(json(answer).path("accepted").asInt()).isEqualTo(events.size());
    }

    private ResponseEntity<String> postRaw(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity("/api/v1/insights/events", new HttpEntity<>(body, headers), String.class);
    }

    private static List<String> repeat(int times, String event) {
        return new ArrayList<>(java.util.Collections.nCopies(times, event));
    }

    private static String view(String entryId, String country) {
        return event("VIEW", "\"entryId\":\"" + entryId + "\"", country);
    }

    private static String search(String query, int results, String country) {
        return event("SEARCH", "\"query\":\"" + query + "\",\"resultCount\":" + results, country);
    }

    private static String event(String type, String fields, String country) {
        return "{\"type\":\"" + type + "\"," + fields + ",\"countryOfResidence\":\"" + country
                + "\",\"occupationCategory\":\"ENGINEERING\",\"occurredAt\":\"" + DAY + "T09:30:00+03:00\"}";
    }
}
