package eg.gov.bawaba.hub.entities;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestEntities;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Bawaba calls an entity that demands mutual TLS (WireMock over HTTPS with needClientAuth, stores made by keytool at
 * test time): the catalogue sync and the application delivery succeed with the entity's trust store and Bawaba's
 * client certificate, and fail, saying why, without the certificate or against a server certificate Bawaba does not
 * trust; SOAP catalogue and delivery likewise over CXF. The API key comes from a secret file.
 */
class EntityTlsTest extends HubTestSupport {

    private static final TestKeyStores STORES = TestKeyStores.create();
    private static final WireMockServer SECURE_ENTITY = new WireMockServer(options().dynamicPort().dynamicHttpsPort()
            .keystorePath(STORES.serverKeys().toString()).keystoreType("PKCS12")
            .keystorePassword(STORES.password()).keyManagerPassword(STORES.password())
            .needClientAuth(true).trustStorePath(STORES.serverTrust().toString()).trustStoreType("PKCS12")
            .trustStorePassword(STORES.password())
            .usingFilesUnderDirectory("src/test/resources"));
    private static final Path API_KEY_FILE = apiKeyFile();
    private static final String DELIVERY_PATH = "/emigration/lab/applications";
    private static final String MFA_PATH = "/mfa-tls/consular-services";

    static {
        SECURE_ENTITY.start();
    }

    @Autowired
    EntityRegistry registry;

    private final List<Path> definitions = new ArrayList<>();

    @AfterAll
    static void stopEntity() {
        SECURE_ENTITY.stop();
    }

