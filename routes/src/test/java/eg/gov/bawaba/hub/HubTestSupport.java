package eg.gov.bawaba.hub;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.connectors.definition.DefinitionSecrets;
import eg.gov.bawaba.hub.applications.SignedCallbacks;
import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import eg.gov.bawaba.hub.catalogue.CatalogueSyncRoutes;
import eg.gov.bawaba.hub.catalogue.SyncContext;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import eg.gov.bawaba.hub.security.DevTokenKey;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole hub on a random port with its real H2 file database and embedded broker, the emigration entity's API
 * played by WireMock (stubs in src/test/resources/mappings/emigration), and scheduled syncs off so tests sync on demand.
 * It runs in profile dev, and {@link #http} sends a token of its development key with every scope ({@link TestTokens}).
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bawaba.catalogue.scheduling=false",
        "bawaba.connectors.retry-delay=20",
        "bawaba.entities.watch-interval=300",
        "bawaba.broker.redelivery-delay=100",
        "bawaba.broker.max-redelivery-delay=400",
        "EMIGRATION_API_KEY=" + TestEntities.API_KEY,
        "PENSIONS_USER=bawaba",
        "PENSIONS_PASSWORD=s3cret-from-env",
        "LAB_CALLBACK_SECRET=" + SignedCallbacks.LAB_SECRET,
        "bawaba.webhook.secret=" + HubTestSupport.WEBHOOK_SECRET})
public abstract class HubTestSupport {

    protected static final String WEBHOOK_SECRET = "test-webhook-secret";
    protected static final WireMockServer ENTITY_SYSTEMS =
            new WireMockServer(options().dynamicPort().usingFilesUnderDirectory("src/test/resources"));
    protected static final Path ENTITIES = TestEntities.create();
    /** The hub's secrets folder ({@code bawaba.secrets-dir}): {@code <entity-id>/<file>}. */
    protected static final Path SECRETS = TestEntities.secretsDir();
    /** Where the file-drop subscriber of expert profiles (entity archive) receives them. */
    protected static final Path ARCHIVE_DROPS = TestEntities.archiveDrops();
    private static final String RUN = UUID.randomUUID().toString();

    static {
        ENTITY_SYSTEMS.start();
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        for (String id : TestEntities.FEED_IDS) {
            String prefix = DefinitionSecrets.prefix(id);
            registry.add(prefix + "BASE_URL", () -> ENTITY_SYSTEMS.baseUrl() + "/emigration");
            registry.add(prefix + "API_KEY", () -> TestEntities.API_KEY);
        }
        registry.add("bawaba.secrets-dir", SECRETS::toString);
        // the entity systems are the only "staging" host a dry run over the API may call
        registry.add("bawaba.dry-run.allowed-hosts", () -> "localhost:" + ENTITY_SYSTEMS.port());
        registry.add("PENSIONS_BASE_URL", () -> ENTITY_SYSTEMS.baseUrl() + "/pensions");
        registry.add("bawaba.webhook.url", () -> ENTITY_SYSTEMS.baseUrl() + "/backend/bawaba-webhook");
        registry.add("bawaba.entities.dir", ENTITIES::toString);
        registry.add("ARCHIVE_DROP_DIR", () -> ARCHIVE_DROPS.toString());
        registry.add("bawaba.data-dir", () -> "./target/test-data/" + RUN);
    }

    @Autowired
    protected TestRestTemplate http;
    @Autowired
    protected ProducerTemplate camel;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected CatalogueIndex index;
    @Autowired
    protected DevTokenKey tokenKey;

    @BeforeEach
    void startFromEmptyCatalogue() {
        for (String table : new String[] {"quarantine_record", "catalogue_sync", "catalogue_change", "catalogue_entry",
                "application_event", "application_outbox", "application"}) {
            jdbc.update("DELETE FROM " + table);
        }
        index.clear();
        ENTITY_SYSTEMS.resetToDefaultMappings();
    }

    /** Runs one catalogue sync of the entity, as the ops endpoint and the schedule do. */
    protected SyncReport sync(String entityId) {
        Exchange done = camel.send(CatalogueSyncRoutes.SYNC, e -> {
            e.setProperty(SyncContext.ENTITY_ID, entityId);
            e.setProperty(SyncContext.TRIGGER, "TEST");
        });
        if (done.getException() != null) {
            throw new AssertionError("sync threw", done.getException());
        }
        return done.getMessage().getBody(SyncReport.class);
    }

    /**
     * Serves emigration feed variant {@code variant} (__files/emigration/privileges-<variant>-page-N.json) instead of
     * v1 until the next test.
     */
    protected static void serveEmigrationFeed(String variant) {
        for (int page = 0; page < 2; page++) {
            ENTITY_SYSTEMS.stubFor(WireMock.get(WireMock.urlPathEqualTo("/emigration/api/v1/privileges")).atPriority(1)
                    .withQueryParam("page", WireMock.equalTo(String.valueOf(page)))
                    .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBodyFile("emigration/privileges-" + variant + "-page-" + page + ".json")));
        }
    }

    protected ResponseEntity<String> get(String path, String... headerPairs) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    /** An Authorization header value: a token of the hub's development key for the subject with these scopes. */
    protected String bearer(String subject, String... scopes) {
        return TestTokens.bearer(tokenKey, subject, scopes);
    }

    protected static JsonNode json(ResponseEntity<String> response) {
        try {
            return CanonicalJson.mapper().readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }
}
