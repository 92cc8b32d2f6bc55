package eg.gov.bawaba.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.definition.InvalidEntityDefinitionException;
import eg.gov.bawaba.mappings.MappingResult;
import eg.gov.bawaba.mappings.NativeRecords;
import eg.gov.bawaba.mappings.model.Category;
import java.time.Instant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The definition contract of the file and sftp kinds: what the schemas accept and what reaches the route templates. */
class FileDropConnectorsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+):?([^}]*)}");
    private static final FileCatalogueConnector FILE = new FileCatalogueConnector();
    private static final SftpCatalogueConnector SFTP = new SftpCatalogueConnector();

    @TempDir
    Path entities;

    @Test
    void demoNosiDefinitionIsAFullSnapshotCsvDropUnderTheDataFolder() {
        EntityDefinitionLoader loader = loader(Path.of("..", "config", "entities"));

        CatalogueFeed feed = loader.load(Path.of("..", "config", "entities", "nosi.yaml")).catalogue();
        Map<String, Object> p = FILE.templateParameters("nosi", feed.connector());

        assertThat(feed.connectorKind()).isEqualTo("file");
        assertThat(feed.fullSnapshot()).isTrue();
        assertThat(Path.of(p.get("directory").toString()))
                .isAbsolute()
                .isEqualTo(Path.of("var", "drops", "nosi").toAbsolutePath().normalize());
        assertThat(p).containsEntry("format", "csv")
                .containsEntry("include", "(?i).*\\.csv")
                .containsEntry("pollMillis", "5000")
                .containsEntry("doneFolder", "done")
                .containsEntry("errorFolder", "error")
                .containsEntry("trigger", "FILE");
        assertThat(FILE.scheduled()).isFalse();
    }

    @Test
    void sandboxNosiFileMapsEveryRowThroughTheRealMapping() throws IOException {
        CatalogueFeed feed = loader(Path.of("..", "config", "entities"))
                .load(Path.of("..", "config", "entities", "nosi.yaml")).catalogue();
        byte[] file = Files.readAllBytes(Path.of("..", "sandbox", "src", "main", "resources", "nosi", "services.csv"));

        MappingResult result = feed.mapping().map(NativeRecords.fromCsv(file), "FILE", Instant.now());

        assertThat(file).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(result.quarantined()).isEmpty();
        assertThat(result.entries()).hasSize(7)
                .extracting(entry -> entry.category())
                .containsOnly(Category.INSURANCE, Category.PENSIONS);
    }

    @Test
    void schemasRefuseFoldersThatCouldLeadOutsideTheDropFolder() {
        assertProblems("kind: file, directory: drops, format: csv, doneFolder: ../elsewhere", "doneFolder");
        assertProblems("kind: file, directory: drops, format: csv, errorFolder: .hidden", "errorFolder");
        assertProblems("kind: file, directory: drops, format: csv, doneFolder: a/b", "doneFolder");
        assertProblems("kind: sftp, host: sftp.nosi.gov.eg, directory: out/../../etc, format: csv, "
                + "usernameEnv: U, secretEnv: P", "directory");
    }

    @Test
    void schemasRefuseFieldsThatDoNotFitTheFormat() {
        assertProblems("kind: file, directory: drops, format: xml", "recordElement");
        assertProblems("kind: file, directory: drops, format: csv, recordsPointer: /items", "format");
        assertProblems("kind: file, directory: drops, format: pdf", "format");
    }

    @Test
    void sftpNeedsACredentialAndAnExplicitBooleanToTrustAnyHostKey() {
        assertProblems("kind: sftp, host: sftp.nosi.gov.eg, directory: out, format: csv, usernameEnv: U",
                "secretEnv");
        assertProblems("kind: sftp, host: sftp.nosi.gov.eg, directory: out, format: csv, usernameEnv: U, "
                + "secretEnv: P, strictHostKeyChecking: \"no\"", "strictHostKeyChecking");
    }

    @Test
    void sftpParametersNameTheCredentialsButNeverHoldThem() throws IOException {
        JsonNode connector = connector("""
                kind: sftp
                host: sftp.nosi.gov.eg
                port: "2222"
                directory: /outgoing/catalogue/
                format: json
                recordsPointer: /services
                usernameEnv: NOSI_SFTP_USER
                secretEnv: NOSI_SFTP_PASSWORD
                knownHostsFile: keys/known_hosts
                connectTimeout: 5s
                """);

        Map<String, Object> p = SFTP.templateParameters("nosi", connector);

        assertThat(p).containsEntry("username", "RAW({{NOSI_SFTP_USER}})")
                .containsEntry("password", "RAW({{NOSI_SFTP_PASSWORD}})")
                .containsEntry("preferredAuthentications", "password")
                .containsEntry("strictHostKeyChecking", "yes")
                .containsEntry("useUserKnownHostsFile", "false")
                .containsEntry("directory", "outgoing/catalogue")
                .containsEntry("port", "2222")
                .containsEntry("connectTimeoutMillis", "5000")
                .containsEntry("include", "(?i).*\\.json")
                .containsEntry("trigger", "SFTP")
                .doesNotContainKey("privateKeyFile");
        assertThat(Path.of(p.get("knownHostsFile").toString())).isAbsolute().endsWithRaw(Path.of("keys", "known_hosts"));
    }

    @Test
    void sftpTrustsAnyHostKeyOnlyWhenTheDefinitionSaysFalse() throws IOException {
        JsonNode connector = connector("""
                kind: sftp
                host: 127.0.0.1
                directory: out
                format: csv
                usernameEnv: U
                privateKeyFileEnv: KEY_FILE
                strictHostKeyChecking: false
                """);

        Map<String, Object> p = SFTP.templateParameters("bench", connector);

        assertThat(p).containsEntry("strictHostKeyChecking", "no")
                .containsEntry("useUserKnownHostsFile", "true")
                .containsEntry("privateKeyFile", "RAW({{KEY_FILE}})")
                .containsEntry("preferredAuthentications", "publickey")
                .containsEntry("port", "22");
    }

    @Test
    void sameDoneAndErrorFolderIsRefused() throws IOException {
        JsonNode connector = connector("{kind: file, directory: drops, format: csv, doneFolder: out, errorFolder: out}");

        assertThatThrownBy(() -> FILE.templateParameters("nosi", connector))
                .hasMessageContaining("doneFolder and errorFolder must differ");
    }

    @Test
    void sftpEntityWhosePasswordVariableIsUnsetDoesNotStart() throws Exception {
        JsonNode connector = connector("{kind: sftp, host: 127.0.0.1, port: 1, directory: out, format: csv, "
                + "usernameEnv: NOSI_TEST_USER, secretEnv: NOSI_TEST_PASSWORD_NOT_SET}");
        SftpCatalogueConnector kind = new SftpCatalogueConnector();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addInitialProperty("NOSI_TEST_USER", "bawaba");
            camel.addRoutes(kind);
            camel.start();

            assertThatThrownBy(() -> TemplatedRouteBuilder.builder(camel, kind.templateId())
                    .routeId("nosi-catalogue-fetch")
                    .parameters(kind.templateParameters("nosi", connector))
                    .add())
                    .hasStackTraceContaining("NOSI_TEST_PASSWORD_NOT_SET");
        }
    }

    @Test
    void reportedFileNamesLoseEveryFolderSegment() {
        assertThat(DroppedFiles.plainName("../../etc/cron.d/services.csv")).isEqualTo("services.csv");
        assertThat(DroppedFiles.plainName("..\\..\\services.csv")).isEqualTo("services.csv");
        assertThat(DroppedFiles.plainName("خدمات التأمينات.csv")).isEqualTo("خدمات التأمينات.csv");
        assertThatThrownBy(() -> DroppedFiles.plainName("uploads/..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DroppedFiles.plainName("uploads/")).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertProblems(String connectorYaml, String field) {
        try {
            Files.createDirectories(entities.resolve("x"));
            Files.writeString(entities.resolve("x/catalogue.jsonata"), "{\"code\": code}");
            Files.writeString(entities.resolve("drop.yaml"), """
                    id: drop
                    names: {ar: جهة, en: Entity}
                    catalogue:
                      connector: {%s}
                      mapping: x/catalogue.jsonata
                    """.formatted(connectorYaml), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> loader(entities).load(entities.resolve("drop.yaml")))
                .isInstanceOf(InvalidEntityDefinitionException.class)
                .hasMessageContaining("catalogue.connector." + field);
    }

    private static JsonNode connector(String yaml) throws IOException {
        return YAML.readTree(yaml);
    }

    private static EntityDefinitionLoader loader(Path dir) {
        // what the hub does with Spring's Environment when nothing overrides the defaults
        return new EntityDefinitionLoader(dir,
                text -> PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2))),
                List.of(FILE, SFTP), List.of(new FileApplicationDelivery(), new SftpApplicationDelivery()));
    }
}
