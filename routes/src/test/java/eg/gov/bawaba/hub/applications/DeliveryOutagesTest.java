package eg.gov.bawaba.hub.applications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Delivery through long outages and bad applications (docs/operations.md, "Retry budget"): only calls that reached a
 * healthy entity use an application's budget, and one poison application neither opens the breaker nor holds the rest.
 * The test entities' breakers half-open after 1 s, so each second of outage here stands for one open period of a
 * production entity (30 s by default): the outage below spans more than twenty of them, a 10-minute outage.
 */
class DeliveryOutagesTest extends HubTestSupport {

    private static final String ENTITY_PATH = ApplicationsTest.ENTITY_PATH;
    /** The entity whose applications are retried for an hour ({@code retryFor: 1h}) rather than three times. */
    private static final String STEADY_PATH = "/emigration/steady/applications";
    private static final String POISON_VIN = "5YJSA1E26HF000337";

    @Autowired
    DeliveryBreakers breakers;
    @Autowired
    QueueDepths depths;
    @Autowired
    CamelContext camelContext;

    private final List<CircuitBreaker.State> transitions = new CopyOnWriteArrayList<>();
    private long deadLettersBefore;

    @BeforeEach
    void labCatalogueAndItsBreakerWatched() {
        breakers.reset("lab");
        sync("lab");
        ENTITY_SYSTEMS.resetRequests();
        // the hub is shared with other test classes, whose dead letters may still be in the queue
        deadLettersBefore = depths.deadLetterDepth("lab");
        camelContext.getRegistry().lookupByNameAndType("lab-delivery-breaker", CircuitBreaker.class)
                .getEventPublisher().onStateTransition(e -> transitions.add(e.getStateTransition().getToState()));
    }

    @AfterEach
    void entityBackToNormal() {
        ENTITY_SYSTEMS.resetToDefaultMappings();
        breakers.reset("lab");
        breakers.reset("steady");
    }

    @Test
    void longOutageThenFlakyRecoveryDeadLettersNothing() {
        breakers.reset("steady");
        sync("steady");
        long steadyDeadLetters = depths.deadLetterDepth("steady");
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(STEADY_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("maintenance")));
        // queued while an operator holds the entity, so the outage meets them together, as it meets a busy hour
        http.postForEntity("/ops/v1/entities/steady/suspend", new HttpEntity<>("", new HttpHeaders()), String.class);
        List<String> ids = IntStream.range(0, 6).mapToObj(n -> json(apply("outage-" + n,
                ApplicationsTestData.forEntry("steady.CAR-IMPORT-01", n))).get("id").asText()).toList();
        http.postForEntity("/ops/v1/entities/steady/resume", new HttpEntity<>("", new HttpHeaders()), String.class);

        // twenty open periods and more (10 minutes of a production entity): the trial calls reach the entity, the
        // refusals do not
        await().atMost(Duration.ofSeconds(180)).until(() -> calls(STEADY_PATH) >= 22);
        assertThat(depths.deadLetterDepth("steady")).isEqualTo(steadyDeadLetters);
        ids.forEach(id -> assertThat(status(id)).isEqualTo("QUEUED"));
        // only calls that reached the entity while its breaker was closed are counted, and kept with the application
        int counted = jdbc.queryForObject("SELECT SUM(delivery_attempts) FROM application WHERE id IN ("
                + String.join(", ", ids.stream().map(id -> "'" + id + "'").toList()) + ")", Integer.class);
        List<String> history = details(ids);
        assertThat(counted).isEqualTo((int) history.stream().filter(d -> d.startsWith("delivery attempt ")).count())
                .isLessThan((int) calls(STEADY_PATH));
        assertThat(history).anySatisfy(d -> assertThat(d).contains("trial call (not counted"));

