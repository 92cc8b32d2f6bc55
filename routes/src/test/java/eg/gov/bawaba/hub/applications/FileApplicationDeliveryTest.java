package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.hub.files.SftpTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.NativeRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Applications delivered as files (delivery kinds {@code file} and {@code sftp}) and status reported by status files,
 * through the whole hub on a random port with entities of its own: NOSI's real catalogue and application mappings,
 * one set of folders per scenario, the sandbox's services file as their catalogue, and the SFTP entity's server played
 * by an embedded Apache MINA SSHD server.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bawaba.catalogue.scheduling=false",
        "bawaba.broker.redelivery-delay=100",
        "bawaba.broker.max-redelivery-delay=400",
        "NOSI_SFTP_USER=" + FileApplicationDeliveryTest.SFTP_USER,
        "NOSI_SFTP_PASSWORD=" + FileApplicationDeliveryTest.SFTP_PASSWORD,
        "NOSI_SFTP_LATE_USER=" + FileApplicationDeliveryTest.SFTP_USER,
        "NOSI_SFTP_LATE_PASSWORD=" + FileApplicationDeliveryTest.SFTP_PASSWORD})
class FileApplicationDeliveryTest {

    static final String SFTP_USER = "bawaba-hub";
    static final String SFTP_PASSWORD = "apps-s3cret-from-env";
    static final String NATIONAL_ID = "29001011234567";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Path SANDBOX_SERVICES = Path.of("..", "sandbox", "src", "main", "resources", "nosi",
            "services.csv");
    private static final SftpTestServer SFTP = SftpTestServer.start(SFTP_USER, SFTP_PASSWORD);
    private static final Path DROPS = createTemp("bawaba-application-drops");
    private static final Path ENTITIES = entities();
    private static final String RUN = UUID.randomUUID().toString();

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("bawaba.entities.dir", ENTITIES::toString);
        registry.add("bawaba.data-dir", () -> "./target/test-data/" + RUN);
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void writesOneCompleteJsonFilePerApplicationAndFollowsTheEntitysStatusFiles() throws IOException {
        Path applications = DROPS.resolve("nosi-json/applications");
        Path status = DROPS.resolve("nosi-json/status");

        String id = submit("nosi-json", "json-1", application("nosi-json", "Ahmed Mohamed Aly"));

        JsonNode delivered = awaitStatus(id, "DELIVERED");
        assertThat(delivered.get("entityReference").asText()).isEqualTo(id + ".json");
        JsonNode file = CanonicalJson.mapper().readTree(Files.readString(applications.resolve(id + ".json")));
        assertThat(file.get("applicationId").asText()).isEqualTo(id);
        assertThat(file.get("serviceCode").asText()).isEqualTo("VOL-INS-01");
        assertThat(file.get("nationalId").asText()).isEqualTo(NATIONAL_ID);
        assertThat(file.get("nameAr").asText()).isEqualTo("أحمد محمد علي");
        assertThat(file.at("/form/monthlyIncomeEgp").asInt()).isEqualTo(15000);
        assertThat(namesIn(applications)).containsExactly(id + ".json");

        // by the file name the entity received, as its reference
        drop(status, "status-1.csv", "reference,status,note\r\n" + id + ".json,IN_REVIEW,documents under review\r\n");
        awaitMoved(status, "status-1.csv", "done");
        JsonNode reviewed = awaitStatus(id, "IN_REVIEW");
        assertThat(reviewed.get("history").findValuesAsText("status"))
                .containsExactly("RECEIVED", "QUEUED", "DELIVERED", "IN_REVIEW");
        assertThat(reviewed.get("history").findValuesAsText("detail")).contains("documents under review");

        // by Bawaba's application id
        drop(status, "status-2.csv", "applicationId,status,note\r\n" + id + ",APPROVED,\"approved, pension from 2027\"\r\n");
        awaitMoved(status, "status-2.csv", "done");
        awaitStatus(id, "APPROVED");

        // the first file dropped again changes nothing and is not an error: its line was applied before
        drop(status, "status-1-again.csv", "reference,status,note\r\n" + id + ".json,IN_REVIEW,documents under review\r\n");
        awaitMoved(status, "status-1-again.csv", "done");
        assertThat(get(id).get("status").asText()).isEqualTo("APPROVED");
        assertThat(get(id).get("history").findValuesAsText("status")).containsOnlyOnce("IN_REVIEW");
    }

