package eg.gov.bawaba.hub.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestEntities;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.hub.applications.SignedCallbacks;
import eg.gov.bawaba.hub.applications.QueueDepths;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.security.Scopes;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** What /actuator/prometheus shows after syncs, deliveries and status reports: Bawaba's meters and Camel's. */
@AutoConfigureObservability
class MetricsTest extends HubTestSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String LAB_PATH = "/emigration/lab/applications";
    private static final Path HOT = ENTITIES.resolve("metrics-hot.yaml");
    private static final String RUN = UUID.randomUUID().toString();
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "bawaba-operations.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:bawaba|camel)_[a-z_]+\\b");

    /**
     * This class runs its own hub beside the one the other hub tests share (observability changes the context), so it
     * needs its own database and broker journal; fast gauge refreshes keep the waits short.
     */
    @DynamicPropertySource
    static void ownStorage(DynamicPropertyRegistry registry) {
        String dir = "./target/test-data/metrics-" + RUN;
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir + "/db/bawaba;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("spring.artemis.embedded.data-directory", () -> dir + "/artemis");
        registry.add("bawaba.metrics.gauge-refresh", () -> "100");
    }

    @Autowired
    DeliveryBreakers breakers;

    @Autowired
    QueueDepths depths;

    @Autowired
    CamelContext camelContext;

    @BeforeEach
    void anAcceptingLab() {
        breakers.reset("lab");
        sync("lab");
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(LAB_PATH)).atPriority(5)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"reference\":\"LAB-METRICS\"}")));
    }

    @AfterEach
    void removeHotEntityAndCloseLabsCircuit() throws IOException {
        breakers.reset("lab");
        Files.deleteIfExists(HOT);
    }

    @Test
    void countsSyncsDeliveriesAndStatusesByEntityAndDirection() throws IOException {
        PrometheusText before = scrape();

        SyncReport report = sync("emigration");
        String id = submit("lab.CAR-IMPORT-01", "metrics-delivered");
        awaitStatus(id, "DELIVERED");
        String callbackPath = SignedCallbacks.path("lab", "LAB-METRICS");
        ResponseEntity<String> callback = http.postForEntity(callbackPath,
                SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, callbackPath, "{\"status\":\"IN_REVIEW\"}"),
                String.class);
        assertThat(callback.getStatusCode().value()).isEqualTo(204);

        // the application's status is visible a moment before the step that recorded it has counted it
        PrometheusText after = scrapeOnce(s -> delta(before, s, "bawaba_deliveries_total", "entity", "lab") > 0
                && delta(before, s, "camel_exchanges_total", "routeId", "lab-applications-deliver") > 0);
        assertThat(report.added()).isPositive();
        String[] emigration = {"entity", "emigration", "direction", "inbound"};
        assertThat(delta(before, after, "bawaba_catalogue_syncs_total", with(emigration, "outcome", "succeeded")))
                .isEqualTo(1);
        assertThat(delta(before, after, "bawaba_catalogue_entries_total", with(emigration, "change", "added")))
                .isEqualTo(report.added());
        assertThat(delta(before, after, "bawaba_catalogue_entries_total", with(emigration, "change", "quarantined")))
                .isEqualTo(report.quarantined());
        assertThat(delta(before, after, "bawaba_catalogue_sync_duration_seconds_count",
                with(emigration, "outcome", "succeeded"))).isEqualTo(1);
        assertThat(after.find("bawaba_catalogue_sync_duration_seconds_bucket", with(emigration, "le", "+Inf")))
                .isNotEmpty();

        String[] lab = {"entity", "lab", "direction", "outbound"};
        assertThat(delta(before, after, "bawaba_deliveries_total", with(lab, "outcome", "delivered"))).isEqualTo(1);
        assertThat(delta(before, after, "bawaba_deliveries_total", with(lab, "outcome", "attempt_failed"))).isZero();
        assertThat(delta(before, after, "bawaba_delivery_duration_seconds_count", lab)).isEqualTo(1);
        assertThat(delta(before, after, "bawaba_delivery_duration_seconds_sum", lab)).isPositive();
        assertThat(after.find("bawaba_delivery_duration_seconds_bucket", with(lab, "le", "+Inf"))).isNotEmpty();
        assertThat(delta(before, after, "bawaba_status_updates_total",
                "entity", "lab", "direction", "inbound", "source", "callback")).isEqualTo(1);

        // Camel's own route policy, keyed by route id
        assertThat(delta(before, after, "camel_exchanges_total", "routeId", "application-accepted")).isEqualTo(1);
        assertThat(delta(before, after, "camel_exchanges_total", "routeId", "lab-applications-deliver")).isEqualTo(1);
        assertThat(after.find("camel_route_policy_seconds_count", "routeId", "catalogue-sync")).isNotEmpty();

        // the operations dashboard names only what the hub exposes (a histogram by its family name or its series)
        assertThat(metricNames(Files.readString(DASHBOARD))).isNotEmpty().allSatisfy(name ->
                assertThat(after.samples()).as(name + " in /actuator/prometheus")
                        .anyMatch(sample -> sample.name().equals(name) || sample.name().startsWith(name + "_")));
    }

    @Test
    void showsEachEntitysCircuitQueueAndStateAsGauges() {
        CircuitBreaker labBreaker = camelContext.getRegistry()
                .lookupByNameAndType("lab-delivery-breaker", CircuitBreaker.class);
        // held open: every attempt is refused and the application waits in lab's queue
        labBreaker.transitionToForcedOpenState();
        String id = submit("lab.CAR-IMPORT-01", "metrics-held");
        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(now.value("bawaba_circuit_state", "entity", "lab", "direction", "outbound")).isEqualTo(2);
            assertThat(now.value("bawaba_queue_depth", "entity", "lab")).isEqualTo(1);
            assertThat(now.value("bawaba_circuit_state", "entity", "poller", "direction", "outbound")).isZero();
        });

        breakers.reset("lab");
        awaitStatus(id, "DELIVERED");
        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(now.value("bawaba_circuit_state", "entity", "lab", "direction", "outbound")).isZero();
            assertThat(now.value("bawaba_queue_depth", "entity", "lab")).isZero();
            assertThat(now.value("bawaba_dead_letter_depth", "entity", "lab")).isEqualTo(depths.deadLetterDepth("lab"));
            assertThat(now.value("bawaba_entity_up", "entity", "emigration")).isEqualTo(1);
            assertThat(now.value("bawaba_entity_up", "entity", "broken-ministry")).isZero();
            // an entity without applications has no delivery circuit or queues
            assertThat(now.find("bawaba_circuit_state", "entity", "emigration")).isEmpty();
            assertThat(now.find("bawaba_queue_depth", "entity", "emigration")).isEmpty();
            // a subscriber of expert profiles has gauges of its own experts queue and circuit, and only it
            assertThat(now.value("bawaba_expert_circuit_state", "entity", "scholars", "direction", "outbound")).isZero();
            assertThat(now.value("bawaba_expert_queue_depth", "entity", "scholars")).isZero();
            assertThat(now.value("bawaba_expert_dead_letter_depth", "entity", "scholars")).isNotNegative();
            assertThat(now.find("bawaba_expert_queue_depth", "entity", "lab")).isEmpty();
        });
    }

    @Test
    void countsFailedAttemptsAndTheDeadLetterTheyEndIn() {
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(LAB_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("NullPointerException in ApplicationServlet")));
        PrometheusText before = scrape();
        double deadLettersBefore = depths.deadLetterDepth("lab");

        String id = submit("lab.CAR-IMPORT-01", "metrics-failing");
        awaitStatus(id, "DELIVERY_FAILED");

        // lab's maxAttempts is 3: two attempts fail and go back to the queue, the third is dead-lettered
        PrometheusText after = scrapeOnce(s -> delta(before, s, "bawaba_deliveries_total", "entity", "lab",
                "outcome", "dead_lettered") > 0);
        String[] lab = {"entity", "lab", "direction", "outbound"};
        assertThat(delta(before, after, "bawaba_deliveries_total", with(lab, "outcome", "attempt_failed"))).isEqualTo(2);
        assertThat(delta(before, after, "bawaba_deliveries_total", with(lab, "outcome", "dead_lettered"))).isEqualTo(1);
        assertThat(delta(before, after, "bawaba_deliveries_total", with(lab, "outcome", "delivered"))).isZero();
        assertThat(delta(before, after, "bawaba_delivery_duration_seconds_count", lab)).isEqualTo(3);
        assertThat(delta(before, after, "camel_exchanges_failed_total", "routeId", "lab-applications-deliver"))
                .isEqualTo(2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                scrape().value("bawaba_dead_letter_depth", "entity", "lab"))
                .isEqualTo(deadLettersBefore + 1));
    }

    @Test
    void countsStatusesFoundByPolling() {
        sync("poller");
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo("/emigration/poller/applications"))
                .willReturn(aResponse().withStatus(201).withBody("{\"reference\":\"POLL-METRICS\"}")));
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo("/emigration/poller/applications/POLL-METRICS/status"))
                .willReturn(aResponse().withStatus(200).withBody("{\"state\":\"IN_REVIEW\"}")));
        PrometheusText before = scrape();

        String id = submit("poller.CAR-IMPORT-01", "metrics-polled");
        awaitStatus(id, "IN_REVIEW");

        PrometheusText after = scrapeOnce(s -> delta(before, s, "bawaba_status_updates_total", "entity", "poller") > 0);
        String[] poller = {"entity", "poller", "direction", "inbound"};
        assertThat(delta(before, after, "bawaba_status_updates_total", with(poller, "source", "poll"))).isEqualTo(1);
        assertThat(delta(before, after, "bawaba_status_updates_total", with(poller, "source", "file"))).isZero();
    }

    @Test
    void addsAndDropsTheGaugesOfAnEntityOnboardedAndRemovedAtRuntime() throws IOException {
        Files.writeString(HOT, TestEntities.emigrationFeedDefinition("metrics-hot", "Ministry of Metrics", "emigration")
                + """
                applications:
                  connector:
                    kind: rest
                    baseUrl: ${METRICS_HOT_BASE_URL}
                    path: /metrics-hot/applications
                  mapping: emigration/application.jsonata
                """, StandardCharsets.UTF_8);
        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(now.value("bawaba_entity_up", "entity", "metrics-hot")).isEqualTo(1);
            assertThat(now.value("bawaba_circuit_state", "entity", "metrics-hot", "direction", "outbound")).isZero();
            assertThat(now.value("bawaba_queue_depth", "entity", "metrics-hot")).isZero();
            assertThat(now.value("bawaba_dead_letter_depth", "entity", "metrics-hot")).isZero();
        });

        Files.delete(HOT);
        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusText now = scrape();
            for (String gauge : new String[] {"bawaba_entity_up", "bawaba_circuit_state",
                    "bawaba_queue_depth", "bawaba_dead_letter_depth"}) {
                assertThat(now.find(gauge, "entity", "metrics-hot")).as(gauge).isEmpty();
            }
            assertThat(now.value("bawaba_entity_up", "entity", "lab")).isEqualTo(1);
        });
    }

    @Test
    void prometheusIsScrapedWithATokenOfScopeOpsRead() {
        assertThat(get("/actuator/prometheus", HttpHeaders.AUTHORIZATION, TestTokens.NONE).getStatusCode().value())
                .isEqualTo(401);
        assertThat(get("/actuator/prometheus", HttpHeaders.AUTHORIZATION, bearer("app-backend",
                Scopes.CATALOGUE_READ)).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> scraped = get("/actuator/prometheus", HttpHeaders.AUTHORIZATION,
                bearer("prometheus", Scopes.OPS_READ), "Accept", "text/plain");
        assertThat(scraped.getStatusCode().value()).isEqualTo(200);
        assertThat(scraped.getBody()).contains("bawaba_entity_up");
    }

    @Test
    void requestsAreTimedButSpringSecurityIsNotObserved() {
        get("/actuator/health/liveness", HttpHeaders.AUTHORIZATION, bearer("app-backend", Scopes.CATALOGUE_READ));

        String scraped = get("/actuator/prometheus", "Accept", "text/plain").getBody();

        assertThat(scraped).contains("http_server_requests_seconds_count{");
        // an observation per filter of the chain on every request costs CPU for metrics nobody reads
        assertThat(scraped).doesNotContain("spring_security_");
    }

    private PrometheusText scrape() {
        ResponseEntity<String> response = get("/actuator/prometheus", "Accept", "text/plain");
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return PrometheusText.parse(response.getBody());
    }

    /** The first scrape that shows the condition, for counters incremented just after the status they follow. */
    private PrometheusText scrapeOnce(Predicate<PrometheusText> condition) {
        PrometheusText[] seen = new PrometheusText[1];
        await().atMost(PATIENCE).until(() -> condition.test(seen[0] = scrape()));
        return seen[0];
    }

    private static Set<String> metricNames(String text) {
        return METRIC.matcher(text).results().map(MatchResult::group).collect(Collectors.toCollection(TreeSet::new));
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] all = Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = name;
        all[labels.length + 1] = value;
        return all;
    }

    private String submit(String entryId, String idempotencyKey) {
        ObjectNode body = SampleApplications.carImport();
        body.put("entryId", entryId);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", idempotencyKey + "-" + UUID.randomUUID());
        ResponseEntity<String> response = http.postForEntity("/api/v1/applications",
                new HttpEntity<>(body.toString(), headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return json(response).get("id").asText();
    }

    private void awaitStatus(String id, String status) {
        await().atMost(PATIENCE).until(() -> json(get("/api/v1/applications/" + id)).get("status").asText()
                .equals(status));
    }
}
