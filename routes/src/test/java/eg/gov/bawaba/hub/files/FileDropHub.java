package eg.gov.bawaba.hub.files;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole hub on a random port with file-drop entities of its own (NOSI's real mapping, one drop folder per test
 * scenario) and the SFTP entity's server played by an embedded Apache MINA SSHD server.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bawaba.catalogue.scheduling=false",
        "NOSI_SFTP_USER=" + FileDropHub.SFTP_USER,
        "NOSI_SFTP_PASSWORD=" + FileDropHub.SFTP_PASSWORD})
abstract class FileDropHub {

    static final String SFTP_USER = "bawaba-hub";
    static final String SFTP_PASSWORD = "drop-s3cret-from-env";
    static final Path FIXTURES = Path.of("src", "test", "resources", "files");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    static final SftpTestServer SFTP = SftpTestServer.start(SFTP_USER, SFTP_PASSWORD);
    private static final Path DROPS = createTemp("bawaba-drops");
    /**
     * The hub's secrets folder, with the mounted-secret files of entity nosi-sftp-files in its own sub-folder, as
     * Kubernetes writes them (a trailing line break).
     */
    static final Path SECRETS = secretFiles();
    private static final Path ENTITIES = entities();
    private static final String RUN = UUID.randomUUID().toString();

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("bawaba.entities.dir", ENTITIES::toString);
        registry.add("bawaba.data-dir", () -> "./target/test-data/" + RUN);
        registry.add("bawaba.secrets-dir", SECRETS::toString);
    }

    @Autowired
    protected TestRestTemplate http;

    /** The drop folder of a local file entity. */
    static Path dropFolder(String entityId) {
        return DROPS.resolve(entityId);
    }

    /** Drops a fixture into a folder the way a careful sender does: written under a hidden name, then renamed. */
    static void drop(String fixture, Path folder, String name) {
        try {
            Files.createDirectories(folder);
            Path part = folder.resolve("." + name + ".part");
            Files.copy(FIXTURES.resolve(fixture), part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the hub has taken {@code name} out of the folder and put it into the sub-folder. */
    static void awaitMoved(Path folder, String name, String subFolder) {
        await().atMost(PATIENCE).until(() -> Files.isRegularFile(folder.resolve(subFolder).resolve(name))
                && !Files.exists(folder.resolve(name)));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected JsonNode getJson(String path, String... headerPairs) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        ResponseEntity<String> response = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        try {
            return CanonicalJson.mapper().readTree(response.getBody());
        } catch (IOException e) {
            throw new AssertionError("not JSON from " + path + ": " + response.getBody(), e);
        }
    }

    protected int activeEntries(String entityId) {
        return getJson("/api/v1/catalogue?entity=" + entityId).get("total").asInt();
    }

    protected JsonNode syncs(String entityId) {
        return getJson("/ops/v1/entities/" + entityId + "/syncs").get("syncs");
    }

    private static Path entities() {
        try {
            Path dir = createTemp("bawaba-file-entities");
            Path real = Path.of("..", "config", "entities", "nosi");
            Files.createDirectories(dir.resolve("nosi"));
            for (String file : new String[] {"catalogue.jsonata", "code-lists.yaml"}) {
                Files.copy(real.resolve(file), dir.resolve("nosi").resolve(file));
            }
            // one entity per scenario, so a test never waits behind or reads the files of another
            for (String id : new String[] {"nosi-csv", "nosi-broken", "nosi-once", "nosi-full", "nosi-down",
                    "nosi-refused"}) {
                fileEntity(dir, id, "format: csv", "full");
            }
            fileEntity(dir, "nosi-delta", "format: csv", "delta");
            fileEntity(dir, "nosi-xml", "format: xml, recordElement: service", "full");
            fileEntity(dir, "nosi-xml-hostile", "format: xml, recordElement: service", "full");
            fileEntity(dir, "nosi-json", "format: json, recordsPointer: /services", "full");
            // misspelt on purpose: what a sync reports when the element or pointer matches nothing
            fileEntity(dir, "nosi-xml-typo", "format: xml, recordElement: servise", "full");
            fileEntity(dir, "nosi-json-typo", "format: json, recordsPointer: /servicez", "full");
            Files.writeString(dir.resolve("nosi-sftp.yaml"), """
                    id: nosi-sftp
                    names: {ar: الهيئة القومية للتأمين الاجتماعي, en: National Organization for Social Insurance}
                    catalogue:
                      connector:
                        kind: sftp
                        host: 127.0.0.1
                        port: %d
                        directory: drops/nosi
                        format: csv
                        usernameEnv: NOSI_SFTP_USER
                        secretEnv: NOSI_SFTP_PASSWORD
                        knownHostsFile: "%s"
                        pollEvery: 200ms
                        stableFor: 100ms
                      mapping: nosi/catalogue.jsonata
                      codeLists: nosi/code-lists.yaml
                    """.formatted(SFTP.port(), SFTP.knownHostsFile()), StandardCharsets.UTF_8);
            // the same server, its credentials in secret files instead of variables
            Files.writeString(dir.resolve("nosi-sftp-files.yaml"), """
                    id: nosi-sftp-files
                    names: {ar: الهيئة القومية للتأمين الاجتماعي, en: National Organization for Social Insurance}
                    catalogue:
                      connector:
                        kind: sftp
                        host: 127.0.0.1
                        port: %d
                        directory: drops/nosi-files
                        format: csv
                        usernameFile: username
                        secretFile: password
                        knownHostsFile: "%s"
                        pollEvery: 200ms
                        stableFor: 100ms
                      mapping: nosi/catalogue.jsonata
                      codeLists: nosi/code-lists.yaml
                    """.formatted(SFTP.port(), SFTP.knownHostsFile()), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path secretFiles() {
        try {
            Path root = createTemp("bawaba-secrets");
            Path dir = Files.createDirectories(root.resolve("nosi-sftp-files"));
            Files.writeString(dir.resolve("username"), SFTP_USER + "\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("password"), SFTP_PASSWORD + "\n", StandardCharsets.UTF_8);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fileEntity(Path dir, String id, String formatFields, String mode) throws IOException {
        Files.writeString(dir.resolve(id + ".yaml"), """
                id: %s
                names: {ar: الهيئة القومية للتأمين الاجتماعي, en: National Organization for Social Insurance}
                catalogue:
                  connector: {kind: file, directory: "%s", %s, pollEvery: 100ms, stableFor: 100ms}
                  mode: %s
                  mapping: nosi/catalogue.jsonata
                  codeLists: nosi/code-lists.yaml
                """.formatted(id, DROPS.resolve(id), formatFields, mode), StandardCharsets.UTF_8);
    }

    private static Path createTemp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