    @Test
    void csvFilesNeutraliseEveryCellASpreadsheetWouldRunAsAFormula() throws IOException {
        Path applications = DROPS.resolve("nosi-csv/applications");
        ObjectNode request = application("nosi-csv", "=HYPERLINK(\"http://evil.example\",\"x\")");
        ((ObjectNode) request.get("fields")).put("employerName", "@SUM(1+1)*cmd|' /C calc'!A0");

        String id = submit("nosi-csv", "csv-1", request);

        awaitStatus(id, "DELIVERED");
        byte[] content = Files.readAllBytes(applications.resolve(id + ".csv"));
        String text = new String(content, StandardCharsets.UTF_8);
        assertThat(text.split("\r\n")[0]).startsWith("applicationId,serviceCode,submittedAt,nationalId,")
                .contains(",form.countryOfWork,").contains(",form.monthlyIncomeEgp,");
        JsonNode row = NativeRecords.fromCsv(content).get(0);
        assertThat(row.get("applicationId").asText()).isEqualTo(id);
        assertThat(row.get("nameAr").asText()).isEqualTo("أحمد محمد علي");
        assertThat(row.get("nameEn").asText()).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(row.get("form.employerName").asText()).isEqualTo("'@SUM(1+1)*cmd|' /C calc'!A0");
        assertThat(row.get("phone").asText()).isEqualTo("'+966501234567");
        assertThat(row.get("form.monthlyIncomeEgp").asText()).isEqualTo("15000");
        assertThat(row.properties()).allSatisfy(cell -> assertThat(cell.getValue().asText()).doesNotStartWith("=")
                .doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@"));
    }

    @Test
    void statusFilesThatCannotBeAppliedGoToErrorBesideTheirReason() throws IOException {
        Path status = DROPS.resolve("nosi-csv/status");
        String id = submit("nosi-csv", "csv-2", application("nosi-csv", "Mona Hassan"));
        awaitStatus(id, "DELIVERED");

        drop(status, "bad.jsonl", "{\"reference\":\"" + id + ".csv\",\"status\":\"IN_REVIEW\"}\n"
                + "{\"reference\":\"" + id + ".csv\",\"status\":\"DONE\"}\n");
        awaitMoved(status, "bad.jsonl", "error");
        assertThat(Files.readString(status.resolve("error/bad.jsonl.reason")))
                .contains("bad.jsonl could not be read")
                .contains("line 2: status must be one of IN_REVIEW, APPROVED, REJECTED, COMPLETED, not 'DONE'")
                .contains("Nothing in it was applied");
        assertThat(get(id).get("status").asText()).isEqualTo("DELIVERED");

        drop(status, "partly.jsonl", "{\"reference\":\"" + id + ".csv\",\"status\":\"IN_REVIEW\",\"note\":\"ok\"}\n"
                + "{\"reference\":\"NO-SUCH-APPLICATION\",\"status\":\"APPROVED\"}\n");
        awaitMoved(status, "partly.jsonl", "error");
        assertThat(Files.readString(status.resolve("error/partly.jsonl.reason")))
                .contains("1 of 2 status lines could not be applied")
                .contains("line 2 (NO-SUCH-APPLICATION -> APPROVED): entity 'nosi-csv' has no application "
                        + "'NO-SUCH-APPLICATION'");
        assertThat(get(id).get("status").asText()).isEqualTo("IN_REVIEW");
    }

    @Test
    void aFolderThatCannotBeWrittenKeepsApplicationsQueuedUntilItCanThenDeliversEachOnce() throws IOException {
        Path applications = DROPS.resolve("nosi-down/applications");
        // the tests run as root, whom folder permissions do not stop: a plain file where the folder should be
        // refuses every write just as a read-only or unmounted share does
        Files.delete(applications);
        Files.writeString(applications, "not a folder");

        String id = submit("nosi-down", "down-1", application("nosi-down", "Omar Khaled"));

        await().atMost(PATIENCE).until(() -> get(id).get("history").findValuesAsText("detail").stream()
                .filter(d -> d.startsWith("delivery attempt")).count() >= 2);
        JsonNode waiting = get(id);
        assertThat(waiting.get("status").asText()).isEqualTo("QUEUED");
        assertThat(waiting.get("history").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).contains("failed"));

        Files.delete(applications);
        Files.createDirectories(applications);

        JsonNode delivered = awaitStatus(id, "DELIVERED");
        assertThat(delivered.get("entityReference").asText()).isEqualTo(id + ".json");
        assertThat(namesIn(applications)).containsExactly(id + ".json");
    }

