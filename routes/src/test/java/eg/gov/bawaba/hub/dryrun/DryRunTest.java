package eg.gov.bawaba.hub.dryrun;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestEntities;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A dry run shows what a definition would produce, from a live fetch or a sample, and writes nothing. Over the API it
 * reads no secret of the hub, calls only allowed hosts with the staging credentials it was sent (masked in the
 * report), and is audited with the hosts it called.
 */
class DryRunTest extends HubTestSupport {

    private static final String STAGING_KEY = "staging-key-" + UUID.randomUUID();
    /** A listener outside the allowed hosts, standing for an address an attacker controls. */
    private static final WireMockServer OUTSIDE = new WireMockServer(options().dynamicPort());

    static {
        OUTSIDE.start();
    }

    @AfterAll
    static void stopOutside() {
        OUTSIDE.stop();
    }

    @BeforeEach
    void outsideHeardNothingYet() {
        OUTSIDE.resetAll();
    }

    private static final Path REAL = Path.of("..", "config", "entities");
    /** The production address, which no dry run over the API may call, is the default of the entity's variable. */
    private static final String PRODUCTION = "https://trial.example.gov.eg";
    private static final String DEFINITION = TestEntities.emigrationFeedDefinition("trial", "Ministry on trial", "trial")
            .replace("${TRIAL_BASE_URL}", "${TRIAL_BASE_URL:" + PRODUCTION + "}");

    @Test
    void liveFetchReportsEntriesAndEveryQuarantineReasonWithoutWritingAnything() throws IOException {
        serveEmigrationFeed("bad");
        ObjectNode request = staging(request(DEFINITION));
        request.putObject("credentials").put("secret", TestEntities.API_KEY);

        JsonNode report = json(dryRun(request));

        assertThat(report.get("entityId").asText()).isEqualTo("trial");
        assertThat(report.get("received").asInt()).as(report.toString()).isEqualTo(5);
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

    @Test
    void anOutsideAddressIsNeverCalledAndTheAuditSaysSo() throws IOException {
        OUTSIDE.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok("[]")));
        ObjectNode request = request(DEFINITION);
        request.putObject("connector").put("baseUrl", OUTSIDE.baseUrl());
        request.putObject("credentials").put("secret", STAGING_KEY);

        JsonNode report = json(dryRun(request));