    @AfterEach
    void removeTheEntities() throws IOException {
        for (Path definition : definitions) {
            if (Files.isDirectory(definition)) {
                try (var files = Files.list(definition)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.deleteIfExists(definition);
        }
        registry.reconcile();
        SECURE_ENTITY.resetToDefaultMappings();
    }

    @Test
    void syncsAndDeliversWithTheEntitysTrustStoreAndBawabasClientCertificate() throws IOException {
        String mutual = "{trustStore: \"%s\", trustStorePasswordFile: \"%s\", keyStore: \"%s\", keyStorePasswordFile: \"%s\"}"
                .formatted(STORES.hubTrust(), STORES.passwordFile(), STORES.clientKeys(), STORES.passwordFile());
        start("tls-mutual", https(), mutual, https(), mutual);

        SyncReport report = sync("tls-mutual");
        assertThat(report.outcome()).as(report.error()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isPositive();

        String id = apply("tls-mutual");
        JsonNode delivered = awaitStatus(id, "DELIVERED");
        assertThat(delivered.get("entityReference").asText()).isEqualTo("LAB-" + id);
        SECURE_ENTITY.verify(1, postRequestedFor(urlPathEqualTo(DELIVERY_PATH)).withHeader("Idempotency-Key", equalTo(id))
                .withHeader("X-Api-Key", equalTo(TestEntities.API_KEY)));
    }

    @Test
    void soapCallsUseTheEntitysTrustStoreAndBawabasClientCertificateToo() throws IOException {
        Path wsdl = soapEntity();
        String mutual = "{trustStore: \"%s\", trustStorePasswordFile: \"%s\", keyStore: \"%s\", keyStorePasswordFile: \"%s\"}"
                .formatted(STORES.hubTrust(), STORES.passwordFile(), STORES.clientKeys(), STORES.passwordFile());
        startSoap("tls-soap", wsdl, mutual);

        SyncReport report = sync("tls-soap");
        assertThat(report.outcome()).as(report.error()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isPositive();
        String id = apply("tls-soap", "PSP-RENEW-01");
        assertThat(awaitStatus(id, "DELIVERED").get("entityReference").asText()).isEqualTo("MFA-TLS-000001");

        startSoap("tls-soap-no-cert", wsdl, "{trustStore: \"%s\", trustStorePasswordFile: \"%s\"}"
                .formatted(STORES.hubTrust(), STORES.passwordFile()));
        SyncReport refused = sync("tls-soap-no-cert");
        assertThat(refused.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(refused.error()).contains("asked for a client certificate and Bawaba presented none");
    }

    @Test
    void failsWithoutAClientCertificateAndRecordsWhy() throws IOException {
        String trustOnly = "{trustStore: \"%s\", trustStorePasswordFile: \"%s\"}"
                .formatted(STORES.hubTrust(), STORES.passwordFile());

        // with TLS 1.3 the refusal may surface as a bare closed connection: the hub says what it means
        assertBothDirectionsFail("tls-no-cert", trustOnly, "asked for a client certificate and Bawaba presented none");
    }

    @Test
    void failsAgainstAServerCertificateItDoesNotTrustAndRecordsWhy() throws IOException {
        // no trust store: the JVM's authorities, which never signed the entity's test certificate
        String certificateOnly = "{keyStore: \"%s\", keyStorePasswordFile: \"%s\"}"
                .formatted(STORES.clientKeys(), STORES.passwordFile());

        assertBothDirectionsFail("tls-untrusted", certificateOnly, "unable to find valid certification path");
    }

    private void assertBothDirectionsFail(String prefix, String tls, String reason) throws IOException {
        start(prefix + "-feed", https(), tls, https(), tls);
        SyncReport report = sync(prefix + "-feed");
        assertThat(report.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(report.error()).contains(reason);

        // the catalogue over plain HTTP, so there is something to apply for; the delivery over HTTPS
        start(prefix + "-intake", ENTITY_SYSTEMS.baseUrl() + "/emigration", "", https(), tls);
        assertThat(sync(prefix + "-intake").outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        String id = apply(prefix + "-intake");
        JsonNode failed = awaitStatus(id, "DELIVERY_FAILED");
        assertThat(failed.get("history").findValuesAsText("detail"))
                .anySatisfy(detail -> assertThat(detail).contains("dead-lettered after 1 attempts")
                        .contains(reason));
        SECURE_ENTITY.verify(0, postRequestedFor(urlPathEqualTo(DELIVERY_PATH)).withHeader("Idempotency-Key", equalTo(id)));
    }

    private void start(String id, String catalogueBaseUrl, String catalogueTls, String deliveryBaseUrl,
                       String deliveryTls) throws IOException {
        Path file = ENTITIES.resolve(id + ".yaml");
        definitions.add(file);
        Files.writeString(file, mounted(id, """
                id: %s
                names: {ar: جهة عبر قناة مشفرة, en: "Entity over TLS (%s)"}
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: %s
                    path: /api/v1/privileges
                    recordsPointer: /items
                    paging: {style: page, pageParam: page, sizeParam: size, firstPage: 0, pageSize: 3}
                    auth: {type: api-key, header: X-Api-Key, secretFile: "%s"}
                    %s
                    timeout: 10s
                    retries: 0
                    circuitBreaker: {minimumCalls: 1000}
                  schedule: {every: 1h, initialDelay: 1h}
                  mapping: emigration/catalogue.jsonata
                  codeLists: emigration/code-lists.yaml
                applications:
                  connector:
                    kind: rest
                    baseUrl: %s
                    path: /lab/applications
                    auth: {type: api-key, header: X-Api-Key, secretFile: "%s"}
                    %s
                    timeout: 10s
                    circuitBreaker: {minimumCalls: 1000}
                  mapping: emigration/application.jsonata
                  maxAttempts: 1
                """.formatted(id, id, catalogueBaseUrl, API_KEY_FILE, tlsLine(catalogueTls), deliveryBaseUrl,
                API_KEY_FILE, tlsLine(deliveryTls))), StandardCharsets.UTF_8);
        registry.reconcile();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.statuses().stream()
                .anyMatch(s -> s.id().equals(id) && s.state() == EntityStatus.State.RUNNING));
    }

    /**
     * The foreign affairs mappings and a local copy of the WSDL (CXF reads a WSDL without the entity's TLS settings);
     * the Ministry's answers are derived from the shared fixture, so they are stubbed here rather than as mappings.
     */
    private Path soapEntity() throws IOException {
        Path mappings = Files.createDirectories(ENTITIES.resolve("tls-soap"));
        definitions.add(mappings);
        for (String file : new String[] {"catalogue.jsonata", "code-lists.yaml", "application.jsonata"}) {
            Files.copy(Path.of("..", "config", "entities", "foreign-affairs", file), mappings.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path wsdl = STORES.dir().resolve("consular-applications.wsdl");
        Files.copy(Path.of("src", "test", "resources", "soap", "consular-applications.wsdl"), wsdl,
                StandardCopyOption.REPLACE_EXISTING);
        String services = Files.readString(Path.of("src", "test", "resources", "soap", "consular-services-v1.xml"))
                .replaceFirst("(?s)^<\\?xml.*?\\?>\\s*<!--.*?-->\\s*", "");
        SECURE_ENTITY.stubFor(WireMock.post(urlPathEqualTo(MFA_PATH)).withRequestBody(containing("ListConsularServices"))
                .willReturn(soapAnswer(services)));
        SECURE_ENTITY.stubFor(WireMock.post(urlPathEqualTo(MFA_PATH))
                .withRequestBody(containing("SubmitConsularApplication")).willReturn(soapAnswer("""
                        <cs:SubmitConsularApplicationResponse xmlns:cs="http://www.mfa.gov.eg/ws/consular/2019">
                          <cs:reference>MFA-TLS-000001</cs:reference><cs:receivedAt>2026-11-28T10:00:00Z</cs:receivedAt>
                        </cs:SubmitConsularApplicationResponse>""")));
        return wsdl;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder soapAnswer(String payload) {
        return WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml; charset=UTF-8")
                .withBody("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                        + payload + "</soap:Body></soap:Envelope>");
    }

    private void startSoap(String id, Path wsdl, String tls) throws IOException {
        Path file = ENTITIES.resolve(id + ".yaml");
        definitions.add(file);
        String connector = """
                    kind: soap
                    wsdl: "%s"
                    address: https://localhost:%d%s
                    tls: %s
                    timeout: 10s
                """.formatted(wsdl, SECURE_ENTITY.httpsPort(), MFA_PATH, tls);
        Files.writeString(file, mounted(id, """
                id: %s
                names: {ar: وزارة الخارجية عبر قناة مشفرة, en: "Foreign affairs over TLS (%s)"}
                catalogue:
                  connector:
                %s    operation: ListConsularServices
                    recordElement: consularService
                    retries: 0
                    circuitBreaker: {minimumCalls: 1000}
                  schedule: {every: 1h, initialDelay: 1h}
                  mapping: tls-soap/catalogue.jsonata
                  codeLists: tls-soap/code-lists.yaml
                applications:
                  connector:
                %s    operation: SubmitConsularApplication
                    circuitBreaker: {minimumCalls: 1000}
                  mapping: tls-soap/application.jsonata
                  maxAttempts: 1
                """.formatted(id, id, connector, connector)), StandardCharsets.UTF_8);
        registry.reconcile();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.statuses().stream()
                .anyMatch(s -> s.id().equals(id) && s.state() == EntityStatus.State.RUNNING));
    }

    private static String tlsLine(String tls) {
        return tls.isEmpty() ? "" : "tls: " + tls;
    }

    private static String https() {
        return "https://localhost:" + SECURE_ENTITY.httpsPort() + "/emigration";
    }

    private String apply(String entityId) {
        return apply(entityId, "CAR-IMPORT-01");
    }

    /** The sample applicant applying for the entry; a passport renewal asks only for the passport number. */
    private String apply(String entityId, String entryCode) {
        ObjectNode body = SampleApplications.carImport();
        body.put("entryId", entityId + "." + entryCode);
        if (entryCode.equals("PSP-RENEW-01")) {
            body.putObject("fields").put("passportNumber", SampleApplications.PASSPORT);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", entityId + "-" + UUID.randomUUID());
        ResponseEntity<String> response = http.postForEntity("/api/v1/applications",
                new HttpEntity<>(body.toString(), headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return json(response).get("id").asText();
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/v1/applications/" + id))
                .get("status").asText().equals(status));
        return json(get("/api/v1/applications/" + id));
    }

    /**
     * The definition with its stores and key file mounted in the entity's own secrets folder, as an administrator
     * would: a definition may read secrets from nowhere else.
     */
    private String mounted(String id, String definition) throws IOException {
        Path folder = Files.createDirectories(SECRETS.resolve(id));
        try (var files = Files.list(STORES.dir())) {
            for (Path store : files.filter(Files::isRegularFile).toList()) {
                Files.copy(store, folder.resolve(store.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(API_KEY_FILE, folder.resolve("api-key"), StandardCopyOption.REPLACE_EXISTING);
        return definition.replace(API_KEY_FILE.toString(), folder.resolve("api-key").toString())
                .replace(STORES.dir().toString(), folder.toString());
    }

    private static Path apiKeyFile() {
        try {
            Path file = Files.createTempFile("emigration-api-key", "");
            Files.writeString(file, TestEntities.API_KEY + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