    @Test
    void aMappingThatProducesNothingIsDeadLetteredAtOnceAndWritesNoFile() {
        String id = submit("nosi-nothing", "nothing-1", application("nosi-nothing", "Sara Adel"));

        JsonNode failed = awaitStatus(id, "DELIVERY_FAILED");
        assertThat(failed.get("history").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).contains("returned nothing"));
        assertThat(failed.get("history").findValuesAsText("detail")).noneMatch(d -> d.startsWith("delivery attempt"));
        assertThat(namesIn(DROPS.resolve("nosi-nothing/applications"))).isEmpty();
    }

    @Test
    void uploadsOneCompleteFilePerApplicationToTheEntitysSftpServer() throws IOException {
        Path remote = SFTP.folder("drops/nosi-sftp/applications");

        String id = submit("nosi-sftp", "sftp-1", application("nosi-sftp", "Youssef Samir"));

        JsonNode delivered = awaitStatus(id, "DELIVERED");
        assertThat(delivered.get("entityReference").asText()).isEqualTo(id + ".json");
        JsonNode file = CanonicalJson.mapper().readTree(Files.readString(remote.resolve(id + ".json")));
        assertThat(file.get("applicationId").asText()).isEqualTo(id);
        assertThat(file.get("nameEn").asText()).isEqualTo("Youssef Samir");
        assertThat(namesIn(remote)).containsExactly(id + ".json");
    }

    @Test
    void anSftpDirectoryThatCannotBeWrittenKeepsApplicationsQueuedUntilItCan() throws IOException {
        Path remote = SFTP.folder("drops/nosi-sftp-late/applications");

        String id = submit("nosi-sftp-late", "sftp-late-1", application("nosi-sftp-late", "Hana Farouk"));

        await().atMost(PATIENCE).until(() -> get(id).get("history").findValuesAsText("detail").stream()
                .filter(d -> d.startsWith("delivery attempt")).count() >= 2);
        assertThat(get(id).get("status").asText()).isEqualTo("QUEUED");

        Files.createDirectories(remote);

        awaitStatus(id, "DELIVERED");
        assertThat(namesIn(remote)).containsExactly(id + ".json");
    }

    // --- the app backend's side ---

    private String submit(String entityId, String key, JsonNode body) {
        await().atMost(PATIENCE).until(() -> http.getForEntity("/api/v1/catalogue/" + entityId + ".VOL-INS-01",
                String.class).getStatusCode().value() == 200);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", key + "-" + RUN);
        ResponseEntity<String> response = http.postForEntity("/api/v1/applications",
                new HttpEntity<>(body.toString(), headers), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return json(response.getBody()).get("id").asText();
    }

    private JsonNode get(String id) {
        return json(http.getForEntity("/api/v1/applications/" + id, String.class).getBody());
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(PATIENCE).until(() -> get(id).get("status").asText().equals(status));
        return get(id);
    }

    static ObjectNode application(String entityId, String englishName) {
        ObjectNode request = (ObjectNode) json("""
                {"entryId": "%s.VOL-INS-01",
                 "applicant": {"nationalId": "%s", "passportNumber": "A12345678",
                               "name": {"ar": "أحمد محمد علي", "en": "x"},
                               "countryOfResidence": "SA", "contact": {"email": "ahmed@example.com", "phone": "+966501234567"}},
                 "fields": {"countryOfWork": "SA", "monthlyIncomeEgp": 15000, "workStartDate": "2024-01-01"}}
                """.formatted(entityId, NATIONAL_ID));
        ((ObjectNode) request.at("/applicant/name")).put("en", englishName);
        return request;
    }

    private static JsonNode json(String text) {
        try {
            return CanonicalJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    // --- the entity's side ---

    /** Drops a file the way a careful sender does: written under a hidden name, then renamed. */
    static void drop(Path folder, String name, String content) {
        try {
            Files.createDirectories(folder);
            Path part = folder.resolve("." + name + ".part");
            Files.writeString(part, content, StandardCharsets.UTF_8);
            Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitMoved(Path folder, String name, String subFolder) {
        await().atMost(PATIENCE).until(() -> Files.isRegularFile(folder.resolve(subFolder).resolve(name))
                && !Files.exists(folder.resolve(name)));
    }

    /** The names of the files in a folder, temporary dot files included, sub-folders not. */
    static List<String> namesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path entities() {
        try {
            Path dir = createTemp("bawaba-application-entities");
            Path real = Path.of("..", "config", "entities", "nosi");
            Files.createDirectories(dir.resolve("nosi"));
            for (String file : new String[] {"catalogue.jsonata", "code-lists.yaml", "application.jsonata"}) {
                Files.copy(real.resolve(file), dir.resolve("nosi").resolve(file));
            }
            Files.writeString(dir.resolve("nosi/nothing.jsonata"), "nothingHere", StandardCharsets.UTF_8);
            entity(dir, "nosi-json", """
                      connector: {kind: file, directory: "${FILE_DROPS}/nosi-json/applications", format: json}
                      mapping: nosi/application.jsonata
                      status: {mode: files, directory: "${FILE_DROPS}/nosi-json/status", format: csv,
                               pollEvery: 100ms, stableFor: 100ms}
                    """);
            entity(dir, "nosi-csv", """
                      connector: {kind: file, directory: "${FILE_DROPS}/nosi-csv/applications", format: csv}
                      mapping: nosi/application.jsonata
                      status: {mode: files, directory: "${FILE_DROPS}/nosi-csv/status", format: jsonl,
                               pollEvery: 100ms, stableFor: 100ms}
                    """);
            // a breaker that opens and half-opens quickly, and attempts enough for the folder to come back
            entity(dir, "nosi-down", """
                      connector: {kind: file, directory: "${FILE_DROPS}/nosi-down/applications", format: json,
                                  timeout: 5s, circuitBreaker: {minimumCalls: 2, failureRateThreshold: 50, openFor: 500ms}}
                      mapping: nosi/application.jsonata
                      maxAttempts: 100
                    """);
            entity(dir, "nosi-nothing", """
                      connector: {kind: file, directory: "${FILE_DROPS}/nosi-nothing/applications", format: json}
                      mapping: nosi/nothing.jsonata
                    """);
            entity(dir, "nosi-sftp", """
                      connector:
                        kind: sftp
                        host: 127.0.0.1
                        port: ${SFTP_PORT}
                        directory: drops/nosi-sftp/applications
                        format: json
                        usernameEnv: NOSI_SFTP_USER
                        secretEnv: NOSI_SFTP_PASSWORD
                        knownHostsFile: ${SFTP_KNOWN_HOSTS}
                      mapping: nosi/application.jsonata
                    """);
            // its directory is created by the test, so uploads fail until then
            entity(dir, "nosi-sftp-late", """
                      connector:
                        kind: sftp
                        host: 127.0.0.1
                        port: ${SFTP_PORT}
                        directory: drops/nosi-sftp-late/applications
                        format: json
                        usernameEnv: NOSI_SFTP_LATE_USER
                        secretEnv: NOSI_SFTP_LATE_PASSWORD
                        knownHostsFile: ${SFTP_KNOWN_HOSTS}
                        circuitBreaker: {minimumCalls: 2, failureRateThreshold: 50, openFor: 500ms}
                      mapping: nosi/application.jsonata
                      maxAttempts: 100
                    """);
            Files.createDirectories(SFTP.folder("drops/nosi-sftp/applications"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A NOSI-like entity whose catalogue is the sandbox's services file, already in its drop folder at start. The
     * folders, port and known hosts of the test are written into the definition: an entity's placeholders may name
     * only variables of its own prefix.
     */
    private static void entity(Path dir, String id, String applications) throws IOException {
        Path catalogue = DROPS.resolve(id).resolve("catalogue");
        Files.createDirectories(catalogue);
        Files.createDirectories(DROPS.resolve(id).resolve("applications"));
        Files.copy(SANDBOX_SERVICES, catalogue.resolve("services.csv"));
        Files.writeString(dir.resolve(id + ".yaml"), ("""
                id: %s
                names: {ar: الهيئة القومية للتأمين الاجتماعي, en: National Organization for Social Insurance}
                catalogue:
                  connector: {kind: file, directory: "${FILE_DROPS}/%s/catalogue", format: csv, pollEvery: 100ms, stableFor: 100ms}
                  mapping: nosi/catalogue.jsonata
                  codeLists: nosi/code-lists.yaml
                applications:
                """.formatted(id, id) + applications)
                .replace("${FILE_DROPS}", DROPS.toString())
                .replace("${SFTP_PORT}", String.valueOf(SFTP.port()))
                .replace("${SFTP_KNOWN_HOSTS}", SFTP.knownHostsFile().toString()), StandardCharsets.UTF_8);
    }

    private static Path createTemp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
