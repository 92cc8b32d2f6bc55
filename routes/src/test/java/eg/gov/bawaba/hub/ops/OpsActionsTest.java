package eg.gov.bawaba.hub.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.security.DevTokenKey;
import eg.gov.bawaba.hub.security.Scopes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;

/** Every ops action on a live hub: its effect on the entity, its answer, and its audit record. */
class OpsActionsTest extends HubTestSupport {

    static final String ENTITY_PATH = "/emigration/lab/applications";
    static final String NATIONAL_ID = SampleApplications.NATIONAL_ID;

    @Autowired
    JmsTemplate jms;
    @Autowired
    DeliveryBreakers breakers;
    @Autowired
    CamelContext engine;

    @BeforeEach
    void labWithAnEmptyDeadLetterQueue() {
        jdbc.update("DELETE FROM ops_audit");
        // the audit is hash-chained: an emptied log restarts its chain
        jdbc.update("UPDATE audit_chain_head SET head_hash = NULL, record_count = 0");
        breakers.reset("lab");
        jms.setReceiveTimeout(200);
        while (jms.receive("DLQ.bawaba.applications.lab") != null) {
            // left by an earlier test
        }
        sync("lab");
        acceptWith(201);
    }

    @AfterEach
    void labRunningForTheNextTest() {
        // the hub is shared with other test classes: a suspension must not outlive its test
        if (json(get("/ops/v1/connectors/lab")).get("state").asText().equals("SUSPENDED")) {
            post("/ops/v1/entities/lab/resume", "");
        }
        jdbc.update("DELETE FROM ops_audit");
        // the audit is hash-chained: an emptied log restarts its chain
        jdbc.update("UPDATE audit_chain_head SET head_hash = NULL, record_count = 0");
    }

