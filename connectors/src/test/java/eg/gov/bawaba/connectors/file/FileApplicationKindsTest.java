package eg.gov.bawaba.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.connectors.definition.ApplicationsFeed;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.definition.InvalidEntityDefinitionException;
import eg.gov.bawaba.mappings.NativeFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The definition contract of the file and sftp delivery kinds and of status files: what the schemas accept, what
 * reaches the route templates, how an application becomes a file (name and content), and how status files are read.
 */
class FileApplicationKindsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+):?([^}]*)}");
    private static final FileApplicationDelivery FILE = new FileApplicationDelivery();
    private static final SftpApplicationDelivery SFTP = new SftpApplicationDelivery();
    private static final String ID = "5f0c2a8e-3b7d-4c1e-9a2f-0d1e2f3a4b5c";

    @TempDir
    Path entities;

    // --- definitions and template parameters ---

    @Test
    void demoNosiTakesApplicationsAsJsonFilesAndReportsStatusAsCsvFiles() {
        ApplicationsFeed feed = loader(Path.of("..", "config", "entities"))
                .load(Path.of("..", "config", "entities", "nosi.yaml")).applications();
        Map<String, Object> p = FILE.templateParameters("nosi", feed.connector());
        Map<String, Object> status = FileApplicationStatus.templateParameters("nosi", feed.status());

        assertThat(feed.connectorKind()).isEqualTo("file");
        assertThat(feed.statusMode()).isEqualTo("files");
        assertThat(Path.of(p.get("directory").toString())).isAbsolute()
                .isEqualTo(Path.of("var", "drops", "nosi", "applications").toAbsolutePath().normalize());
        assertThat(p).containsEntry("format", "json")
                .containsEntry("fileName", "{applicationId}.{ext}")
                .containsEntry("consumers", "1")
                .containsEntry("timeoutMillis", "10000");
        assertThat(Path.of(status.get("directory").toString()))
                .isEqualTo(Path.of("var", "drops", "nosi", "status").toAbsolutePath().normalize());
        assertThat(status).containsEntry("format", "csv")
                .containsEntry("include", "(?i).*\\.csv")
                .containsEntry("pollMillis", "5000")
                .containsEntry("doneFolder", "done")
                .containsEntry("errorFolder", "error");
        assertThat(feed.mapping().toEntityRequest(canonicalApplication()).get("nationalId").asText())
                .isEqualTo("29001011234567");
    }

    @Test
    void fileKindParametersCarryFormatNameTimeoutAndParallelism() throws IOException {
        Map<String, Object> p = FILE.templateParameters("nosi", yaml("""
                {kind: file, directory: out/apps, format: xml, rootElement: nosiApplication,
                 fileName: "nosi-{timestamp}-{applicationId}.{ext}", timeout: 3s, consumers: 4}"""));

        assertThat(p).containsEntry("format", "xml")
                .containsEntry("rootElement", "nosiApplication")
                .containsEntry("fileName", "nosi-{timestamp}-{applicationId}.{ext}")
                .containsEntry("timeoutMillis", "3000")
                .containsEntry("consumers", "4");
        assertThat(Path.of(p.get("directory").toString())).isAbsolute().endsWithRaw(Path.of("out", "apps"));
    }

    @Test
    void sftpKindHandlesCredentialsExactlyAsTheSftpCatalogueKind() throws IOException {
        Map<String, Object> p = SFTP.templateParameters("nosi", yaml("""
                kind: sftp
                host: sftp.nosi.gov.eg
                port: "2222"
                directory: /incoming/applications/
                format: csv
                usernameEnv: NOSI_SFTP_USER
                secretEnv: NOSI_SFTP_PASSWORD
                knownHostsFile: keys/known_hosts
                """));

        assertThat(p).containsEntry("username", "RAW({{NOSI_SFTP_USER}})")
                .containsEntry("password", "RAW({{NOSI_SFTP_PASSWORD}})")
                .containsEntry("preferredAuthentications", "password")
                .containsEntry("strictHostKeyChecking", "yes")
                .containsEntry("useUserKnownHostsFile", "false")
                .containsEntry("directory", "incoming/applications")
                .containsEntry("port", "2222")
                .containsEntry("consumers", "1")
                .doesNotContainKey("privateKeyFile");
        assertThat(p.values()).noneMatch(v -> v.toString().contains("s3cret"));
    }

    @Test
    void schemasRefuseUnsafeFileNamesAndFoldersThatCouldLeadOutside() {
        for (String fileName : new String[] {"../{applicationId}.json", "{applicationId}/x.json", ".{applicationId}",
                "applications.json", "{applicationId}.json;rm", "{nationalId}-{applicationId}.json"}) {
            assertDeliveryProblems("kind: file, directory: out, format: json, fileName: \"" + fileName + "\"",
                    "fileName");
        }
        assertDeliveryProblems("kind: sftp, host: sftp.nosi.gov.eg, directory: in/../../etc, format: csv, "
                + "usernameEnv: U, secretEnv: P", "directory");
    }

    @Test
    void schemasRefuseWhatTheKindsDoNotOffer() {
        assertDeliveryProblems("kind: file, directory: out, format: pdf", "format");
        assertDeliveryProblems("kind: file, directory: out", "format");
        assertDeliveryProblems("kind: file, directory: out, format: json, mode: batch", "mode");
        assertDeliveryProblems("kind: file, directory: out, format: json, rootElement: app", "format");
        assertDeliveryProblems("kind: sftp, host: h, directory: out, format: json, usernameEnv: U", "secretEnv");
        assertDeliveryProblems("kind: sftp, host: h, directory: out, format: json, usernameEnv: U, secretEnv: P, "
                + "consumers: 2", "consumers");
    }

    @Test
    void statusFilesNeedAFolderAndAFormatAndOnlyWithModeFiles() {
        assertStatusProblems("{mode: files, format: csv}", "directory");
        assertStatusProblems("{mode: files, directory: status, format: xlsx}", "format");
        assertStatusProblems("{mode: callback, directory: status}", "status");
        assertStatusProblems("{directory: status, format: csv}", "status");
        assertStatusProblems("{mode: files, directory: status, format: csv, doneFolder: ../x}", "doneFolder");
    }

    // --- file names ---

    @Test
    void fileNamesComeOnlyFromTheApplicationIdAndTheTime() {
        Instant at = Instant.parse("2026-11-28T09:30:15.123Z");

        assertThat(ApplicationFiles.fileName(ApplicationFiles.DEFAULT_FILE_NAME, ID, "csv", at)).isEqualTo(ID + ".csv");
        assertThat(ApplicationFiles.fileName("nosi_{timestamp}_{applicationId}.{ext}", ID, "json", at))
                .isEqualTo("nosi_20261128T093015123Z_" + ID + ".json");
        assertThatThrownBy(() -> ApplicationFiles.fileName("{applicationId}.json", "../../etc/passwd", "json", at))
                .isInstanceOf(ApplicationFiles.UnwritableApplicationException.class);
        assertThatThrownBy(() -> ApplicationFiles.fileName("{applicationId}/../x", ID, "json", at))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApplicationFiles.checkPattern("fixed-name.json"))
                .hasMessageContaining("{applicationId}");
        assertThatThrownBy(() -> ApplicationFiles.checkPattern(".{applicationId}.json"))
                .hasMessageContaining("must not start with '.'");
        assertThatThrownBy(() -> ApplicationFiles.inside(Path.of("/srv/drops"), "../x.json"))
                .isInstanceOf(ApplicationFiles.UnwritableApplicationException.class);
        assertThat(ApplicationFiles.inside(Path.of("/srv/drops"), ID + ".json"))
                .isEqualTo(Path.of("/srv/drops", ID + ".json"));
    }

    // --- file content ---

    @Test
    void csvIsAHeaderAndOneRowWithNestedFieldsAsDottedColumns() {
        String csv = new String(ApplicationFiles.render("csv", """
                {"applicationId": "a-1", "nameAr": "أحمد محمد", "note": "says \\"hi\\", twice", "empty": null,
                 "form": {"monthlyIncomeEgp": 15000, "countryOfWork": "SA", "married": true}}""", "application"),
                StandardCharsets.UTF_8);

        assertThat(csv).isEqualTo("applicationId,nameAr,note,empty,form.monthlyIncomeEgp,form.countryOfWork,"
                + "form.married\r\na-1,أحمد محمد,\"says \"\"hi\"\", twice\",,15000,SA,true\r\n");
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() {
        String csv = new String(ApplicationFiles.render("csv", """
                {"a": "=HYPERLINK(\\"http://evil\\",\\"x\\")", "b": "+966501234567", "c": "-2+3", "d": "@SUM(A1)",
                 "e": "\\tTAB", "f": "\\rCR", "g": "safe = text", "h": -5, "=k": "v"}""", "application"),
                StandardCharsets.UTF_8);

        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("a,b,c,d,e,f,g,h,'=k");
        assertThat(lines.get(1)).startsWith("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'+966501234567,'-2+3,"
                + "'@SUM(A1),'\tTAB,");
        assertThat(csv).endsWith(",\"'\rCR\",safe = text,'-5,v\r\n");
        assertThat(ApplicationFiles.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(ApplicationFiles.cell("plain")).isEqualTo("plain");
    }

    @Test
    void requestsAFormatCannotHoldArePermanentFailuresThatNameNoPersonalData() {
        assertThatThrownBy(() -> ApplicationFiles.render("csv", "{\"docs\": [\"a\", \"b\"]}", "application"))
                .isInstanceOf(ApplicationFiles.UnwritableApplicationException.class)
                .hasMessageContaining("'docs' is an array");
        assertThatThrownBy(() -> ApplicationFiles.render("json", "29001011234567", "application"))
                .isInstanceOf(ApplicationFiles.UnwritableApplicationException.class)
                .hasMessageContaining("must return a JSON object")
                .hasMessageNotContaining("29001011234567");
        assertThatThrownBy(() -> ApplicationFiles.render("json", "{}", "application"))
                .hasMessageContaining("empty object");
        assertThatThrownBy(() -> ApplicationFiles.render("csv", null, "application"))
                .hasMessageContaining("returned nothing");
        assertThatThrownBy(() -> ApplicationFiles.render("xml", "{\"1st\": \"x\"}", "application"))
                .hasMessageContaining("'1st' is not a valid element name");
    }

    @Test
    void jsonIsTheMappedRequestAndXmlNestsAndRepeatsElements() throws IOException {
        byte[] json = ApplicationFiles.render("json", "{\"nameAr\":\"أحمد\",\"form\":{\"x\":1}}", "application");
        assertThat(JSON.readTree(json).at("/form/x").asInt()).isEqualTo(1);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("أحمد").endsWith("}\n");

        String xml = new String(ApplicationFiles.render("xml", """
                {"applicationId": "a-1", "nameEn": "Ahmed <&> \\"Aly\\"", "docs": ["passport", "id"],
                 "form": {"year": 2024, "none": null}, "bad": "x\\u0001y"}""", "nosiApplication"),
                StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml")
                .contains("<nosiApplication><applicationId>a-1</applicationId>")
                .contains("<nameEn>Ahmed &lt;&amp;")
                .contains("<docs>passport</docs><docs>id</docs>")
                .contains("<form><year>2024</year><none")
                .contains("<bad>x\uFFFDy</bad>")
                .endsWith("</nosiApplication>\n");
    }

    // --- status files ---

    @Test
    void statusFilesAreCsvOrJsonLinesOfReferenceStatusAndNote() {
        List<StatusLine> csv = StatusFiles.parse("nosi", "csv", ("\uFEFFreference,status,note\r\n"
                + ID + ".json,IN_REVIEW,\"documents, all of them, under review\"\r\n\r\n"
                + "NOSI-77,APPROVED,\r\n").getBytes(StandardCharsets.UTF_8));
        List<StatusLine> jsonl = StatusFiles.parse("nosi", "jsonl", ("{\"applicationId\":\"" + ID
                + "\",\"status\":\"COMPLETED\"}\n\n{\"reference\":\"R-2\",\"status\":\"REJECTED\",\"note\":\"لا\"}\n")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(csv).extracting(StatusLine::number, StatusLine::reference, StatusLine::status, StatusLine::note)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, ID + ".json", "IN_REVIEW",
                                "documents, all of them, under review"),
                        org.assertj.core.groups.Tuple.tuple(2, "NOSI-77", "APPROVED", null));
        assertThat(jsonl).extracting(StatusLine::reference, StatusLine::status, StatusLine::note)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ID, "COMPLETED", null),
                        org.assertj.core.groups.Tuple.tuple("R-2", "REJECTED", "لا"));
        assertThat(csv).allMatch(l -> l.entityId().equals("nosi") && l.outcome() == StatusLine.Outcome.PENDING);
    }

    @Test
    void aStatusFileWithOneBadLineIsUnreadableAsAWhole() {
        assertThatThrownBy(() -> StatusFiles.parse("nosi", "csv",
                "reference,status\nA,IN_REVIEW\nB,DONE\n,APPROVED\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(NativeFormatException.class)
                .hasMessageContaining("line 2: status must be one of IN_REVIEW, APPROVED, REJECTED, COMPLETED, not 'DONE'")
                .hasMessageContaining("line 3: reference (or applicationId) is missing");
        assertThatThrownBy(() -> StatusFiles.parse("nosi", "jsonl",
                "{\"reference\":\"A\",\"status\":\"APPROVED\"}\n[1]\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 2 of the file is not a JSON object");
        assertThatThrownBy(() -> StatusFiles.parse("nosi", "jsonl",
                "{\"reference\":\"A\",\"status\":\"APPROVED\"} trailing\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 1 of the file is not JSON");
        assertThatThrownBy(() -> StatusFiles.parse("nosi", "csv", "reference,status\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no status lines");
        assertThatThrownBy(() -> StatusFiles.parse("nosi", "csv",
                "reference,status\nA,APPROVED,extra\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("expected 2 columns, found 3");
    }

    @Test
    void statusRouteMovesAppliedFilesToDoneAndExplainsTheOthersInError(@TempDir Path folder) throws Exception {
        Map<String, Object> p = FileApplicationStatus.templateParameters("nosi", yaml(
                "{mode: files, directory: \"" + folder + "\", format: csv, pollEvery: 100ms, stableFor: 100ms}"));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new FileApplicationStatus());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // the hub's side, played here: known applications move, "old" ones had moved before
                    from(FileApplicationStatus.REPORT).process(e -> {
                        StatusLine line = e.getIn().getBody(StatusLine.class);
                        if (line.reference().startsWith("known")) {
                            line.applied();
                        } else if (line.reference().startsWith("old")) {
                            line.unchanged();
                        } else {
                            line.refused("entity 'nosi' has no application '" + line.reference() + "'");
                        }
                    });
                }
            });
            camel.start();
            TemplatedRouteBuilder.builder(camel, FileApplicationStatus.TEMPLATE_ID)
                    .routeId(FileApplicationStatus.routeId("nosi"))
                    .parameters(p)
                    .add();

            drop(folder, "status-1.csv", "reference,status,note\nknown-1,IN_REVIEW,ok\nold-2,APPROVED,\n");
            drop(folder, "status-2.csv", "reference,status\nknown-3,APPROVED\nnobody,APPROVED\n");
            drop(folder, "status-3.csv", "reference,status\nknown-4,FINISHED\n");

            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(folder.resolve("done/status-1.csv"))
                    && Files.exists(folder.resolve("error/status-2.csv.reason"))
                    && Files.exists(folder.resolve("error/status-3.csv.reason")));
            assertThat(Files.readString(folder.resolve("error/status-2.csv.reason")))
                    .contains("status-2.csv was read, but not every line could be applied")
                    .contains("1 of 2 status lines could not be applied")
                    .contains("line 2 (nobody -> APPROVED): entity 'nosi' has no application 'nobody'");
            assertThat(Files.readString(folder.resolve("error/status-3.csv.reason")))
                    .contains("status-3.csv could not be read")
                    .contains("not 'FINISHED'")
                    .contains("Nothing in it was applied");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.resolve("error/status-2.csv"))
                    && Files.exists(folder.resolve("error/status-3.csv")));
            assertThat(folder.resolve("status-1.csv")).doesNotExist();
            assertThat(folder.resolve("done/status-1.csv.reason")).doesNotExist();
        }
    }

    // --- helpers ---

    private static void drop(Path folder, String name, String content) throws IOException {
        Path part = folder.resolve("." + name + ".part");
        Files.writeString(part, content, StandardCharsets.UTF_8);
        Files.move(part, folder.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void assertDeliveryProblems(String connectorYaml, String field) {
        writeDefinition("""
                applications:
                  connector: {%s}
                  mapping: x/application.jsonata
                """.formatted(connectorYaml));
        assertThatThrownBy(() -> loader(entities).load(entities.resolve("drop.yaml")))
                .isInstanceOf(InvalidEntityDefinitionException.class)
                .hasMessageContaining("applications.connector." + field);
    }

    private void assertStatusProblems(String statusYaml, String field) {
        writeDefinition("""
                applications:
                  connector: {kind: file, directory: out, format: json}
                  mapping: x/application.jsonata
                  status: %s
                """.formatted(statusYaml));
        assertThatThrownBy(() -> loader(entities).load(entities.resolve("drop.yaml")))
                .isInstanceOf(InvalidEntityDefinitionException.class)
                .hasMessageContaining(field);
    }

    private void writeDefinition(String applications) {
        try {
            Files.createDirectories(entities.resolve("x"));
            Files.writeString(entities.resolve("x/application.jsonata"), "{\"id\": applicationId}");
            Files.writeString(entities.resolve("drop.yaml"), """
                    id: drop
                    names: {ar: جهة, en: Entity}
                    """ + applications, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode yaml(String text) throws IOException {
        return YAML.readTree(text);
    }

    private static JsonNode canonicalApplication() {
        try {
            return JSON.readTree("""
                    {"applicationId": "%s", "entryId": "nosi.VOL-INS-01", "entryCode": "VOL-INS-01",
                     "entityId": "nosi", "submittedAt": "2026-11-28T09:30:15Z",
                     "applicant": {"nationalId": "29001011234567", "passportNumber": "A12345678",
                                   "name": {"ar": "أحمد محمد علي", "en": "Ahmed Mohamed Aly"},
                                   "countryOfResidence": "SA", "contact": {"email": "ahmed@example.com"}},
                     "fields": {"countryOfWork": "SA", "monthlyIncomeEgp": 15000, "workStartDate": "2024-01-01"}}
                    """.formatted(ID));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static EntityDefinitionLoader loader(Path dir) {
        // what the hub does with Spring's Environment when nothing overrides the defaults
        return new EntityDefinitionLoader(dir,
                text -> PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2))),
                List.of(new FileCatalogueConnector(), new SftpCatalogueConnector()), List.of(FILE, SFTP));
    }
}