        // recovery, flaky: the breaker's trial call is accepted and closes it, then one 500 while it is closed
        ENTITY_SYSTEMS.resetToDefaultMappings();
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(STEADY_PATH)).atPriority(1)
                .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(accepted()).willSetStateTo("flaky"));
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(STEADY_PATH)).atPriority(1)
                .inScenario("flaky").whenScenarioStateIs("flaky")
                .willReturn(aResponse().withStatus(500).withBody("warming up")).willSetStateTo("up"));
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(STEADY_PATH)).atPriority(5).willReturn(accepted()));
        ids.forEach(id -> await().atMost(Duration.ofSeconds(60)).until(() -> status(id).equals("DELIVERED")));

        assertThat(depths.deadLetterDepth("steady")).isEqualTo(steadyDeadLetters);
        Map<String, Long> acceptedPerKey = ENTITY_SYSTEMS.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(STEADY_PATH) && e.getResponse().getStatus() == 201)
                .collect(Collectors.groupingBy(e -> e.getRequest().getHeader("Idempotency-Key"), Collectors.counting()));
        assertThat(acceptedPerKey).containsOnlyKeys(ids).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
        assertThat(details(ids)).anySatisfy(d -> assertThat(d).contains("500"));
    }

    @Test
    void poisonApplicationIsDeadLetteredWhileTheOthersFlow() {
        acceptWith();
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(1)
                .withRequestBody(containing(POISON_VIN))
                .willReturn(aResponse().withStatus(500).withBody("NullPointerException in VinCheck")));

        // a quiet hour: the poison application's retries are nearly all the entity sees
        String poison = json(apply("poison", ApplicationsTestData.withVin(POISON_VIN))).get("id").asText();
        String first = json(apply("good-first", ApplicationsTestData.car(100))).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(poison).equals("DELIVERY_FAILED"));
        List<String> good = IntStream.range(0, 49).mapToObj(n -> json(apply("good-" + n, ApplicationsTestData.car(n)))
                .get("id").asText()).toList();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(first).equals("DELIVERED"));
        good.forEach(id -> await().atMost(Duration.ofSeconds(60)).until(() -> status(id).equals("DELIVERED")));
        assertThat(transitions).doesNotContain(CircuitBreaker.State.OPEN);
        assertThat(depths.deadLetterDepth("lab")).isEqualTo(deadLettersBefore + 1);
        assertThat(ENTITY_SYSTEMS.findAll(postRequestedFor(urlPathEqualTo(ENTITY_PATH))
                .withRequestBody(containing(POISON_VIN)))).hasSize(3);
        assertThat(json(get("/api/v1/applications/" + poison)).get("history").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).contains("dead-lettered after 3 attempts").contains("500"));
    }

    private long calls(String path) {
        return ENTITY_SYSTEMS.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    private List<String> details(List<String> ids) {
        return ids.stream().flatMap(id -> json(get("/api/v1/applications/" + id)).get("history")
                .findValuesAsText("detail").stream()).toList();
    }

    private String status(String id) {
        return json(get("/api/v1/applications/" + id)).get("status").asText();
    }

    private void acceptWith() {
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(5).willReturn(accepted()));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"reference\":\"LAB-OK\"}");
    }

    private ResponseEntity<String> apply(String key, ObjectNode body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", key + "-" + RUN_KEY);
        return http.postForEntity("/api/v1/applications", new HttpEntity<>(body.toString(), headers), String.class);
    }

    private static final String RUN_KEY = java.util.UUID.randomUUID().toString().substring(0, 8);

    /** Car-import applications that differ in their vehicle, so each is its own request. */
    static final class ApplicationsTestData {
        static ObjectNode car(int n) {
            return withVin("1HGCM82633A" + String.format("%06d", n));
        }

        static ObjectNode forEntry(String entryId, int n) {
            ObjectNode application = car(n);
            application.put("entryId", entryId);
            return application;
        }

        static ObjectNode withVin(String vin) {
            ObjectNode application = SampleApplications.carImport();
            ((ObjectNode) application.get("fields")).put("vehicleVin", vin);
            return application;
        }
    }
}