    @Test
    void theActorIsWhoTheTokenNamesAndNeverTheOperatorHeader() {
        HttpHeaders impostor = new HttpHeaders();
        impostor.add(HttpHeaders.AUTHORIZATION, bearer("nadia", Scopes.OPS_WRITE));
        impostor.add("X-Bawaba-Operator", "mallory");
        http.postForEntity("/ops/v1/entities/lab/suspend", new HttpEntity<>("", impostor), String.class);
        HttpHeaders named = new HttpHeaders();
        named.add(HttpHeaders.AUTHORIZATION, "Bearer " + tokenKey.sign(TestTokens.claims(DevTokenKey.ISSUER,
                Scopes.OPS_WRITE).subject("f3a1c2d4-user-id").claim("preferred_username", "amal.hassan").build()));
        http.postForEntity("/ops/v1/entities/lab/resume", new HttpEntity<>("", named), String.class);

        List<JsonNode> audit = auditRecords();
        assertThat(audit).extracting(r -> r.get("action").asText() + " by " + r.get("actor").asText())
                .containsExactly("resume by amal.hassan", "suspend by nadia");
        assertThat(json(get("/ops/v1/connectors/lab")).get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void listsEveryConnectorWithItsStateHealthQueuesAndRoutes() {
        JsonNode connectors = json(get("/ops/v1/connectors")).get("connectors");

        JsonNode lab = find(connectors, "lab");
        assertThat(lab.get("state").asText()).isEqualTo("RUNNING");
        assertThat(lab.get("health").asText()).isEqualTo("UP");
        assertThat(lab.at("/names/ar").asText()).isNotBlank();
        assertThat(lab.at("/catalogue/protocol").asText()).isEqualTo("REST");
        assertThat(lab.at("/catalogue/lastSync/outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(lab.at("/applications/kind").asText()).isEqualTo("rest");
        assertThat(lab.at("/applications/circuit").asText()).isEqualTo("CLOSED");
        assertThat(lab.at("/applications/deadLetterDepth").asLong()).isZero();
        assertThat(lab.get("routes").findValuesAsText("id")).contains("lab-applications-deliver");
        assertThat(lab.get("routes").findValuesAsText("status")).containsOnly("Started");
        JsonNode broken = find(connectors, "broken-ministry");
        assertThat(broken.get("state").asText()).isEqualTo("DISABLED");
        assertThat(broken.get("health").asText()).isEqualTo("DOWN");
        assertThat(broken.get("problems")).isNotEmpty();
    }

    @Test
    void suspendingAnEntityHoldsItsApplicationsUntilItIsResumed() {
        ResponseEntity<String> suspended = post("/ops/v1/entities/lab/suspend", "{\"reason\": \"entity maintenance\"}");

        assertThat(suspended.getStatusCode().value()).as(suspended.getBody()).isEqualTo(200);
        assertThat(json(suspended).get("state").asText()).isEqualTo("SUSPENDED");
        assertThat(json(suspended).get("health").asText()).isEqualTo("DOWN");
        assertThat(json(suspended).at("/suspension/by").asText()).isEqualTo("nadia");
        String id = json(apply("suspended-1")).get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/ops/v1/connectors/lab"))
                .at("/applications/queueDepth").asLong() == 1);
        assertThat(status(id)).isEqualTo("QUEUED");
        ENTITY_SYSTEMS.verify(0, postRequestedFor(urlPathEqualTo(ENTITY_PATH)));
        assertThat(post("/ops/v1/entities/lab/suspend", "").getStatusCode().value()).isEqualTo(409);

        ResponseEntity<String> resumed = post("/ops/v1/entities/lab/resume", "");

        assertThat(json(resumed).get("state").asText()).isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("DELIVERED"));
        List<JsonNode> audit = auditRecords();
        assertThat(audit).extracting(r -> r.get("action").asText() + ":" + r.get("outcome").asText())
                .containsExactly("resume:DONE", "suspend:REFUSED", "suspend:DONE");
        assertThat(audit.get(2).get("actor").asText()).isEqualTo("nadia");
        assertThat(audit.get(2).get("detail").asText()).contains("entity maintenance");
        assertThat(audit.get(2).get("entityId").asText()).isEqualTo("lab");
    }

    @Test
    void suspensionOutlivesAReloadOfTheEntityDefinition() throws Exception {
        post("/ops/v1/entities/lab/suspend", "{\"reason\": \"drill\"}");
        Path definition = ENTITIES.resolve("lab.yaml");
        String original = Files.readString(definition);
        Route before = engine.getRoute("lab-applications-deliver");
        try {
            Files.writeString(definition, original + "\n# touched by the suspension test\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Route now = engine.getRoute("lab-applications-deliver");
                return now != null && now != before;
            });

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode reloaded = json(get("/ops/v1/connectors/lab"));
                assertThat(reloaded.get("state").asText()).isEqualTo("SUSPENDED");
                assertThat(reloaded.get("routes").findValuesAsText("status")).containsOnly("Suspended");
            });
        } finally {
            Files.writeString(definition, original);
        }
    }

    @Test
    void replaysADeadLetteredApplicationOnceTheEntityIsFixed() {
        String id = deadLettered("replay-one");
        JsonNode letters = json(get("/ops/v1/entities/lab/dead-letters"));
        assertThat(letters.get("depth").asLong()).isEqualTo(1);
        JsonNode letter = letters.get("messages").get(0);
        assertThat(letter.get("applicationId").asText()).isEqualTo(id);
        assertThat(letter.get("applicationStatus").asText()).isEqualTo("DELIVERY_FAILED");
        assertThat(letter.get("failure").asText()).contains("500");
        assertThat(letters.toString()).doesNotContain(NATIONAL_ID).doesNotContain("Ahmed");

        acceptWith(201);
        ResponseEntity<String> replayed = post("/ops/v1/entities/lab/dead-letters/" + id + "/replay", "");

        assertThat(replayed.getStatusCode().value()).as(replayed.getBody()).isEqualTo(200);
        assertThat(json(replayed).get("replayed").get(0).asText()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("DELIVERED"));
        assertThat(json(get("/api/v1/applications/" + id)).get("history").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).contains("replayed from the dead letter queue by nadia"));
        assertThat(json(get("/ops/v1/entities/lab/dead-letters")).get("depth").asLong()).isZero();
        JsonNode record = auditRecords().get(0);
        assertThat(record.get("action").asText()).isEqualTo("dead-letter-replay");
        assertThat(record.get("target").asText()).isEqualTo(id);
        assertThat(record.get("outcome").asText()).isEqualTo("DONE");
    }

    @Test
    void replaysSeveralOrAllDeadLettersAndReportsThoseNotFound() {
        String first = deadLettered("replay-a");
        String second = deadLettered("replay-b");
        String third = deadLettered("replay-c");
        acceptWith(201);
        String unknown = UUID.randomUUID().toString();

        JsonNode some = json(post("/ops/v1/entities/lab/dead-letters/replay",
                "{\"applicationIds\": [\"" + first + "\", \"" + unknown + "\"]}"));
        assertThat(some.get("replayed").get(0).asText()).isEqualTo(first);
        assertThat(some.get("notFound").get(0).asText()).isEqualTo(unknown);
        JsonNode all = json(post("/ops/v1/entities/lab/dead-letters/replay", "{\"all\": true}"));

        assertThat(List.of(all.get("replayed").get(0).asText(), all.get("replayed").get(1).asText()))
                .containsExactlyInAnyOrder(second, third);
        for (String id : List.of(first, second, third)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("DELIVERED"));
        }
        assertThat(post("/ops/v1/entities/lab/dead-letters/replay", "{\"applicationIds\": [\"" + unknown + "\"]}")
                .getStatusCode().value()).isEqualTo(404);
        assertThat(post("/ops/v1/entities/lab/dead-letters/replay", "{}").getStatusCode().value()).isEqualTo(400);
        List<JsonNode> audit = auditRecords();
        assertThat(audit).extracting(r -> r.get("action").asText() + ":" + r.get("outcome").asText())
                .containsExactly("dead-letter-replay:REFUSED", "dead-letter-replay:REFUSED", "dead-letter-replay:DONE",
                        "dead-letter-replay:DONE");
        assertThat(audit.get(0).get("detail").asText()).contains("applicationIds");
        assertThat(audit.get(1).get("target").asText()).isEqualTo(unknown);
        assertThat(audit.get(2).get("target").asText()).isEqualTo("all");
        assertThat(audit.get(2).get("detail").asText()).isEqualTo("replayed 2");
        assertThat(audit.get(3).get("target").asText()).isEqualTo(first + "," + unknown);
        assertThat(audit.get(3).get("detail").asText()).isEqualTo("replayed 1, not found [" + unknown + "]");
    }

    @Test
    void discardsADeadLetterOnlyWithAReason() {
        String id = deadLettered("discard-1");

        ResponseEntity<String> withoutReason = post("/ops/v1/entities/lab/dead-letters/" + id + "/discard", "{}");
        assertThat(withoutReason.getStatusCode().value()).isEqualTo(400);
        assertThat(withoutReason.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        ResponseEntity<String> discarded = post("/ops/v1/entities/lab/dead-letters/" + id + "/discard",
                "{\"reason\": \"duplicate of an application the entity already has\"}");

        assertThat(discarded.getStatusCode().value()).as(discarded.getBody()).isEqualTo(200);
        assertThat(json(get("/ops/v1/entities/lab/dead-letters")).get("depth").asLong()).isZero();
        JsonNode application = json(get("/api/v1/applications/" + id));
        assertThat(application.get("status").asText()).isEqualTo("DELIVERY_FAILED");
        assertThat(application.get("history").findValuesAsText("detail")).anySatisfy(d -> assertThat(d)
                .contains("discarded from the dead letter queue by nadia: duplicate of an application"));
        assertThat(post("/ops/v1/entities/lab/dead-letters/" + id + "/discard", "{\"reason\": \"again\"}")
                .getStatusCode().value()).isEqualTo(404);
        assertThat(auditRecords()).extracting(r -> r.get("action").asText() + ":" + r.get("outcome").asText())
                .containsExactly("dead-letter-discard:REFUSED", "dead-letter-discard:DONE", "dead-letter-discard:REFUSED");
    }

    @Test
    void auditsSyncsAndRefusalsAndFiltersTheLogByEntity() {
        assertThat(post("/ops/v1/entities/emigration/sync", "").getStatusCode().value()).isEqualTo(200);
        assertThat(post("/ops/v1/entities/atlantis/suspend", "").getStatusCode().value()).isEqualTo(404);
        assertThat(post("/ops/v1/dry-run", "{}").getStatusCode().value()).isEqualTo(400);

        List<JsonNode> all = auditRecords();
        assertThat(all).extracting(r -> r.get("action").asText() + ":" + r.get("entityId").asText() + ":"
                + r.get("outcome").asText()).containsExactly("dry-run:null:REFUSED", "suspend:atlantis:REFUSED",
                "sync:emigration:DONE");
        assertThat(all.get(0).get("detail").asText()).contains("definition");
        assertThat(all.get(2).get("detail").asText()).contains("SUCCEEDED");
        JsonNode emigration = json(get("/ops/v1/audit?entity=emigration")).get("records");
        assertThat(emigration).hasSize(1);
        assertThat(get("/ops/v1/audit?entity=..%2Fetc").getStatusCode().value()).isEqualTo(400);
    }

    private String deadLettered(String key) {
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("NullPointerException in ApplicationServlet")));
        String id = json(apply(key)).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("DELIVERY_FAILED"));
        breakers.reset("lab");
        return id;
    }

    private void acceptWith(int status) {
        ENTITY_SYSTEMS.resetToDefaultMappings();
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(5)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"reference\":\"LAB-{{randomValue length=8 type='ALPHANUMERIC'}}\"}")));
    }

    private String status(String id) {
        return json(get("/api/v1/applications/" + id)).get("status").asText();
    }

    private List<JsonNode> auditRecords() {
        List<JsonNode> records = new java.util.ArrayList<>();
        json(get("/ops/v1/audit")).get("records").forEach(records::add);
        return records;
    }

    private static JsonNode find(JsonNode connectors, String id) {
        for (JsonNode c : connectors) {
            if (c.get("entityId").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no connector " + id + " in " + connectors);
    }

    private ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add(HttpHeaders.AUTHORIZATION, bearer("nadia", Scopes.OPS_READ, Scopes.OPS_WRITE));
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private ResponseEntity<String> apply(String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", key + "-" + UUID.randomUUID());
        return http.postForEntity("/api/v1/applications",
                new HttpEntity<>(SampleApplications.carImport().toString(), headers),
                String.class);
    }
}
