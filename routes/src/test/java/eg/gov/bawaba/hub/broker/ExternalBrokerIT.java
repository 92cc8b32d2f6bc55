package eg.gov.bawaba.hub.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.PostgresTestSchema;
import eg.gov.bawaba.hub.applications.QueueDepths;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.hub.catalogue.CatalogueFeedFollower;
import eg.gov.bawaba.hub.catalogue.CatalogueStore;
import eg.gov.bawaba.hub.catalogue.RemovedEntityWithdrawal;
import eg.gov.bawaba.hub.cluster.ClusterSyncLocks;
import eg.gov.bawaba.hub.entities.EntityRemovedEvent;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.experts.ExpertsIndex;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.Provenance;
import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A hub of profile cluster on PostgreSQL and an external Artemis broker configured only from deploy/broker (started by
 * the test on a free port): the hub's start-time check passes, applications travel through the external broker,
 * queue depths and dead letters are read and moved through its management address, the singleton jobs run under
 * leadership, and the catalogue and experts indexes and operators' suspensions follow what other hubs write to the
 * shared database; removed entities are withdrawn by the leader only, and a sync runs on one hub at a time.
 */
@ActiveProfiles({"dev", "cluster"})
class ExternalBrokerIT extends HubTestSupport {

    private static final String ENTITY_PATH = "/emigration/lab/applications";
    private static final EmbeddedActiveMQ BROKER = TestBrokers.fromDeployFolder();
    private static final PostgresTestSchema SCHEMA = new PostgresTestSchema();

