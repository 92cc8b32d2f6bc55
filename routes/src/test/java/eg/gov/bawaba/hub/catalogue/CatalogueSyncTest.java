package eg.gov.bawaba.hub.catalogue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.nio.file.Path;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import org.junit.jupiter.api.Test;

/** Catalogue sync of a REST entity end to end: WireMock plays the ministry's API, the hub stores and serves. */
class CatalogueSyncTest extends HubTestSupport {

    private static final String FEED = "/emigration/api/v1/privileges";

    @Test
    void mapsRealisticPagedFeedIntoBilingualEntries() {
        SyncReport report = sync("emigration");

        assertThat(report.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isEqualTo(5);
        assertThat(report.quarantined()).isZero();
        ENTITY_SYSTEMS.verify(2, getRequestedFor(urlPathEqualTo(FEED)));

        JsonNode entry = json(get("/api/v1/catalogue/emigration.CAR-IMPORT-01", "Accept-Language", "en"));
        assertThat(entry.get("title").asText()).startsWith("Importing a car");
        assertThat(entry.at("/i18n/title/ar").asText()).contains("سيارة");
        assertThat(entry.get("entityId").asText()).isEqualTo("emigration");
        assertThat(entry.get("kind").asText()).isEqualTo("PRIVILEGE");
        assertThat(entry.get("category").asText()).isEqualTo("CUSTOMS");
        assertThat(entry.at("/eligibility/conditions/0/ar").asText()).isNotBlank();
        assertThat(entry.at("/requiredDocuments/0/en").asText()).isEqualTo("Valid Egyptian passport");
        assertThat(entry.at("/provenance/sourceProtocol").asText()).isEqualTo("REST");
        assertThat(entry.at("/provenance/version").asLong()).isEqualTo(1);
        assertThat(entry.at("/provenance/status").asText()).isEqualTo("ACTIVE");
        assertThat(entry.at("/provenance/contentHash").asText()).startsWith("sha256:");
    }

    @Test
    void quarantinesRecordsFailingTheSchemaWhileTheRestSync() {
        serveEmigrationFeed("bad");

        SyncReport report = sync("emigration");

        assertThat(report.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isEqualTo(3);
        assertThat(report.quarantined()).isEqualTo(2);
        JsonNode quarantine = json(get("/ops/v1/quarantine?entity=emigration"));
        assertThat(quarantine.get("total").asInt()).isEqualTo(2);
        assertThat(quarantine.findValuesAsText("reason"))
                .anySatisfy(reason -> assertThat(reason).contains("category"))
                .anySatisfy(reason -> assertThat(reason).contains("title"))
                .allSatisfy(reason -> assertThat(reason).matches("page [12], record [1-3]: .*"));
        // the native record as JSON, not a string holding JSON
        assertThat(quarantine.findValues("sourceRecord")).allSatisfy(source -> assertThat(source.isObject()).isTrue())
                .anySatisfy(source -> assertThat(source.get("privilegeCode").asText()).isEqualTo("LOTTERY-99"));
        assertThat(get("/api/v1/catalogue/emigration.LOTTERY-99").getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void withdrawsEntryMissingFromTheFullFeedAndBumpsItsVersion() {
        sync("emigration");
        serveEmigrationFeed("v2");

        SyncReport report = sync("emigration");

        assertThat(report.withdrawn()).isEqualTo(1);
        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.unchanged()).isEqualTo(3);
        JsonNode gone = json(get("/api/v1/catalogue/emigration.CAR-IMPORT-01"));
        assertThat(gone.at("/provenance/status").asText()).isEqualTo("WITHDRAWN");
        assertThat(gone.at("/provenance/version").asLong()).isEqualTo(2);
        assertThat(json(get("/api/v1/catalogue?entity=emigration")).get("total").asInt()).isEqualTo(4);
        assertThat(json(get("/api/v1/catalogue?entity=emigration&status=WITHDRAWN")).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void refusesAnEmptyFullFeedRatherThanWithdrawEverything() {
        sync("emigration");
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(FEED)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"page\":0,\"size\":3,\"total\":0,\"items\":[]}")));

        SyncReport refused = sync("emigration");

        assertThat(refused.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(refused.error()).contains("full feed is empty").contains("5 active entries");
        assertCatalogueStillHasFiveEntriesAtVersionOne();
    }

    @Test
    void anEmptyFeedThatMayBeAppliedIsReportedAsAWarning() {
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(FEED)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"page\":0,\"size\":3,\"total\":0,\"items\":[]}")));

        SyncReport report = sync("emigration");

        assertThat(report.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.received()).isZero();
        assertThat(report.warnings()).singleElement().asString().contains("the feed is empty");
    }