        assertThat(OUTSIDE.getAllServeEvents()).as("requests the outside listener received").isEmpty();
        assertThat(report.get("problems").toString()).contains("fetching refused")
                .contains("localhost:" + OUTSIDE.port()).contains("bawaba.dry-run.allowed-hosts");
        assertThat(report.get("hostsContacted")).isEmpty();
        assertThat(latestDryRunAudit()).contains("hosts contacted: none");
    }

    @Test
    void anOutsideAddressWrittenInTheDefinitionIsNeverCalledEither() throws IOException {
        OUTSIDE.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok("[]")));

        JsonNode report = json(dryRun(request(DEFINITION.replace(PRODUCTION, OUTSIDE.baseUrl()))));

        assertThat(OUTSIDE.getAllServeEvents()).isEmpty();
        assertThat(report.get("problems").toString()).contains("fetching refused");
    }

    @Test
    void readsNoSecretOfTheHubEvenOneTheEntityMayUse() throws IOException {
        // TRIAL_API_KEY is set on the hub and is the entity's own: the hub would send it, a dry run over the API not
        JsonNode report = json(dryRun(staging(request(DEFINITION))));

        assertThat(report.get("problems").toString()).contains("reads no secret of the hub")
                .contains("credentials.secret");
        ENTITY_SYSTEMS.verify(0, WireMock.getRequestedFor(WireMock.urlPathEqualTo("/emigration/api/v1/privileges")));
        assertThat(report.get("hostsContacted")).isEmpty();
    }

    @Test
    void refusesADefinitionThatNamesAHubKeyOrAnotherEntitysSecret(@Value("${bawaba.data-dir}") Path dataDir)
            throws IOException {
        OUTSIDE.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok("[]")));
        String outside = DEFINITION.replace(PRODUCTION, OUTSIDE.baseUrl());
        String keyFile = dataDir.resolve("keys/personal-data.key").toAbsolutePath().toString();
        for (String definition : new String[] {
                outside.replace("secretEnv: TRIAL_API_KEY", "secretFile: \"" + keyFile + "\""),
                outside.replace("secretEnv: TRIAL_API_KEY", "secretFile: ../lab/callback"),
                outside.replace("secretEnv: TRIAL_API_KEY", "secretEnv: EMIGRATION_API_KEY"),
                outside.replace("secretEnv: TRIAL_API_KEY", "secretEnv: BAWABA_PERSONAL_DATA_KEYS"),
                outside.replace("path: /api/v1/privileges", "path: \"/x/${BAWABA_PERSONAL_DATA_KEYS}\""),
                outside.replace("path: /api/v1/privileges", "path: \"/x/${EMIGRATION_API_KEY}\""),
                outside.replace("path: /api/v1/privileges", "path: \"/x/{{bawaba-secret-file:" + keyFile + "}}\"")}) {
            JsonNode report = json(dryRun(request(definition)));

            assertThat(report.get("problems").toString()).as(definition).contains("catalogue.connector.");
            assertThat(report.get("entries")).isEmpty();
        }
        assertThat(OUTSIDE.getAllServeEvents()).isEmpty();
    }

    @Test
    void refusesConnectorOverridesThatNameSecretsOrPlaceholders() throws IOException {
        for (String[] override : new String[][] {{"secretFile", "/etc/passwd"}, {"secretEnv", "EMIGRATION_API_KEY"},
                {"keyStore", "/tmp/x.p12"}, {"baseUrl", "http://localhost/{{bawaba.personal-data.key}}"},
                {"path", "/${BAWABA_PERSONAL_DATA_KEYS}"}}) {
            ObjectNode request = request(DEFINITION);
            request.putObject("connector").put(override[0], override[1]);

            ResponseEntity<String> response = dryRun(request);

            assertThat(response.getStatusCode().value()).as(override[0]).isEqualTo(400);
            assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        }
    }

    @Test
    void callsAnAllowedHostWithTheInlineCredentialsMasksThemAndAuditsTheHost() throws IOException {
        JsonNode item = CanonicalJson.mapper().readTree(Files.readString(
                Path.of("src/test/resources/__files/emigration/privileges-v1-page-0.json"))).get("items").get(0);
        ((ObjectNode) item).put("nameEn", "Echoed " + STAGING_KEY);
        ENTITY_SYSTEMS.stubFor(WireMock.get(WireMock.urlPathEqualTo("/staging/api/v1/privileges"))
                .withHeader("X-Api-Key", WireMock.equalTo(STAGING_KEY))
                .willReturn(WireMock.okJson("{\"items\": [" + item + "]}")));
        ObjectNode request = request(DEFINITION);
        request.putObject("connector").put("baseUrl", ENTITY_SYSTEMS.baseUrl() + "/staging").put("timeout", "10s");
        request.putObject("credentials").put("secret", STAGING_KEY);

        ResponseEntity<String> response = dryRun(request);
        JsonNode report = json(response);

        assertThat(report.get("problems")).as(report.toString()).isEmpty();
        assertThat(report.get("entries")).hasSize(1);
        assertThat(response.getBody()).doesNotContain(STAGING_KEY).contains("Echoed " + DryRunApi.MASK);
        assertThat(report.get("hostsContacted").toString()).contains("localhost:" + ENTITY_SYSTEMS.port());
        String audit = latestDryRunAudit();
        assertThat(audit).contains("hosts contacted: localhost:" + ENTITY_SYSTEMS.port()).doesNotContain(STAGING_KEY);
        ENTITY_SYSTEMS.verify(1, WireMock.getRequestedFor(WireMock.urlPathEqualTo("/staging/api/v1/privileges"))
                .withHeader("X-Api-Key", WireMock.equalTo(STAGING_KEY)));
    }

    @Test
    void withoutAllowedHostsOrAnAddressASampleIsAllItWorksOn() throws IOException {
        ObjectNode request = request(DEFINITION);
        request.putObject("sample").put("name", "privileges.json").put("content", Files.readString(
                Path.of("src/test/resources/__files/emigration/privileges-v1-page-1.json")));
        request.putObject("connector").put("baseUrl", OUTSIDE.baseUrl());

        JsonNode report = json(dryRun(request));

        assertThat(report.get("entries")).hasSize(2);
        assertThat(report.get("hostsContacted")).isEmpty();
        assertThat(OUTSIDE.getAllServeEvents()).isEmpty();
        assertThat(latestDryRunAudit()).contains("dry run of trial").contains("hosts contacted: none");
    }

    /** The request aimed at the WireMock emigration API, the one allowed host, as an engineer would aim it. */
    private static ObjectNode staging(ObjectNode request) {
        // a patient timeout: the test machine may be busier than a staging system is slow
        request.putObject("connector").put("baseUrl", ENTITY_SYSTEMS.baseUrl() + "/emigration").put("timeout", "10s");
        return request;
    }

    private String latestDryRunAudit() {
        return jdbc.queryForObject("SELECT outcome || ' ' || detail FROM ops_audit WHERE action = 'dry-run' "
                + "ORDER BY id DESC LIMIT 1", String.class);
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
