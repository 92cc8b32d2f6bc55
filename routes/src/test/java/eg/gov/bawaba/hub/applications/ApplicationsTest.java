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
import com.nimbusds.jwt.JWTClaimsSet;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.security.DevTokenKey;
import eg.gov.bawaba.hub.security.Owners;
import eg.gov.bawaba.hub.security.Scopes;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
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
    static final String OTHER_CITIZEN = "30105051234568";
    /** Two clients of the hub, each with a valid token of every scope: each must see only its own. */
    static final String APP_A = "app-backend-a";
    static final String APP_B = "app-backend-b";

    @Autowired
    JmsTemplate jms;

    @Autowired
    DeliveryBreakers breakers;

    @Autowired
    QueueDepths depths;

    @Autowired
    Owners owners;

    @Autowired
    ApplicationStore store;

    @Autowired
    CamelContext camelContext;

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
                .doesNotContain(NATIONAL_ID).doesNotContain(PASSPORT).startsWith("v3:");
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
    void repeatsTheFirstAnswerForTheSameKeyAfterTheEntryWasWithdrawn() {
        String first = json(apply("key-before-withdrawal", carImport())).get("id").asText();
        awaitStatus(first, "DELIVERED");
        serveEmigrationFeed("v2");
        sync("lab");

        ResponseEntity<String> again = apply("key-before-withdrawal", carImport());
        assertThat(again.getStatusCode().value()).as(again.getBody()).isEqualTo(202);
        assertThat(json(again).get("id").asText()).isEqualTo(first);
        ObjectNode other = carImport();
        ((ObjectNode) other.get("fields")).put("vehicleModelYear", 2023);
        assertThat(apply("key-before-withdrawal", other).getStatusCode().value()).isEqualTo(409);
        assertUnprocessable(apply("key-after-withdrawal", carImport()), "withdrawn");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM application", Integer.class)).isEqualTo(1);
    }

    @Test
    void anotherClientGets404ForAnApplicationAndNeverItsNationalId() {
        String id = json(apply("key-a", carImport(), TestTokens.clientBearer(tokenKey, APP_A, null))).get("id").asText();

        ResponseEntity<String> stranger = get("/api/v1/applications/" + id,
                HttpHeaders.AUTHORIZATION, TestTokens.clientBearer(tokenKey, APP_B, null));
        assertThat(stranger.getStatusCode().value()).as(stranger.getBody()).isEqualTo(404);
        assertThat(stranger.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(stranger.getBody()).doesNotContain(NATIONAL_ID).doesNotContain(PASSPORT).doesNotContain("Ahmed");
        // answered exactly as an id that does not exist: the stranger cannot even tell that it does
        ResponseEntity<String> none = get("/api/v1/applications/" + UUID.randomUUID(),
                HttpHeaders.AUTHORIZATION, TestTokens.clientBearer(tokenKey, APP_B, null));
        assertThat(json(none).get("title")).isEqualTo(json(stranger).get("title"));
        assertThat(json(none).get("type")).isEqualTo(json(stranger).get("type"));

        ResponseEntity<String> owner = get("/api/v1/applications/" + id,
                HttpHeaders.AUTHORIZATION, TestTokens.clientBearer(tokenKey, APP_A, null));
        assertThat(owner.getStatusCode().value()).isEqualTo(200);
        assertThat(json(owner).at("/applicant/nationalId").asText()).isEqualTo(NATIONAL_ID);
    }

    @Test
    void anotherClientsSameIdempotencyKeyCreatesItsOwnApplication() {
        String a = json(apply("shared-key", carImport(), TestTokens.clientBearer(tokenKey, APP_A, null)))
                .get("id").asText();

        ResponseEntity<String> fromB = apply("shared-key", carImport(), TestTokens.clientBearer(tokenKey, APP_B, null));
        assertThat(fromB.getStatusCode().value()).as(fromB.getBody()).isEqualTo(202);
        String b = json(fromB).get("id").asText();
        assertThat(b).isNotEqualTo(a);
        // B's namespace behaves as A's: a replay answers B's own application, another body is refused
        assertThat(json(apply("shared-key", carImport(), TestTokens.clientBearer(tokenKey, APP_B, null))).get("id")
                .asText()).isEqualTo(b);
        ObjectNode other = carImport();
        ((ObjectNode) other.get("fields")).put("vehicleModelYear", 2023);
        assertThat(apply("shared-key", other, TestTokens.clientBearer(tokenKey, APP_B, null)).getStatusCode().value())
                .isEqualTo(409);
        assertThat(json(apply("shared-key", carImport(), TestTokens.clientBearer(tokenKey, APP_A, null))).get("id")
                .asText()).isEqualTo(a);
        assertThat(jdbc.queryForList("SELECT owner_client_id FROM application ORDER BY owner_client_id", String.class))
                .containsExactly(APP_A, APP_B);
    }

    @Test
    void aTokenActingForACitizenSeesOnlyThatCitizensApplications() {
        String mine = json(apply("k-mine", carImport(), TestTokens.clientBearer(tokenKey, APP_A, null))).get("id").asText();
        String theirs = json(apply("k-theirs", forCitizen(OTHER_CITIZEN), TestTokens.clientBearer(tokenKey, APP_A, null)))
                .get("id").asText();

        String asMe = TestTokens.clientBearer(tokenKey, APP_A, NATIONAL_ID);
        assertThat(get("/api/v1/applications/" + mine, HttpHeaders.AUTHORIZATION, asMe).getStatusCode().value())
                .isEqualTo(200);
        ResponseEntity<String> notMine = get("/api/v1/applications/" + theirs, HttpHeaders.AUTHORIZATION, asMe);
        assertThat(notMine.getStatusCode().value()).isEqualTo(404);
        assertThat(notMine.getBody()).doesNotContain(OTHER_CITIZEN);
        String asThem = TestTokens.clientBearer(tokenKey, APP_A, OTHER_CITIZEN);
        assertThat(get("/api/v1/applications/" + theirs, HttpHeaders.AUTHORIZATION, asThem).getStatusCode().value())
                .isEqualTo(200);
        assertThat(get("/api/v1/applications/" + mine, HttpHeaders.AUTHORIZATION, asThem).getStatusCode().value())
                .isEqualTo(404);
        // the citizen narrows the client's records; it never opens another client's
        assertThat(get("/api/v1/applications/" + mine, HttpHeaders.AUTHORIZATION,
                TestTokens.clientBearer(tokenKey, APP_B, NATIONAL_ID)).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aTokenActingForACitizenCannotApplyForAnotherCitizen() {
        ResponseEntity<String> forSomeoneElse = apply("k-other", carImport(),
                TestTokens.clientBearer(tokenKey, APP_A, OTHER_CITIZEN));

        assertThat(forSomeoneElse.getStatusCode().value()).as(forSomeoneElse.getBody()).isEqualTo(403);
        assertThat(forSomeoneElse.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(json(forSomeoneElse).get("type").asText()).endsWith("/other-citizen");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM application", Integer.class)).isZero();

        ResponseEntity<String> forThemselves = apply("k-other", forCitizen(OTHER_CITIZEN),
                TestTokens.clientBearer(tokenKey, APP_A, OTHER_CITIZEN));
        assertThat(forThemselves.getStatusCode().value()).as(forThemselves.getBody()).isEqualTo(202);
    }

    @Test
    void storesTheOwnerClientAndOnlyAKeyedHashOfTheNationalIdWhichRetentionRemoves() {
        String id = json(apply("k-owner", carImport(), TestTokens.clientBearer(tokenKey, APP_A, NATIONAL_ID)))
                .get("id").asText();

        Map<String, Object> row = jdbc.queryForMap(
                "SELECT owner_client_id, owner_citizen_hash FROM application WHERE id = ?", id);
        assertThat(row.get("owner_client_id")).isEqualTo(APP_A);
        assertThat((String) row.get("owner_citizen_hash")).startsWith("hmac-sha256:").hasSize(12 + 64)
                .doesNotContain(NATIONAL_ID).isEqualTo(owners.citizenHash(NATIONAL_ID))
                .isNotEqualTo(owners.citizenHash(OTHER_CITIZEN));

        jdbc.update("UPDATE application SET status = 'APPROVED', updated_at = ? WHERE id = ?",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(400), id);
        assertThat(store.purgePersonalData(id, List.of(ApplicationStatus.APPROVED), Instant.now(),
                Instant.now(), "retention")).isTrue();
        assertThat(jdbc.queryForObject("SELECT owner_citizen_hash FROM application WHERE id = ?", String.class, id))
                .as("a keyed hash of a national id still singles out a person").isNull();
        assertThat(jdbc.queryForObject("SELECT owner_client_id FROM application WHERE id = ?", String.class, id))
                .isEqualTo(APP_A);
    }

    @Test
    void theOwnerIsTheTokensAzpElseItsClientIdElseItsSubject() {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(DevTokenKey.ISSUER)
                .claim("scope", String.join(" ", Scopes.ALL)).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        apply("k-azp", carImport(), "Bearer " + tokenKey.sign(claims.subject("a-user").claim("client_id", "cid")
                .claim("azp", "by-azp").build()));
        apply("k-cid", carImport(), "Bearer " + tokenKey.sign(claims.subject("a-user").claim("azp", null)
                .claim("client_id", "by-client-id").build()));
        apply("k-sub", carImport(), "Bearer " + tokenKey.sign(claims.subject("by-sub").claim("client_id", null)
                .build()));

        assertThat(jdbc.queryForList("SELECT owner_client_id FROM application ORDER BY idempotency_key", String.class))
                .containsExactly("by-azp", "by-client-id", "by-sub");
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

    @Test
    void callsTheEntityOnKeptThreadsNotOnANewThreadPerDelivery() {
        List<String> ids = IntStream.range(0, 12)
                .mapToObj(n -> json(apply("kept-" + n, carImport())).get("id").asText()).toList();
        ids.forEach(id -> awaitStatus(id, "DELIVERED"));

        // the breaker's own pool ran the calls (without one, Camel starts a thread per call on a 2-core machine)
        List<ResilienceProcessor> breakers = camelContext.getRoute("lab-applications-deliver").filter("*").stream()
                .filter(ResilienceProcessor.class::isInstance).map(ResilienceProcessor.class::cast).toList();
        assertThat(breakers).singleElement().satisfies(breaker -> {
            assertThat(breaker.getExecutorService()).isInstanceOf(ThreadPoolExecutor.class);
            ThreadPoolExecutor calls = (ThreadPoolExecutor) breaker.getExecutorService();
            assertThat(calls.getCompletedTaskCount()).isGreaterThanOrEqualTo(12);
            // one consumer: its calls one after another, on a thread or two kept between them
            assertThat(calls.getLargestPoolSize()).isLessThan(4);
        });
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
        return apply(key, body, null);
    }

    /** Submits with this Authorization header (the default test token when null). */
    private ResponseEntity<String> apply(String key, JsonNode body, String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", key);
        if (authorization != null) {
            headers.add(HttpHeaders.AUTHORIZATION, authorization);
        }
        return http.postForEntity("/api/v1/applications", new HttpEntity<>(body.toString(), headers), String.class);
    }

    /** The sample application, for another applicant. */
    private static ObjectNode forCitizen(String nationalId) {
        ObjectNode body = carImport();
        ((ObjectNode) body.get("applicant")).put("nationalId", nationalId);
        ((ObjectNode) body.get("fields")).put("nationalId", nationalId);
        return body;
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
