package eg.gov.bawaba.hub.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestEntities;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Status callbacks are accepted only when signed with the callback secret of the entity in the path, fresh and once,
 * and only for that entity's own applications. "lab" keeps its secret in a variable, "twin" in a file.
 */
class CallbackSignaturesTest extends HubTestSupport {

    private static final Path TWIN = ENTITIES.resolve("twin.yaml");
    private static final String IN_REVIEW = "{\"status\":\"IN_REVIEW\",\"note\":\"documents under review\"}";

    @Autowired
    DeliveryBreakers breakers;
    @Autowired
    EntityRegistry registry;
    @Autowired
    SpentCallbackSignatures spent;
    @Autowired
    org.springframework.core.env.Environment environment;
    @Autowired
    Clock clock;

    private Path twinSecretFile;
    private String twinSecret;
    private String applicationId;
    private String labPath;

    @BeforeEach
    void aDeliveredLabApplicationAndATwinEntity() throws IOException {
        twinSecret = "twin-secret-" + UUID.randomUUID();
        twinSecretFile = Files.createDirectories(SECRETS.resolve("twin")).resolve("callback-secret");
        Files.writeString(twinSecretFile, twinSecret + "\n", StandardCharsets.UTF_8);
        Files.writeString(TWIN, TestEntities.emigrationFeedDefinition("twin", "Lab twin", "emigration") + """
                applications:
                  connector:
                    kind: rest
                    baseUrl: ${TWIN_BASE_URL}
                    path: /twin/applications
                  mapping: emigration/application.jsonata
                  status:
                    callback: {secretFile: callback-secret}
                """, StandardCharsets.UTF_8);
        registry.reconcile();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.isKnown("twin"));

