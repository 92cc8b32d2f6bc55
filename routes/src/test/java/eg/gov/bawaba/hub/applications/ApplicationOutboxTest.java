package eg.gov.bawaba.hub.applications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.audit.AuditVerifier;
import eg.gov.bawaba.hub.audit.HashChain;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The one-commit intake: an application committed with its outbox row but never sent is sent by the sweep and
 * delivered once, a confirmed send is never sent again, a replay answers as the first call, and the cached form
 * follows a catalogue change.
 */
class ApplicationOutboxTest extends HubTestSupport {

    static final String ENTITY_PATH = "/emigration/lab/applications";

    @Autowired
    ApplicationStore store;

    @Autowired
    ApplicationOutbox outbox;

    @Autowired
    PersonalDataCipher cipher;

    @Autowired
    DeliveryBreakers breakers;

    @Autowired
    AuditVerifier verifier;

    @BeforeEach
    void labCatalogueAndAnAcceptingEntity() {
        breakers.reset("lab");
        sync("lab");
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(5)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"reference\":\"LAB-{{regexExtract request.headers.Idempotency-Key '^[^-]+'}}\"}")));
    }

    @Test
    void anApplicationCommittedButNeverSentIsSentByTheSweepAndDeliveredOnce() {
        // what a hub killed between the commit and the send leaves behind: the row, its history, its outbox row
        ObjectNode request = SampleApplications.carImport();
        ObjectNode personal = CanonicalJson.mapper().createObjectNode();
        personal.set("applicant", request.get("applicant"));
        personal.set("fields", request.get("fields"));
        Instant at = HashChain.stored(Instant.now());
        String id = UUID.randomUUID().toString();
        store.insertQueued(new StoredApplication(id, TestTokens.SUBJECT, null, "stranded-" + id, "sha256:x",
                "lab.CAR-IMPORT-01", "lab", ApplicationStatus.QUEUED, null, "corr-stranded",
                cipher.encrypt(personal.toString(), ApplicationState.binding(id)), at, at));
        assertThat(outboxRows()).isEqualTo(1);

        // rows younger than the sweep's cutoff are left to their own request
        assertThat(outbox.sweep(at.minusSeconds(1), 500)).isZero();
        assertThat(outbox.sweep(at.plusSeconds(1), 500)).isEqualTo(1);

        JsonNode delivered = awaitStatus(id, "DELIVERED");
        assertThat(delivered.get("history").findValuesAsText("status")).containsExactly("RECEIVED", "QUEUED", "DELIVERED");
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH)).withHeader("Idempotency-Key", equalTo(id)));
        outbox.flush();
        assertThat(outboxRows()).isZero();
        assertThat(verifier.verify().problems()).isEmpty();
    }

    @Test
    void oneSweepSendsMoreStrandedApplicationsThanItsBatch() {
        Instant at = HashChain.stored(Instant.now());
        List<String> ids = List.of(stranded(at), stranded(at), stranded(at));

        assertThat(outbox.sweep(at.plusSeconds(1), 2)).isEqualTo(3);

        ids.forEach(id -> awaitStatus(id, "DELIVERED"));
        ids.forEach(id -> ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH))
                .withHeader("Idempotency-Key", equalTo(id))));
        outbox.flush();
        assertThat(outboxRows()).isZero();
    }

    @Test
    void aConfirmedSendLeavesNothingForTheSweep() {
        ResponseEntity<String> first = apply("outbox-1", SampleApplications.carImport());
        assertThat(first.getStatusCode().value()).isEqualTo(202);
        String id = json(first).get("id").asText();
        awaitStatus(id, "DELIVERED");

        outbox.flush();
        assertThat(outboxRows()).isZero();
        assertThat(outbox.sweep(Instant.now().plusSeconds(60), 500)).isZero();
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH)));
    }

    @Test
    void answersFromTheStoredRecordAsAReplayWould() {
        JsonNode first = json(apply("outbox-2", SampleApplications.carImport()));
        assertThat(first.get("status").asText()).isEqualTo("QUEUED");
        JsonNode stored = json(get("/api/v1/applications/" + first.get("id").asText()));

        assertThat(first.get("receivedAt").asText()).isEqualTo(stored.get("receivedAt").asText());
        JsonNode replay = json(apply("outbox-2", SampleApplications.carImport()));
        assertThat(replay.get("id")).isEqualTo(first.get("id"));
        assertThat(replay.get("receivedAt")).isEqualTo(first.get("receivedAt"));
        assertThat(replay.get("href")).isEqualTo(first.get("href"));
        awaitStatus(first.get("id").asText(), "DELIVERED");
        assertThat(verifier.verify().problems()).isEmpty();
    }

    @Test
    void theCachedFormFollowsACatalogueChange() throws Exception {
        assertThat(apply("form-1", SampleApplications.carImport()).getStatusCode().value()).isEqualTo(202);

        // the entity now also requires an insurance number: the next application is checked against the new form
        ObjectNode document = (ObjectNode) CanonicalJson.mapper().readTree(index.document("lab.CAR-IMPORT-01").orElseThrow());
        ObjectNode form = (ObjectNode) document.get("applicationForm");
        ((ObjectNode) form.withObject("/properties")).putObject("insuranceNumber").put("type", "string");
        form.withArray("/required").add("insuranceNumber");
        index.apply(List.of(CanonicalJson.entryFromJson(document.toString())), index.generation() + 1);

        ResponseEntity<String> refused = apply("form-2", SampleApplications.carImport());
        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(422);
        assertThat(json(refused).get("detail").asText()).contains("insuranceNumber");
        ObjectNode insured = SampleApplications.carImport();
        ((ObjectNode) insured.get("fields")).put("insuranceNumber", "INS-1");
        assertThat(apply("form-3", insured).getStatusCode().value()).isEqualTo(202);
    }

    /** Stores an application as a hub killed between the commit and the send leaves it; its id. */
    private String stranded(Instant at) {
        ObjectNode request = SampleApplications.carImport();
        ObjectNode personal = CanonicalJson.mapper().createObjectNode();
        personal.set("applicant", request.get("applicant"));
        personal.set("fields", request.get("fields"));
        String id = UUID.randomUUID().toString();
        store.insertQueued(new StoredApplication(id, TestTokens.SUBJECT, null, "stranded-" + id, "sha256:x",
                "lab.CAR-IMPORT-01", "lab", ApplicationStatus.QUEUED, null, "corr-stranded",
                cipher.encrypt(personal.toString(), ApplicationState.binding(id)), at, at));
        return id;
    }

    private int outboxRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM application_outbox", Integer.class);
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
}
