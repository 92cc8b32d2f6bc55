package eg.gov.bawaba.hub.catalogue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
                .anySatisfy(reason -> assertThat(reason).contains("title"));
        assertThat(quarantine.findValuesAsText("sourceRecord"))
                .anySatisfy(source -> assertThat(source).contains("LOTTERY-99"));
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