        breakers.reset("lab");
        sync("lab");
        // mappings/lab/applications-accepted.json answers with the reference LAB-<application id>
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "callback-" + UUID.randomUUID());
        applicationId = json(http.postForEntity("/api/v1/applications",
                new HttpEntity<>(SampleApplications.carImport().toString(), headers), String.class)).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> status().equals("DELIVERED"));
        labPath = SignedCallbacks.path("lab", "LAB-" + applicationId);
    }

    @AfterEach
    void removeTheTwin() throws IOException {
        Files.deleteIfExists(TWIN);
        registry.reconcile();
        Files.deleteIfExists(twinSecretFile);
        breakers.reset("lab");
    }

    @Test
    void acceptsACallbackSignedWithTheEntitysSecret() {
        ResponseEntity<String> answer = post(labPath, SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, labPath, IN_REVIEW));

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(204);
        assertThat(status()).isEqualTo("IN_REVIEW");
    }

    @Test
    void refusesAnUnsignedOrWronglySignedCallback() {
        assertRefused(post(labPath, SignedCallbacks.unsigned(IN_REVIEW)), "not signed");
        assertRefused(post(labPath, SignedCallbacks.signed("not-the-lab-secret", labPath, IN_REVIEW)), "does not match");
        // signed for another body, or another application: the signature covers both
        HttpEntity<String> forApproval = SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, labPath,
                "{\"status\":\"APPROVED\"}");
        assertRefused(post(labPath, new HttpEntity<>(IN_REVIEW, forApproval.getHeaders())), "does not match");
        assertRefused(post(labPath, SignedCallbacks.signed(SignedCallbacks.LAB_SECRET,
                SignedCallbacks.path("lab", "LAB-other"), IN_REVIEW)), "does not match");
        HttpHeaders malformed = new HttpHeaders();
        malformed.setContentType(MediaType.APPLICATION_JSON);
        malformed.add(CallbackSignatures.TIMESTAMP, "yesterday");
        malformed.add(CallbackSignatures.SIGNATURE, "sha1=abc");
        assertRefused(post(labPath, new HttpEntity<>(IN_REVIEW, malformed)), "epoch seconds");

        assertThat(status()).isEqualTo("DELIVERED");
    }

    @Test
    void refusesATimestampOutsideTheReplayWindow() {
        assertRefused(post(labPath, SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, labPath, IN_REVIEW,
                Instant.now().minusSeconds(3600))), "old");
        assertRefused(post(labPath, SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, labPath, IN_REVIEW,
                Instant.now().plusSeconds(3600))), "ahead");

        assertThat(status()).isEqualTo("DELIVERED");
    }

    @Test
    void refusesTheSameSignedCallbackSentAgain() {
        HttpEntity<String> once = SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, labPath,
                "{\"status\":\"APPROVED\",\"note\":\"approved\"}");
        assertThat(post(labPath, once).getStatusCode().value()).isEqualTo(204);

        // without the replay check this would be a 409 (already APPROVED), not a 401
        assertRefused(post(labPath, once), "already used");
        assertThat(json(get("/api/v1/applications/" + applicationId)).get("history").findValuesAsText("status"))
                .containsExactly("RECEIVED", "QUEUED", "DELIVERED", "APPROVED");
    }

    @Test
    void refusesAReplayAfterARestartAndForgetsSignaturesOnlyOnceTheyExpired() {
        HttpEntity<String> once = SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, labPath, IN_REVIEW);
        assertThat(post(labPath, once).getStatusCode().value()).isEqualTo(204);
        String signature = once.getHeaders().getFirst(CallbackSignatures.SIGNATURE).substring("sha256=".length());

        // a restarted hub (or another instance) has an empty local cache, but the same database
        CallbackSignatures restarted = new CallbackSignatures(registry, environment, clock, spent,
                Duration.ofSeconds(300), 1000);
        assertThatThrownBy(() -> restarted.verify("lab", "POST", labPath,
                once.getHeaders().getFirst(CallbackSignatures.TIMESTAMP), "sha256=" + signature,
                IN_REVIEW.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.getMessage())
                        .contains("already used"));

        assertThat(restarted.forgetExpired()).as("still within two windows").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM callback_signature WHERE signature = ?", Integer.class,
                signature)).isEqualTo(1);
        assertThat(new CallbackSignatures(registry, environment, Clock.offset(clock, Duration.ofSeconds(601)), spent,
                Duration.ofSeconds(300), 1000).forgetExpired()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM callback_signature WHERE signature = ?", Integer.class,
                signature)).isZero();
    }

    @Test
    void anEntityCanNeverReportTheStatusOfAnotherEntitysApplication() {
        String twinPathToLabApplication = SignedCallbacks.path("twin", "LAB-" + applicationId);

        // lab's own secret does not open twin's path, nor twin's secret lab's
        assertRefused(post(twinPathToLabApplication, SignedCallbacks.signed(SignedCallbacks.LAB_SECRET,
                twinPathToLabApplication, IN_REVIEW)), "does not match");
        assertRefused(post(labPath, SignedCallbacks.signed(twinSecret, labPath, IN_REVIEW)), "does not match");
        // twin, properly authenticated, finds only its own applications: lab's is not among them, by reference or id
        ResponseEntity<String> byReference = post(twinPathToLabApplication,
                SignedCallbacks.signed(twinSecret, twinPathToLabApplication, IN_REVIEW));
        String twinPathById = SignedCallbacks.path("twin", applicationId);
        ResponseEntity<String> byId = post(twinPathById, SignedCallbacks.signed(twinSecret, twinPathById, IN_REVIEW));

        assertThat(byReference.getStatusCode().value()).as(byReference.getBody()).isEqualTo(404);
        assertThat(byId.getStatusCode().value()).as(byId.getBody()).isEqualTo(404);
        assertThat(status()).isEqualTo("DELIVERED");
    }

    @Test
    void refusesCallbacksOfAnEntityWithoutACallbackSecret() {
        // poller reports status by polling, emigration takes no applications, nobody is not configured
        for (String entity : new String[] {"poller", "emigration", "nobody"}) {
            String path = SignedCallbacks.path(entity, "LAB-" + applicationId);
            ResponseEntity<String> answer = post(path, SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, path, IN_REVIEW));
            assertThat(answer.getStatusCode().value()).as(entity).isEqualTo(401);
            assertThat(json(answer).get("detail").asText()).as(entity).containsAnyOf("disabled", "no running entity");
        }
        assertThat(status()).isEqualTo("DELIVERED");
    }

    @Test
    void aSecretFileIsReadAtEachCallbackSoItCanBeRotatedWithoutARestart() throws IOException {
        String path = SignedCallbacks.path("twin", "TWIN-unknown");
        assertThat(post(path, SignedCallbacks.signed(twinSecret, path, IN_REVIEW)).getStatusCode().value())
                .as("authenticated, then not found").isEqualTo(404);

        String rotated = "rotated-" + UUID.randomUUID();
        Files.writeString(twinSecretFile, rotated, StandardCharsets.UTF_8);

        assertRefused(post(path, SignedCallbacks.signed(twinSecret, path, IN_REVIEW)), "does not match");
        assertThat(post(path, SignedCallbacks.signed(rotated, path, IN_REVIEW)).getStatusCode().value()).isEqualTo(404);
    }

    private ResponseEntity<String> post(String path, HttpEntity<String> request) {
        return http.postForEntity(path, request, String.class);
    }

    private String status() {
        return json(get("/api/v1/applications/" + applicationId)).get("status").asText();
    }

    private static void assertRefused(ResponseEntity<String> answer, String because) {
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(401);
        assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        JsonNode problem = json(answer);
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asText()).contains(because);
    }
}
