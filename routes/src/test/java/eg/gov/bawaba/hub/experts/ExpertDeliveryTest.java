package eg.gov.bawaba.hub.experts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Delivery;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Event;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Status;
import eg.gov.bawaba.hub.ops.EntityHealth;
import eg.gov.bawaba.hub.security.Owner;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.JsonSchemaCheck;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
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
 * Expert profiles reach the entities subscribed to them through their durable experts queues and delivery connectors:
 * entity scholars over REST (WireMock, stubs in mappings/scholars), entity archive as JSON files.
 */
class ExpertDeliveryTest extends HubTestSupport {

    /** The owner of what this test registers over HTTP: the client of the tokens TestTokens sends. */
    private static final Owner HUB_TEST = new Owner(TestTokens.SUBJECT, null);

    private static final String SCIENTISTS = "/emigration/scholars/scientists";
    private static final JsonSchemaCheck CANONICAL_EVENT =
            JsonSchemaCheck.fromClasspath("/schema/canonical-expert-event.schema.json");

    @Autowired
    ExpertsRegistry registry;
    @Autowired
    ExpertDeliveryStore deliveries;
    @Autowired
    ExpertDeliveries queues;
    @Autowired
    ExpertsRetention retention;
    @Autowired
    CamelContext camelContext;
    @Autowired
    EntityHealth entityHealth;

