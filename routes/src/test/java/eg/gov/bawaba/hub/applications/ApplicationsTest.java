package eg.gov.bawaba.hub.applications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** Applications from the app backend to an entity through its durable queue, on the real embedded broker. */
class ApplicationsTest extends HubTestSupport {

    static final String ENTITY_PATH = "/emigration/lab/applications";
    static final String NATIONAL_ID = SampleApplications.NATIONAL_ID;
    static final String PASSPORT = SampleApplications.PASSPORT;

    @Autowired
    JmsTemplate jms;

    @Autowired
    DeliveryBreakers breakers;

    @Autowired
    QueueDepths depths;

    @BeforeEach
    void labCatalogueAndAnAcceptingEntity() {
        breakers.reset("lab");
        sync("lab");
        acceptWith(201);
    }

    @Test
    void deliversOnceToTheEntityAndFollowsItsStatus() {
        ResponseEntity<String> response = apply("key-1", carImport());

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        String id = json(response).get("id").asText();
        assertThat(response.getHeaders().getLocation().toString()).endsWith("/api/v1/applications/" + id);
        JsonNode delivered = awaitStatus(id, "DELIVERED");
        assertThat(delivered.get("entityReference").asText()).isEqualTo("LAB-" + id.substring(0, 8));
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH))
                .withHeader("Idempotency-Key", equalTo(id))
                .withRequestBody(matchingJsonPath("$.citizen.nationalId", equalTo(NATIONAL_ID)))
                .withRequestBody(matchingJsonPath("$.privilegeCode", equalTo("CAR-IMPORT-01")))
                .withRequestBody(matchingJsonPath("$.form.vehicleModelYear", equalTo("2024"))));

        String path = SignedCallbacks.path("lab", delivered.get("entityReference").asText());
        ResponseEntity<String> callback = http.postForEntity(path, SignedCallbacks.signed(SignedCallbacks.LAB_SECRET,
                path, "{\"status\":\"IN_REVIEW\",\"note\":\"documents under review\"}"), String.class);
        assertThat(callback.getStatusCode().value()).isEqualTo(204);
        JsonNode reviewed = json(get("/api/v1/applications/" + id));
        assertThat(reviewed.get("status").asText()).isEqualTo("IN_REVIEW");
        assertThat(reviewed.get("history").findValuesAsText("status"))
                .containsExactly("RECEIVED", "QUEUED", "DELIVERED", "IN_REVIEW");
        assertThat(reviewed.at("/applicant/nationalId").asText()).isEqualTo(NATIONAL_ID);
        assertThat(jdbc.queryForObject("SELECT personal_data FROM application WHERE id = ?", String.class, id))
                .doesNotContain(NATIONAL_ID).doesNotContain(PASSPORT).startsWith("v2:");
    }

    @Test
    void replaysTheFirstAnswerForTheSameKeyAndRefusesTheKeyForAnotherBody() {
        String first = json(apply("key-2", carImport())).get("id").asText();

        ResponseEntity<String> again = apply("key-2", carImport());
        assertThat(again.getStatusCode().value()).isEqualTo(202);
        assertThat(json(again).get("id").asText()).isEqualTo(first);

        ObjectNode other = carImport();
        ((ObjectNode) other.get("fields")).put("vehicleModelYear", 2023);
        ResponseEntity<String> conflict = apply("key-2", other);
        assertThat(conflict.getStatusCode().value()).isEqualTo(409);
        assertThat(conflict.getHeaders().getContentType().toString()).startsWith("application/problem+json");

        awaitStatus(first, "DELIVERED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM application", Integer.class)).isEqualTo(1);
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH)));
    }

    @Test
    void refusesWhatTheEntryDoesNotAllow() {
        ObjectNode informational = carImport();
        informational.put("entryId", "lab.PENSION-REG-01");
        assertUnprocessable(apply("k-info", informational), "informational");

        ObjectNode ineligible = carImport();
        ineligible.put("entryId", "lab.EDU-UNIV-01");
        ((ObjectNode) ineligible.get("applicant")).put("countryOfResidence", "DE");
        assertUnprocessable(apply("k-country", ineligible), "countryOfResidence");

        ObjectNode badForm = carImport();
        ((ObjectNode) badForm.get("fields")).remove("vehicleVin");
        assertUnprocessable(apply("k-form", badForm), "vehicleVin");

        ObjectNode unknown = carImport();
        unknown.put("entryId", "lab.NO-SUCH-ENTRY");
        assertUnprocessable(apply("k-unknown", unknown), "NO-SUCH-ENTRY");

        ObjectNode badId = carImport();
        ((ObjectNode) badId.get("applicant")).put("nationalId", "123");
        assertUnprocessable(apply("k-id", badId), "applicant.nationalId");

        serveEmigrationFeed("v2");
        sync("lab");
        assertUnprocessable(apply("k-withdrawn", carImport()), "withdrawn");

        assertThat(http.postForEntity("/api/v1/applications", jsonEntity(carImport().toString()), String.class)
                .getStatusCode().value()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM application", Integer.class)).isZero();
    }

    @Test
    void refusesAFormNationalIdThatIsNotTheApplicantsNamingTheFieldNotTheValue() {
        String someoneElse = "29512011234566";
        ObjectNode other = carImport();
        ((ObjectNode) other.get("fields")).put("nationalId", someoneElse);

        ResponseEntity<String> refused = apply("k-other-id", other);

        assertUnprocessable(refused, "fields.nationalId: must equal applicant.nationalId");
        assertThat(refused.getBody()).doesNotContain(someoneElse).doesNotContain(NATIONAL_ID);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM application", Integer.class)).isZero();
        ENTITY_SYSTEMS.verify(0, postRequestedFor(urlPathEqualTo(ENTITY_PATH)));
    }

    @Test
    void acceptsAFormNationalIdEqualToTheApplicantsAndLeavesUndeclaredOnesFree() {
        JsonNode form = json(get("/api/v1/catalogue/lab.CAR-IMPORT-01")).path("applicationForm");
        assertThat(form.at("/properties/nationalId/x-applicant").asText()).isEqualTo("nationalId");
        assertThat(json(get("/api/v1/catalogue/lab.EDU-UNIV-01")).at("/applicationForm/properties/studentNationalId")
                .has("x-applicant")).as("a student's national id is not the applicant's").isFalse();

        ResponseEntity<String> accepted = apply("k-same-id", carImport());

        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        awaitStatus(json(accepted).get("id").asText(), "DELIVERED");
    }

    @Test
    void recordsAPermanentRejectionByTheEntity() {
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(1).willReturn(aResponse()
                .withStatus(422).withBody("{\"error\":\"VIN already registered for another citizen\"}")));

        String id = json(apply("key-3", carImport())).get("id").asText();

        JsonNode rejected = awaitStatus(id, "REJECTED_BY_ENTITY");
        assertThat(rejected.get("history").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).contains("422").contains("VIN already registered"));
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH)));
    }

    @Test
    void holdsApplicationsWhileTheEntityIsDownThenDeliversEachOnce() {
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("maintenance")));
        List<String> ids = List.of(1, 2, 3, 4, 5).stream()
                .map(n -> json(apply("down-" + n, carImport())).get("id").asText()).toList();

        await().atMost(Duration.ofSeconds(20)).until(() -> ENTITY_SYSTEMS.findAll(
                postRequestedFor(urlPathEqualTo(ENTITY_PATH))).size() >= 4);
        for (String id : ids) {
            assertThat(json(get("/api/v1/applications/" + id)).get("status").asText()).isEqualTo("QUEUED");
        }
        assertThat(depths.deadLetterDepth("lab")).isZero();

        ENTITY_SYSTEMS.resetToDefaultMappings();
        acceptWith(201);
        ids.forEach(id -> awaitStatus(id, "DELIVERED"));

        Map<String, Long> acceptedPerKey = ENTITY_SYSTEMS.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(ENTITY_PATH) && e.getResponse().getStatus() == 201)
                .collect(Collectors.groupingBy(e -> e.getRequest().getHeader("Idempotency-Key"), Collectors.counting()));
        assertThat(acceptedPerKey).containsOnlyKeys(ids).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void deadLettersAfterTheDeliveryAttemptsAreUsed() {
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("NullPointerException in ApplicationServlet")));

        String id = json(apply("key-dead", carImport())).get("id").asText();

        JsonNode failed = awaitStatus(id, "DELIVERY_FAILED");
        assertThat(failed.get("history").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).contains("dead-lettered after 3 attempts").contains("500"));
        jms.setReceiveTimeout(5000);
        assertThat(jms.receiveAndConvert("DLQ.bawaba.applications.lab")).isEqualTo(id);
        assertThat(ENTITY_SYSTEMS.findAll(postRequestedFor(urlPathEqualTo(ENTITY_PATH)))).hasSize(3);
    }

    private void acceptWith(int status) {
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(5)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"reference\":\"LAB-{{regexExtract request.headers.Idempotency-Key '^[^-]+'}}\"}")));
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/v1/applications/" + id))
                .get("status").asText().equals(status));
        return json(get("/api/v1/applications/" + id));
    }

    private ResponseEntity<String> apply(String key, JsonNode body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", key);
        return http.postForEntity("/api/v1/applications", new HttpEntity<>(body.toString(), headers), String.class);
    }

    private static HttpEntity<String> jsonEntity(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private static void assertUnprocessable(ResponseEntity<String> response, String mentioning) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(422);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(json(response).get("detail").asText()).contains(mentioning);
    }

    static ObjectNode carImport() {
        return SampleApplications.carImport();
    }
}
