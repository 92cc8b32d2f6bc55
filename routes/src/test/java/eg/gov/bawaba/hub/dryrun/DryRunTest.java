package eg.gov.bawaba.hub.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestEntities;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A dry run shows what a definition would produce, from a live fetch or a sample, and writes nothing. */
class DryRunTest extends HubTestSupport {

    private static final Path REAL = Path.of("..", "config", "entities");
    private static final String DEFINITION =
            TestEntities.emigrationFeedDefinition("trial", "Ministry on trial", "trial");

    @Test
    void liveFetchReportsEntriesAndEveryQuarantineReasonWithoutWritingAnything() throws IOException {
        serveEmigrationFeed("bad");

        JsonNode report = json(dryRun(request(DEFINITION)));

        assertThat(report.get("entityId").asText()).isEqualTo("trial");
        assertThat(report.get("received").asInt()).isEqualTo(5);
        assertThat(report.get("entries").findValuesAsText("id")).contains("trial.CAR-IMPORT-01").hasSize(3);
        assertThat(report.get("quarantined").findValuesAsText("reason"))
                .anySatisfy(r -> assertThat(r).contains("category").contains("LOTTERY"))
                .anySatisfy(r -> assertThat(r).contains("title.ar"))
                .allSatisfy(r -> assertThat(r).matches("page [12], record [1-3]: .*"));
        assertThat(report.get("quarantined").findValues("sourceRecord"))
                .allSatisfy(source -> assertThat(source.isObject()).isTrue());
        assertThat(report.get("problems")).isEmpty();
        for (String table : new String[] {"catalogue_entry", "catalogue_change", "catalogue_sync", "quarantine_record"}) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class)).as(table).isZero();
        }
        assertThat(index.generation()).isZero();
    }

    @Test
    void readsASampleFileInsteadOfFetching() throws IOException {
        ObjectNode request = request(DEFINITION);
        request.putObject("sample").put("name", "privileges.json").put("content", Files.readString(
                Path.of("src/test/resources/__files/emigration/privileges-v1-page-1.json")));

        JsonNode report = json(dryRun(request));

        assertThat(report.get("source").asText()).isEqualTo("sample privileges.json");
        assertThat(report.get("entries").findValuesAsText("id")).hasSize(2);
        assertThat(report.get("quarantined")).isEmpty();
    }

    @Test
    void warnsAboutFieldsTheMappingNeverReadsAndAboutAnEmptySample() throws IOException {
        ObjectNode extra = (ObjectNode) CanonicalJson.mapper().readTree(
                Path.of("src/test/resources/__files/emigration/privileges-v1-page-1.json").toFile());
        extra.withArray("items").forEach(item -> ((ObjectNode) item).put("legacyRef", "L-1"));
        ObjectNode unread = request(DEFINITION);
        unread.putObject("sample").put("name", "privileges.json").put("content", extra.toString());
        ObjectNode empty = request(DEFINITION);
        empty.putObject("sample").put("name", "privileges.json").put("content", "{\"items\": []}");

        JsonNode unreadReport = json(dryRun(unread));
        JsonNode emptyReport = json(dryRun(empty));

        assertThat(unreadReport.get("entries").findValuesAsText("id")).hasSize(2);
        assertThat(unreadReport.get("warnings")).singleElement().extracting(JsonNode::asText).asString()
                .contains("1 field the mapping never reads: legacyRef");
        assertThat(emptyReport.get("warnings")).singleElement().extracting(JsonNode::asText).asString()
                .contains("the feed is empty");
    }

    @Test
    void reportsDefinitionProblemsNamingTheField() throws IOException {
        JsonNode report = json(dryRun(request(DEFINITION.replace("    path: /api/v1/privileges\n", ""))));

        assertThat(report.get("problems").toString()).contains("trial.yaml").contains("catalogue.connector")
                .contains("path");
        assertThat(report.get("entries")).isEmpty();
    }

    @Test
    void refusesFilesOutsideTheEntityFolder() throws IOException {
        ObjectNode request = request(DEFINITION);
        ((ObjectNode) request.get("files")).put("../../escape.jsonata", "{}");

        ResponseEntity<String> response = dryRun(request);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    }

    @Test
    void refusesAbsoluteFileNamesAndSampleNamesThatClimbOut() throws IOException {
        ObjectNode absolute = request(DEFINITION);
        ((ObjectNode) absolute.get("files")).put("/tmp/bawaba-escape.jsonata", "{}");
        ObjectNode climbing = request(DEFINITION);
        climbing.putObject("sample").put("name", "../../bawaba-escape.json").put("content", "[]");

        for (ObjectNode request : new ObjectNode[] {absolute, climbing}) {
            ResponseEntity<String> response = dryRun(request);

            assertThat(response.getStatusCode().value()).isEqualTo(400);
            assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        }
        assertThat(Path.of("/tmp/bawaba-escape.jsonata")).doesNotExist();
    }

    private ResponseEntity<String> dryRun(JsonNode request) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity("/ops/v1/dry-run", new HttpEntity<>(request.toString(), headers), String.class);
    }

    private static ObjectNode request(String definition) throws IOException {
        ObjectNode request = CanonicalJson.mapper().createObjectNode();
        request.put("definition", definition);
        request.putObject("files")
                .put("trial/catalogue.jsonata", Files.readString(REAL.resolve("emigration/catalogue.jsonata")))
                .put("trial/code-lists.yaml", Files.readString(REAL.resolve("emigration/code-lists.yaml")));
        return request;
    }
}
