package eg.gov.bawaba.hub.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import eg.gov.bawaba.hub.catalogue.CatalogueSyncRoutes;
import eg.gov.bawaba.hub.catalogue.SyncContext;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.mappings.CanonicalJson;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Applications delivered over SOAP end to end: a real CXF server plays the Ministry of Foreign Affairs, the hub reads
 * its catalogue and delivers applications to it through delivery kind soap, with the real foreign affairs mappings,
 * a WS-Security UsernameToken from the environment (catalogue) and from secret files (delivery, callback secret), and
 * the embedded broker's durable queue.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bawaba.catalogue.scheduling=false",
        "bawaba.connectors.retry-delay=20",
        "bawaba.broker.redelivery-delay=100",
        "bawaba.broker.max-redelivery-delay=400",
        "FOREIGN_AFFAIRS_SOAP_USER=" + SoapApplicationDeliveryTest.USER,
        "FOREIGN_AFFAIRS_SOAP_PASSWORD=" + SoapApplicationDeliveryTest.PASSWORD})
class SoapApplicationDeliveryTest {

    static final String USER = "bawaba-hub";
    static final String PASSWORD = "s3cret-from-env";
    static final String NATIONAL_ID = "29001011234567";
    static final String CALLBACK_SECRET = "mfa-callback-secret-" + UUID.randomUUID();
    private static final ConsularApplicationsServer MINISTRY = ConsularApplicationsServer.start(USER, PASSWORD);
    private static final Path ENTITIES = entities();
    private static final String RUN = UUID.randomUUID().toString();

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("FOREIGN_AFFAIRS_WSDL", () -> MINISTRY.url() + "?wsdl");
        registry.add("bawaba.secrets-dir", () -> ENTITIES.resolve("secrets").toString());
        registry.add("bawaba.entities.dir", ENTITIES::toString);
        registry.add("bawaba.data-dir", () -> "./target/test-data/soap-applications-" + RUN);
    }

    @Autowired
    private TestRestTemplate http;
    @Autowired
    private ProducerTemplate camel;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private CatalogueIndex index;
    @Autowired
    private JmsTemplate jms;
    @Autowired
    private QueueDepths depths;
    @Autowired
    private DeliveryBreakers breakers;

    @BeforeEach
    void catalogueReadFromTheMinistry() throws Exception {
        MINISTRY.reset();
        for (String table : new String[] {"quarantine_record", "catalogue_sync", "catalogue_change", "catalogue_entry",
                "application_event", "application"}) {
            jdbc.update("DELETE FROM " + table);
        }
        index.clear();
        breakers.reset("foreign-affairs");
        SyncReport report = sync("foreign-affairs");
        assertThat(report.outcome()).as(report.error()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
    }

    @AfterAll
    static void stopMinistry() throws Exception {
        MINISTRY.close();
    }

    @Test
    void deliversTheApplicationOverSoapAndKeepsTheMinistrysReference() {
        ResponseEntity<String> response = apply("soap-1", passportRenewal());

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        String id = json(response.getBody()).get("id").asText();
        JsonNode delivered = awaitStatus(id, "DELIVERED");
        assertThat(delivered.get("entityReference").asText()).matches("MFA-2026-\\d{6}");

        String correlationId = response.getHeaders().getFirst("X-Correlation-Id");
        assertThat(MINISTRY.received).singleElement().satisfies(call -> {
            assertThat(call.idempotencyKey()).as("Idempotency-Key").isEqualTo(id);
            assertThat(call.correlationId()).as("X-Correlation-Id").isNotBlank().isEqualTo(correlationId);
            assertThat(call.requestId()).as("requestId").isEqualTo(id);
            assertThat(call.xml()).contains("SubmitConsularApplication").contains(ConsularApplicationsServer.NS)
                    .contains(">PSP-RENEW-01<").contains(">" + NATIONAL_ID + "<").contains("أحمد محمد علي")
                    .contains("name=\"passportNumber\">A12345678<")
                    .doesNotContain("bawaba:input");
        });

        // the Ministry reports progress by its own reference, signed with the secret the hub reads from a file
        String path = SignedCallbacks.path("foreign-affairs", delivered.get("entityReference").asText());
        ResponseEntity<String> callback = http.postForEntity(path,
                SignedCallbacks.signed(CALLBACK_SECRET, path, "{\"status\":\"IN_REVIEW\"}"), String.class);
        assertThat(callback.getStatusCode().value()).isEqualTo(204);
        assertThat(json(http.getForObject("/api/v1/applications/" + id, String.class)).get("status").asText())
                .isEqualTo("IN_REVIEW");
    }

    @Test
    void aClientFaultRejectsTheApplicationWithTheMinistrysText() {
        MINISTRY.answer = ConsularApplicationsServer.Answer.CLIENT_FAULT;

        String id = json(apply("soap-2", passportRenewal()).getBody()).get("id").asText();

        JsonNode rejected = awaitStatus(id, "REJECTED_BY_ENTITY");
        assertThat(rejected.get("history").findValuesAsText("detail")).anySatisfy(detail -> assertThat(detail)
                .contains("soap:Client").contains("Passport A12345678 is reported lost; apply in person"));
        assertThat(MINISTRY.received).as("a refusal is not retried").hasSize(1);
    }

    @Test
    void holdsApplicationsWhileTheMinistryIsDownThenDeliversEachExactlyOnce() throws Exception {
        MINISTRY.stop();
        List<String> ids = IntStream.rangeClosed(1, 5)
                .mapToObj(n -> json(apply("soap-down-" + n, passportRenewal()).getBody()).get("id").asText())
                .toList();

        await().atMost(Duration.ofSeconds(60)).until(() -> breakers.state("foreign-affairs") != CircuitBreaker.State.CLOSED);
        // through a few open/half-open rounds of trial calls, each failing again, they stay queued
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id ->
                json(http.getForObject("/api/v1/applications/" + id, String.class)).get("status").asText().equals("QUEUED")));
        for (String id : ids) {
            assertThat(json(http.getForObject("/api/v1/applications/" + id, String.class)).get("status").asText())
                    .as(id).isEqualTo("QUEUED");
        }
        assertThat(depths.deadLetterDepth("foreign-affairs")).as("nothing dead-lettered while the Ministry is known down")
                .isZero();
        assertThat(MINISTRY.received).isEmpty();

        MINISTRY.restart();
        ids.forEach(id -> awaitStatus(id, "DELIVERED"));

        assertThat(MINISTRY.acceptedCalls).containsOnlyKeys(ids)
                .allSatisfy((requestId, calls) -> assertThat(calls.get()).as(requestId).isEqualTo(1));
        assertThat(ids.stream().map(id -> json(http.getForObject("/api/v1/applications/" + id, String.class))
                .get("entityReference").asText()).distinct()).hasSize(ids.size());
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                json(http.getForObject("/api/v1/applications/" + id, String.class)).get("status").asText()
                        .equals(status));
        return json(http.getForObject("/api/v1/applications/" + id, String.class));
    }

    private SyncReport sync(String entityId) {
        Exchange done = camel.send(CatalogueSyncRoutes.SYNC, e -> {
            e.setProperty(SyncContext.ENTITY_ID, entityId);
            e.setProperty(SyncContext.TRIGGER, "TEST");
        });
        if (done.getException() != null) {
            throw new AssertionError("sync threw", done.getException());
        }
        return done.getMessage().getBody(SyncReport.class);
    }

    private ResponseEntity<String> apply(String key, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", key);
        return http.postForEntity("/api/v1/applications", new HttpEntity<>(body, headers), String.class);
    }

    private static String passportRenewal() {
        return """
                {"entryId": "foreign-affairs.PSP-RENEW-01",
                 "applicant": {"nationalId": "%s", "passportNumber": "A12345678",
                               "name": {"ar": "أحمد محمد علي", "en": "Ahmed Mohamed Aly"},
                               "countryOfResidence": "SA", "contact": {"email": "ahmed@example.com"}},
                 "fields": {"passportNumber": "A12345678"}}
                """.formatted(NATIONAL_ID);
    }

    private static JsonNode json(String body) {
        try {
            return CanonicalJson.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The real foreign affairs mappings, with a definition tuned for tests: short breaker, few attempts. */
    private static Path entities() {
        try {
            Path dir = Files.createTempDirectory("bawaba-soap-application-entities");
            Path real = Path.of("..", "config", "entities");
            Files.createDirectories(dir.resolve("foreign-affairs"));
            for (String file : new String[] {"foreign-affairs/catalogue.jsonata", "foreign-affairs/code-lists.yaml",
                    "foreign-affairs/application.jsonata"}) {
                Files.copy(real.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            // secrets as an orchestrator mounts them: one file each, ending with a line break
            Path secrets = Files.createDirectories(dir.resolve("secrets").resolve("foreign-affairs"));
            Files.writeString(secrets.resolve("mfa-user"), USER + "\n");
            Files.writeString(secrets.resolve("mfa-password"), PASSWORD + "\n");
            Files.writeString(secrets.resolve("mfa-callback"), CALLBACK_SECRET + "\n");
            Files.writeString(dir.resolve("foreign-affairs.yaml"), """
                    id: foreign-affairs
                    names: {ar: وزارة الخارجية, en: Ministry of Foreign Affairs}
                    catalogue:
                      connector:
                        kind: soap
                        wsdl: ${FOREIGN_AFFAIRS_WSDL}
                        operation: ListConsularServices
                        recordElement: consularService
                        auth: {type: ws-security, usernameEnv: FOREIGN_AFFAIRS_SOAP_USER, secretEnv: FOREIGN_AFFAIRS_SOAP_PASSWORD}
                        timeout: 10s
                        retries: 1
                      schedule: {every: 1h, initialDelay: 1h}
                      mapping: foreign-affairs/catalogue.jsonata
                      codeLists: foreign-affairs/code-lists.yaml
                    applications:
                      connector:
                        kind: soap
                        wsdl: ${FOREIGN_AFFAIRS_WSDL}
                        operation: SubmitConsularApplication
                        referenceElement: reference
                        auth: {type: ws-security, usernameFile: mfa-user, secretFile: mfa-password}
                        timeout: 10s
                        circuitBreaker: {minimumCalls: 3, failureRateThreshold: 50, openFor: 1s}
                      mapping: foreign-affairs/application.jsonata
                      # more attempts than calls the breaker measures: the Ministry is judged down before any
                      # application could use its attempts up
                      maxAttempts: 4
                      status:
                        callback: {secretFile: %s}
                    """.formatted(secrets.resolve("mfa-callback").toAbsolutePath()), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