    @BeforeEach
    @AfterEach
    void noExpertsNorDeliveries() throws IOException {
        // wait for deliveries of the previous test still on their way, so none lands in the next one
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM expert_delivery WHERE status IN ('PENDING', 'QUEUED')", Integer.class) == 0);
        jdbc.update("DELETE FROM expert_delivery");
        jdbc.update("DELETE FROM expert");
        registry.rebuild();
        ENTITY_SYSTEMS.resetRequests();
        ENTITY_SYSTEMS.resetScenarios();
        try (Stream<Path> files = Files.list(ARCHIVE_DROPS)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void deliversNewProfileToSubscribedEntityThroughItsQueue() {
        String id = register(physicist());

        Delivery delivered = awaitDelivery(id, "scholars", Event.PUBLISHED, Status.DELIVERED);
        assertThat(delivered.entityReference()).isEqualTo("MHE-SCI-000042");
        List<LoggedRequest> calls = ENTITY_SYSTEMS.findAll(postRequestedFor(urlPathEqualTo(SCIENTISTS)));
        assertThat(calls).hasSize(1);
        LoggedRequest call = calls.get(0);
        assertThat(call.getHeader("Idempotency-Key")).isEqualTo(delivered.id());
        assertThat(call.getHeader("X-Correlation-Id")).isEqualTo(delivered.correlationId());
        JsonNode body = CanonicalJson.mapper().valueToTree(parse(call.getBodyAsString()));
        assertThat(body.get("action").asText()).isEqualTo("UPSERT");
        assertThat(body.get("scientistRef").asText()).isEqualTo(id);
        assertThat(body.get("fullNameAr").asText()).isEqualTo("هدى كامل");
        assertThat(body.at("/specialisations/0/nameAr").asText()).isEqualTo("الفيزياء");
        assertThat(body.at("/residence/country").asText()).isEqualTo("FR");
        assertThat(body.has("contact")).as("contact not consented, so not shared").isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM expert_delivery WHERE expert_id = ?", Integer.class, id))
                .isEqualTo(1);

        JsonNode connector = json(get("/ops/v1/connectors/scholars"));
        assertThat(connector.at("/experts/kind").asText()).isEqualTo("rest");
        assertThat(connector.at("/experts/circuit").asText()).isEqualTo("CLOSED");
        assertThat(connector.at("/experts/queueDepth").asLong()).isZero();
        assertThat(connector.at("/experts/deliveries/DELIVERED").asInt()).isEqualTo(1);
        assertThat(connector.at("/experts/subscription/fields").toString()).contains("physics", "chemistry");
        assertThat(connector.get("routes").toString()).contains("scholars-experts-deliver");
    }

    @Test
    void doesNotDeliverProfileOutsideEverySubscription() {
        ObjectNode lawyer = physicist();
        fields(lawyer, "law");
        String id = register(lawyer);
        String other = register(physicist());

        awaitDelivery(other, "scholars", Event.PUBLISHED, Status.DELIVERED);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM expert_delivery WHERE expert_id = ?", Integer.class, id))
                .isZero();
    }

    @Test
    void deliversEachChangeAndTheWithdrawalOfConsent() {
        String id = register(physicist());
        awaitDelivery(id, "scholars", Event.PUBLISHED, Status.DELIVERED);

        ObjectNode changed = physicist();
        changed.put("city", "Lyon");
        registry.update(HUB_TEST, id, changed);
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveriesOf(id, "scholars").stream()
                .filter(d -> d.status() == Status.DELIVERED).count() == 2);
        assertThat(ENTITY_SYSTEMS.findAll(postRequestedFor(urlPathEqualTo(SCIENTISTS))
                .withRequestBody(matchingJsonPath("$.residence.city", equalTo("Lyon"))))).hasSize(1);

        registry.withdraw(HUB_TEST, id);
        awaitDelivery(id, "scholars", Event.WITHDRAWN, Status.DELIVERED);
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(SCIENTISTS))
                .withRequestBody(matchingJsonPath("$.action", equalTo("REMOVE")))
                .withRequestBody(matchingJsonPath("$.scientistRef", equalTo(id))));
        assertThat(ENTITY_SYSTEMS.findAll(postRequestedFor(urlPathEqualTo(SCIENTISTS))
                .withRequestBody(matchingJsonPath("$.action", equalTo("REMOVE")))).get(0).getBodyAsString())
                .as("a withdrawal names the expert, nothing more").doesNotContain("هدى").doesNotContain("Huda");
    }

    @Test
    void withdrawsProfileFromEntityOnceItLeavesTheSubscription() {
        String id = register(physicist());
        awaitDelivery(id, "scholars", Event.PUBLISHED, Status.DELIVERED);

        ObjectNode lawyer = physicist();
        fields(lawyer, "law");
        registry.update(HUB_TEST, id, lawyer);

        awaitDelivery(id, "scholars", Event.WITHDRAWN, Status.DELIVERED);
        // and a withdrawal of consent later has nothing more to tell the entity
        registry.withdraw(HUB_TEST, id);
        assertThat(deliveriesOf(id, "scholars")).hasSize(2);
    }

    @Test
    void holdsDeliveryWhileEntityFailsAndDeliversWhenItAnswersAgain() {
        ENTITY_SYSTEMS.stubFor(post(urlPathEqualTo(SCIENTISTS)).atPriority(1).inScenario("outage")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("still down"));
        ENTITY_SYSTEMS.stubFor(post(urlPathEqualTo(SCIENTISTS)).atPriority(1).inScenario("outage")
                .whenScenarioStateIs("still down").willReturn(aResponse().withStatus(503))
                .willSetStateTo("back"));

        String id = register(physicist());

        Delivery delivered = awaitDelivery(id, "scholars", Event.PUBLISHED, Status.DELIVERED);
        // the entity's 503s are retried within an attempt and then through the queue; none is lost or doubled
        assertThat(delivered.attempts()).as("failed attempts before the entity answered").isGreaterThanOrEqualTo(1);
        ENTITY_SYSTEMS.verify(3, postRequestedFor(urlPathEqualTo(SCIENTISTS)));
    }

    @Test
    void recordsEntityRefusalWithoutRetrying() {
        ENTITY_SYSTEMS.stubFor(post(urlPathEqualTo(SCIENTISTS)).atPriority(1).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"degree not recognised\"}")));

        String id = register(physicist());

        Delivery refused = awaitDelivery(id, "scholars", Event.PUBLISHED, Status.REJECTED);
        assertThat(refused.note()).contains("HTTP 422").contains("degree not recognised");
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(SCIENTISTS)));
    }

    @Test
    void forgetsTheEntityRefusalTextWithThePurgedProfile() {
        ENTITY_SYSTEMS.stubFor(post(urlPathEqualTo(SCIENTISTS)).atPriority(1).willReturn(aResponse().withStatus(422)
                .withBody("{\"error\":\"Huda Kamel is already registered\"}")));
        String id = register(physicist());
        awaitDelivery(id, "scholars", Event.PUBLISHED, Status.REJECTED);
        registry.withdraw(HUB_TEST, id);
        awaitDelivery(id, "scholars", Event.WITHDRAWN, Status.REJECTED);

        retention.purge(Instant.now().plus(retention.period()).plusSeconds(60));

        assertThat(deliveriesOf(id, "scholars")).hasSize(2).allSatisfy(d -> assertThat(d.note()).isNull());
    }

    @Test
    void deadLettersAfterItsAttemptsAndAnOperatorReplaysIt() {
        ENTITY_SYSTEMS.stubFor(post(urlPathEqualTo(SCIENTISTS)).atPriority(1).willReturn(aResponse().withStatus(500)));
        String id = register(physicist());

        Delivery failed = awaitDelivery(id, "scholars", Event.PUBLISHED, Status.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.note()).startsWith("dead-lettered after 3 attempts");
        JsonNode listed = json(get("/ops/v1/experts/deliveries?entityId=scholars&status=failed"));
        assertThat(listed.at("/counts/FAILED").asInt()).isEqualTo(1);
        assertThat(listed.at("/deliveries/0/id").asText()).isEqualTo(failed.id());
        assertThat(listed.at("/deliveries/0/expertId").asText()).isEqualTo(id);

        ENTITY_SYSTEMS.resetToDefaultMappings();
        ResponseEntity<String> replayed = http.postForEntity("/ops/v1/experts/deliveries/" + failed.id() + "/replay",
                json("{}"), String.class);
        assertThat(replayed.getStatusCode().value()).as(replayed.getBody()).isEqualTo(200);

        awaitDelivery(id, "scholars", Event.PUBLISHED, Status.DELIVERED);
        assertThat(http.postForEntity("/ops/v1/experts/deliveries/" + failed.id() + "/replay", json("{}"),
                String.class).getStatusCode().value()).as("delivered now, nothing left to replay").isEqualTo(409);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ops_audit WHERE action = 'expert-delivery-replay' "
                + "AND entity_id = 'scholars'", Integer.class)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void deadLettersAtOnceWhenTheEntityMappingCannotBuildTheRequest() {
        ObjectNode teacher = physicist();
        fields(teacher, "education");
        teacher.put("countryOfResidence", "AQ");

        String id = register(teacher);

        Delivery failed = awaitDelivery(id, "fussy", Event.PUBLISHED, Status.FAILED);
        assertThat(failed.note()).contains("no registry office for AQ");
        assertThat(failed.attempts()).as("the same on every attempt: not retried").isEqualTo(1);
        ENTITY_SYSTEMS.verify(0, postRequestedFor(urlPathEqualTo("/emigration/fussy/experts")));
    }

    @Test
    void operatorDiscardsOneDeadLetterWithAReasonAndReplaysTheOthers() {
        ENTITY_SYSTEMS.stubFor(post(urlPathEqualTo(SCIENTISTS)).atPriority(1).willReturn(aResponse().withStatus(500)));
        String first = register(physicist());
        String second = register(physicist());
        Delivery poison = awaitDelivery(first, "scholars", Event.PUBLISHED, Status.FAILED);
        awaitDelivery(second, "scholars", Event.PUBLISHED, Status.FAILED);

        assertThat(http.postForEntity("/ops/v1/experts/deliveries/" + poison.id() + "/discard", json("{}"),
                String.class).getStatusCode().value()).as("a reason is required").isEqualTo(400);
        ResponseEntity<String> discarded = http.postForEntity("/ops/v1/experts/deliveries/" + poison.id()
                + "/discard", json("{\"reason\": \"duplicate registration\"}"), String.class);
        assertThat(discarded.getStatusCode().value()).as(discarded.getBody()).isEqualTo(200);
        Delivery gone = deliveries.find(poison.id()).orElseThrow();
        assertThat(gone.status()).isEqualTo(Status.DISCARDED);
        assertThat(gone.note()).contains("duplicate registration");

        ENTITY_SYSTEMS.resetToDefaultMappings();
        ResponseEntity<String> replayed = http.postForEntity("/ops/v1/entities/scholars/experts/dead-letters/replay",
                json("{}"), String.class);
        assertThat(replayed.getStatusCode().value()).as(replayed.getBody()).isEqualTo(200);
        assertThat(json(replayed).get("replayed").size()).isEqualTo(1);

        awaitDelivery(second, "scholars", Event.PUBLISHED, Status.DELIVERED);
        assertThat(deliveries.find(poison.id()).orElseThrow().status()).as("discarded: never sent").isEqualTo(
                Status.DISCARDED);
        assertThat(json(get("/ops/v1/connectors/scholars")).at("/experts/deadLetterDepth").asLong()).isZero();
        assertThat(http.postForEntity("/ops/v1/experts/deliveries/" + poison.id() + "/discard",
                json("{\"reason\": \"again\"}"), String.class).getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void writesTheCanonicalEventAsFileForAFileDropSubscriber() throws IOException {
        ObjectNode chemist = physicist();
        fields(chemist, "chemistry");
        chemist.put("countryOfResidence", "CA");
        String id = register(chemist);
        ObjectNode chemistInFrance = physicist();
        fields(chemistInFrance, "chemistry");
        String notForArchive = register(chemistInFrance);

        Delivery written = awaitDelivery(id, "archive", Event.PUBLISHED, Status.DELIVERED);
        assertThat(written.entityReference()).isEqualTo("expert-" + written.id() + ".json");
        JsonNode event = CanonicalJson.mapper().readTree(ARCHIVE_DROPS.resolve(written.entityReference()).toFile());
        assertThat(CANONICAL_EVENT.validate(event)).isEmpty();
        assertThat(event.get("event").asText()).isEqualTo("PUBLISHED");
        assertThat(event.at("/expert/fields/0/label/en").asText()).isEqualTo("Chemistry");
        awaitDelivery(notForArchive, "scholars", Event.PUBLISHED, Status.DELIVERED);
        assertThat(deliveriesOf(notForArchive, "archive")).as("lives in France, archive takes Canada only").isEmpty();

        registry.withdraw(HUB_TEST, id);
        Delivery withdrawn = awaitDelivery(id, "archive", Event.WITHDRAWN, Status.DELIVERED);
        JsonNode removal = CanonicalJson.mapper().readTree(ARCHIVE_DROPS.resolve(withdrawn.entityReference()).toFile());
        assertThat(CANONICAL_EVENT.validate(removal)).isEmpty();
        assertThat(removal.has("expert")).isFalse();
    }

    @Test
    void queuesDeliveryWrittenBeforeACrashButNeverSent() {
        String id = register(physicist());
        awaitDelivery(id, "scholars", Event.PUBLISHED, Status.DELIVERED);
        // as if the hub stopped between the profile's commit and the queue send
        Instant before = Instant.now().minusSeconds(60);
        String stranded = UUID.randomUUID().toString();
        deliveries.insert(new Delivery(stranded, id, "scholars", Event.PUBLISHED, Status.PENDING, "corr-stranded", 0,
                null, null, before, before));

        assertThat(queues.requeuePending(Instant.now().minusSeconds(10))).isEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.find(stranded).orElseThrow().status()
                == Status.DELIVERED);
    }

    @Test
    void resendsEveryConsentingProfileTheSubscriptionWants() {
        String id = register(physicist());
        awaitDelivery(id, "scholars", Event.PUBLISHED, Status.DELIVERED);

        ResponseEntity<String> resent = http.postForEntity("/ops/v1/entities/scholars/experts/resend", json("{}"),
                String.class);

        assertThat(resent.getStatusCode().value()).as(resent.getBody()).isEqualTo(200);
        assertThat(json(resent).get("queued").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveriesOf(id, "scholars").stream()
                .filter(d -> d.status() == Status.DELIVERED).count() == 2);
        assertThat(http.postForEntity("/ops/v1/entities/digital-egypt/experts/resend", json("{}"), String.class)
                .getStatusCode().value()).as("not subscribed").isEqualTo(404);
    }

    @Test
    void holdsProfilesInTheQueueWhileTheExpertsCircuitIsOpen() {
        CircuitBreaker breaker = camelContext.getRegistry()
                .lookupByNameAndType("scholars-experts-breaker", CircuitBreaker.class);
        try {
            breaker.transitionToOpenState();
            await().atMost(Duration.ofSeconds(10)).until(() -> camelContext.getRouteController()
                    .getRouteStatus("scholars-experts-deliver").isSuspended());
            EntityHealth.Assessment health = entityHealth.assess("scholars");
            assertThat(health.level()).isEqualTo(EntityHealth.Level.DEGRADED);
            assertThat(health.reasons()).anySatisfy(r -> assertThat(r).startsWith("experts delivery circuit OPEN"));

            String id = register(physicist());
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesOf(id, "scholars").stream()
                    .anyMatch(d -> d.status() == Status.QUEUED));
            ENTITY_SYSTEMS.verify(0, postRequestedFor(urlPathEqualTo(SCIENTISTS)));
        } finally {
            breaker.reset();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM expert_delivery WHERE status = 'DELIVERED'", Integer.class) == 1);
    }

    @Test
    void suspendedEntityKeepsProfilesQueuedUntilResumed() {
        ResponseEntity<String> suspended = http.postForEntity("/ops/v1/entities/scholars/suspend",
                json("{\"reason\": \"registry migration\"}"), String.class);
        assertThat(suspended.getStatusCode().value()).as(suspended.getBody()).isEqualTo(200);
        try {
            assertThat(camelContext.getRouteController().getRouteStatus("scholars-experts-deliver").isSuspended())
                    .isTrue();
            String id = register(physicist());
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesOf(id, "scholars").stream()
                    .anyMatch(d -> d.status() == Status.QUEUED));
            assertThat(json(get("/ops/v1/connectors/scholars")).at("/experts/queueDepth").asLong()).isEqualTo(1);
            ENTITY_SYSTEMS.verify(0, postRequestedFor(urlPathEqualTo(SCIENTISTS)));
        } finally {
            http.postForEntity("/ops/v1/entities/scholars/resume", json("{}"), String.class);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM expert_delivery WHERE status = 'DELIVERED'", Integer.class) == 1);
    }

    @Test
    void refusesBadOpsQueries() {
        assertThat(get("/ops/v1/experts/deliveries?status=LOST").getStatusCode().value()).isEqualTo(400);
        assertThat(get("/ops/v1/experts/deliveries?entityId=nobody").getStatusCode().value()).isEqualTo(404);
        assertThat(http.postForEntity("/ops/v1/experts/deliveries/" + UUID.randomUUID() + "/replay", json("{}"),
                String.class).getStatusCode().value()).isEqualTo(404);
    }

    private Delivery awaitDelivery(String expertId, String entityId, Event event, Status status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesOf(expertId, entityId).stream()
                .anyMatch(d -> d.event() == event && d.status() == status));
        return deliveriesOf(expertId, entityId).stream().filter(d -> d.event() == event && d.status() == status)
                .findFirst().orElseThrow();
    }

    private List<Delivery> deliveriesOf(String expertId, String entityId) {
        return jdbc.queryForList("SELECT id FROM expert_delivery WHERE expert_id = ? AND entity_id = ? "
                        + "ORDER BY created_at", String.class, expertId, entityId)
                .stream().map(d -> deliveries.find(d).orElseThrow()).toList();
    }

    private String register(ObjectNode profile) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", UUID.randomUUID().toString());
        ResponseEntity<String> created = http.postForEntity("/api/v1/experts",
                new HttpEntity<>(profile.toString(), headers), String.class);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return json(created).get("id").asText();
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private static void fields(ObjectNode profile, String... fields) {
        ArrayNode array = profile.putArray("fields");
        for (String field : fields) {
            array.add(field);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return CanonicalJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static ObjectNode physicist() {
        return (ObjectNode) parse("""
                {"consent": {"scope": ["profile"], "givenAt": "%s"},
                 "name": {"ar": "هدى كامل", "en": "Huda Kamel"},
                 "fields": ["physics"],
                 "keywords": ["البصريات الكمية", "quantum optics"],
                 "degrees": [{"title": "PhD Physics", "institution": "Sorbonne", "year": 2012}],
                 "institution": "CNRS", "countryOfResidence": "FR", "city": "Paris",
                 "languages": ["ar", "fr", "en"], "contributions": ["LECTURES", "MENTORING"],
                 "contact": {"email": "huda.kamel@example.fr"}}
                """.formatted(OffsetDateTime.now(ZoneOffset.UTC).minusDays(1)));
    }
}