    @DynamicPropertySource
    static void externalBrokerAndSharedDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.broker-url", () -> TestBrokers.url(BROKER));
        SCHEMA.register(registry);
        // the broker's redelivery policy is deploy/broker's, so the hub's must be too (HubTestSupport shortens it)
        registry.add("bawaba.broker.redelivery-delay", () -> "1000");
        registry.add("bawaba.broker.max-redelivery-delay", () -> "60000");
        registry.add("bawaba.cluster.locks", () -> "./target/test-data/locks-" + SCHEMA.name());
        registry.add("bawaba.cluster.acquire-interval", () -> "500ms");
        registry.add("bawaba.cluster.removed-entities-interval", () -> "500");
    }

    @AfterAll
    static void stopBrokerAndDropSchema() {
        SCHEMA.drop();
        TestBrokers.stop(BROKER);
    }

    @Autowired
    ConnectionFactory connections;
    @Autowired
    CamelContext camelContext;
    @Autowired
    CatalogueStore store;
    @Autowired
    CatalogueFeedFollower follower;
    @Autowired
    ExpertsIndex experts;
    @Autowired
    ObjectProvider<EmbeddedActiveMQ> embedded;
    @Autowired
    QueueDepths depths;
    @Autowired
    DeliveryBreakers breakers;
    @Autowired
    ApplicationEventPublisher events;

    @BeforeEach
    void labCatalogue() {
        breakers.reset("lab");
        sync("lab");
    }

    @Test
    void connectsThroughAPoolToTheExternalBrokerInsteadOfEmbeddingOne() {
        assertThat(embedded.getIfAvailable()).isNull();
        assertThat(connections).isInstanceOf(JmsPoolConnectionFactory.class);
        assertThat(BROKER.getActiveMQServer().getConnectionCount()).isPositive();
    }

    @Test
    void runsTheSingletonJobsUnderLeadershipAndTheOwnFlushOnEveryHub() {
        for (String singleton : new String[] {"applications-requeue", "applications-retention", "removed-entities",
                "callback-signatures-expiry", "experts-deliveries-requeue", "experts-retention",
                "poller-applications-status-poll"}) {
            assertThat(camelContext.getRoute(singleton)).as(singleton).isNotNull();
            assertThat(camelContext.getRoute(singleton).getEndpoint().getEndpointUri()).as(singleton)
                    .startsWith("master:bawaba-");
        }
        // each hub removes the outbox rows of its own confirmed sends, and flushes its own insight counts
        assertThat(camelContext.getRoute("applications-outbox").getEndpoint().getEndpointUri()).startsWith("timer:");
        // the single leader of this one-hub cluster runs them
        await().atMost(Duration.ofSeconds(20)).until(() -> camelContext.getRoute("poller-applications-status-poll")
                .getConsumer() instanceof MasterConsumer master && master.isMaster());
    }

    @Test
    void servesWhatAnotherHubSyncedWithoutBeingToldUnderTheSameGeneration() {
        CatalogueEntry entry = store.find("lab.CAR-IMPORT-01").orElseThrow();
        Provenance p = entry.provenance();
        String etagBefore = get("/api/v1/catalogue").getHeaders().getETag();

        // another hub's sync: written to the shared database, this hub's index is not told
        store.apply("lab", List.of(entry.withProvenance(new Provenance(p.sourceProtocol(), p.syncedAt(),
                "sha256:c61c0f381f6b693e82dbaa7d9bd93855dc764973b56c1a45c37dfcc068d063a4", p.version(), p.status()))), false, Instant.now());
        long latest = store.latestChangeSeq();

        // followed every 500 ms (about a second in practice); the bound is loose so a loaded CI machine does not fail it
        await().atMost(Duration.ofSeconds(15)).until(() -> index.generation() == latest);
        assertThat(json(get("/api/v1/catalogue/lab.CAR-IMPORT-01")).at("/provenance/version").asLong())
                .isEqualTo(p.version() + 1);
        String etagAfter = get("/api/v1/catalogue").getHeaders().getETag();
        assertThat(etagAfter).isNotEqualTo(etagBefore).startsWith("W/\"c" + latest + "-");
        assertThat(follower.cursor()).isEqualTo(latest);
    }

    @Test
    void findsAnExpertAnotherHubRegisteredWithinSeconds() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "ext-expert");
        ResponseEntity<String> created = http.postForEntity("/api/v1/experts", new HttpEntity<>("""
                {"consent": {"scope": ["profile"], "givenAt": "2026-11-01T10:00:00Z"},
                 "name": {"ar": "هدى كامل", "en": "Huda Kamel"}, "fields": ["physics"], "countryOfResidence": "FR",
                 "contributions": ["LECTURES"]}""", headers), String.class);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        String id = json(created).get("id").asText();

        // as if another hub had registered it: only the shared database has it
        experts.remove(id);

        await().atMost(Duration.ofSeconds(5)).until(() -> json(get("/api/v1/experts?field=physics")).get("experts")
                .findValuesAsText("href").stream().anyMatch(href -> href.endsWith("/" + id)));
    }

    @Test
    void followsASuspensionAndResumeAnotherHubRecorded() {
        String delivery = "lab-applications-deliver";
        assertThat(camelContext.getRouteController().getRouteStatus(delivery).isStarted()).isTrue();

        // another hub's operator suspended lab: only the shared database says so
        jdbc.update("INSERT INTO entity_suspension (entity_id, suspended_by, suspended_at, reason) VALUES (?, ?, ?, ?)",
                "lab", "nadia", OffsetDateTime.now(ZoneOffset.UTC), "entity maintenance");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !camelContext.getRouteController()
                    .getRouteStatus(delivery).isStarted());
            assertThat(json(get("/ops/v1/connectors/lab")).get("state").asText()).isEqualTo("SUSPENDED");
        } finally {
            jdbc.update("DELETE FROM entity_suspension WHERE entity_id = ?", "lab");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> camelContext.getRouteController()
                .getRouteStatus(delivery).isStarted());
        assertThat(json(get("/ops/v1/connectors/lab")).get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void leavesARemovalToTheLeaderWhichWithdrawsEntriesNoDefinitionNamesAndAuditsIt() {
        // every hub of a cluster sees a definition go: the hub that noticed it does not withdraw by itself
        events.publishEvent(new EntityRemovedEvent("lab"));
        assertThat(json(get("/api/v1/catalogue?entity=lab")).get("total").asInt()).isEqualTo(5);

        // entries of an entity whose definition is gone (removed while every hub was stopped, or seen by another hub)
        jdbc.update("UPDATE catalogue_entry SET entity_id = 'lab-gone' WHERE entity_id = 'lab'");

        await().atMost(Duration.ofSeconds(20)).until(() -> "WITHDRAWN".equals(store.find("lab.CAR-IMPORT-01")
                .orElseThrow().provenance().status().name()));
        JsonNode audit = json(get("/ops/v1/audit?entity=lab-gone")).get("records").get(0);
        assertThat(audit.get("actor").asText()).isEqualTo(RemovedEntityWithdrawal.ACTOR);
        assertThat(audit.get("detail").asText()).startsWith("5 entries withdrawn; reason: it has no definition");
    }

    @Test
    void refusesASyncNowWhileAnotherHubSyncsTheSameEntity() {
        ClusterSyncLocks otherHub = new ClusterSyncLocks(SCHEMA.url(), "postgres", "");
        assertThat(otherHub.tryLock("lab")).isTrue();
        try {
            ResponseEntity<String> refused = post("/ops/v1/entities/lab/sync");

            assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(409);
            assertThat(refused.getBody()).contains("already running on another hub of the cluster");
        } finally {
            otherHub.unlock("lab");
        }

        ResponseEntity<String> synced = post("/ops/v1/entities/lab/sync");
        assertThat(synced.getStatusCode().value()).as(synced.getBody()).isEqualTo(200);
        // and this hub's own sync holds the lock for the others while it runs, and only then
        assertThat(otherHub.tryLock("lab")).isTrue();
        otherHub.unlock("lab");
    }

    @Test
    void deliversAnApplicationOnceThroughTheExternalBroker() {
        acceptWith(201);

        String id = json(apply("ext-1")).get("id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("DELIVERED"));
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH)));
        assertThat(BROKER.getActiveMQServer().locateQueue("bawaba.applications.lab")).isNotNull();
        assertThat(depths.depth("lab")).isZero();
    }

    @Test
    void countsBrowsesAndReplaysDeadLettersOnTheExternalBroker() {
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("NullPointerException in ApplicationServlet")));
        String id = json(apply("ext-dead")).get("id").asText();

        // three attempts, redelivered by the broker after 1 s and 2 s as deploy/broker/address-settings.xml says
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("DELIVERY_FAILED"));
        assertThat(depths.deadLetterQueueExists("lab")).isTrue();
        assertThat(depths.deadLetterDepth("lab")).isEqualTo(1)
                .isEqualTo(BROKER.getActiveMQServer().locateQueue("DLQ.bawaba.applications.lab").getMessageCount());
        JsonNode letters = json(get("/ops/v1/entities/lab/dead-letters"));
        assertThat(letters.get("depth").asLong()).isEqualTo(1);
        assertThat(letters.get("messages").get(0).get("applicationId").asText()).isEqualTo(id);
        assertThat(letters.get("messages").get(0).get("failure").asText()).contains("500");

        ENTITY_SYSTEMS.resetToDefaultMappings();
        acceptWith(201);
        ResponseEntity<String> replayed = post("/ops/v1/entities/lab/dead-letters/" + id + "/replay");

        assertThat(replayed.getStatusCode().value()).as(replayed.getBody()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("DELIVERED"));
        assertThat(depths.deadLetterDepth("lab")).isZero();
        assertThat(json(get("/ops/v1/connectors/lab")).at("/applications/deadLetterDepth").asLong()).isZero();
    }

    @Test
    void answersZeroForAQueueTheExternalBrokerDoesNotHave() {
        assertThat(depths.count("bawaba.applications.no-such-entity")).isZero();
        assertThat(depths.deadLetterQueueExists("no-such-entity")).isFalse();
    }

    private void acceptWith(int status) {
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(5)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"reference\":\"LAB-EXT\"}")));
    }

    private String status(String id) {
        return json(get("/api/v1/applications/" + id)).get("status").asText();
    }

    private ResponseEntity<String> apply(String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", key);
        ResponseEntity<String> response = http.postForEntity("/api/v1/applications",
                new HttpEntity<>(SampleApplications.carImport().toString(), headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return response;
    }

    private ResponseEntity<String> post(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>("", headers), String.class);
    }
}