    @Test
    void misspeltRecordsPointerFailsTheSyncNamingTheFieldsThatAreThere() {
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(FEED)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"page\":0,\"size\":3,\"total\":0,\"privileges\":[]}")));

        SyncReport report = sync("emigration");

        assertThat(report.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(report.error()).contains("no records at JSON pointer '/items'")
                .contains("fields there: page, size, total, privileges");
    }

    @Test
    void fieldsTheMappingNeverReadsAreReportedAndKeptWithTheSync() throws Exception {
        for (int page = 0; page < 2; page++) {
            ObjectNode body = (ObjectNode) CanonicalJson.mapper().readTree(Path.of("src/test/resources/__files/emigration",
                    "privileges-v1-page-" + page + ".json").toFile());
            body.withArray("items").forEach(item -> ((ObjectNode) item).put("internalNote", "x").put("نوع_الخدمة", "y"));
            ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(FEED)).atPriority(1)
                    .withQueryParam("page", WireMock.equalTo(String.valueOf(page)))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(body.toString())));
        }

        SyncReport report = sync("emigration");

        assertThat(report.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isEqualTo(5);
        assertThat(report.warnings()).singleElement().asString()
                .contains("2 fields the mapping never reads: internalNote, نوع_الخدمة");
        JsonNode history = json(get("/ops/v1/entities/emigration/syncs")).get("syncs");
        assertThat(history.get(0).get("warnings").get(0).asText()).contains("internalNote");
        assertThat(history.get(0).has("error")).isFalse();
    }

    @Test
    void theRealFeedHasNoWarnings() {
        SyncReport report = sync("emigration");

        assertThat(report.warnings()).isEmpty();
        assertThat(json(get("/ops/v1/entities/emigration/syncs")).at("/syncs/0").has("warnings")).isFalse();
    }

    @Test
    void aNextPageTheDefinitionIgnoresIsReportedWithTheSync() {
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo("/pensions/services")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withHeader("Link", "</pensions/services?page=2>; rel=\"next\"")
                        .withBodyFile("pensions/services.json")));

        SyncReport report = sync("pensions");

        assertThat(report.outcome()).as(report.error()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.warnings()).anySatisfy(warning -> assertThat(warning)
                .contains("Link header with rel=\"next\"").contains("only the first page was read"));
        JsonNode entity = json(get("/api/v1/entities")).get("entities").get(entityIndex("pensions"));
        assertThat(entity.at("/lastSync/warnings").toString()).contains("only the first page was read");
    }

    @Test
    void unchangedResyncWritesNothing() {
        sync("emigration");
        long changesBefore = index.generation();
        String storedBefore = jdbc.queryForList("SELECT id || version || synced_at FROM catalogue_entry ORDER BY id",
                String.class).toString();

        SyncReport again = sync("emigration");

        assertThat(again.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(again.added() + again.updated() + again.withdrawn()).isZero();
        assertThat(again.unchanged()).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM catalogue_change", Integer.class)).isEqualTo(5);
        assertThat(index.generation()).isEqualTo(changesBefore);
        assertThat(jdbc.queryForList("SELECT id || version || synced_at FROM catalogue_entry ORDER BY id", String.class)
                .toString()).isEqualTo(storedBefore);
    }

    @Test
    void entityTimeoutLeavesCatalogueAsItWasAndRecordsFailedSync() {
        sync("emigration");
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(FEED)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(6000).withBody("{\"items\":[]}")));

        SyncReport failed = sync("emigration");

        assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failed.error()).containsIgnoringCase("timeout");
        assertCatalogueStillHasFiveEntriesAtVersionOne();
        JsonNode entity = json(get("/api/v1/entities")).get("entities").get(entityIndex("emigration"));
        assertThat(entity.at("/lastSync/outcome").asText()).isEqualTo("FAILED");
        assertThat(entity.get("entryCount").asInt()).isEqualTo(5);
    }

    @Test
    void entityServerErrorIsRetriedThenLeavesCatalogueAsItWas() {
        sync("emigration");
        ENTITY_SYSTEMS.resetRequests();
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(FEED)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("ORA-03113: end-of-file on communication channel")));

        SyncReport failed = sync("emigration");

        assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failed.error()).contains("500");
        ENTITY_SYSTEMS.verify(2, getRequestedFor(urlPathEqualTo(FEED)));
        assertCatalogueStillHasFiveEntriesAtVersionOne();
    }

    @Test
    void rejectedCredentialsFailTheSyncWithoutRetrying() {
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(FEED)).atPriority(1)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"key expired\"}")));

        SyncReport failed = sync("emigration");

        assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failed.error()).contains("401");
        ENTITY_SYSTEMS.verify(1, getRequestedFor(urlPathEqualTo(FEED)));
    }

    private void assertCatalogueStillHasFiveEntriesAtVersionOne() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM catalogue_entry WHERE version = 1 AND status = 'ACTIVE'",
                Integer.class)).isEqualTo(5);
        assertThat(json(get("/api/v1/catalogue?entity=emigration")).get("total").asInt()).isEqualTo(5);
    }

    private int entityIndex(String id) {
        JsonNode entities = json(get("/api/v1/entities")).get("entities");
        for (int i = 0; i < entities.size(); i++) {
            if (entities.get(i).get("id").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no entity " + id);
    }
}
