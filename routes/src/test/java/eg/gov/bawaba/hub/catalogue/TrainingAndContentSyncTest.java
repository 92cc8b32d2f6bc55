package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.applications.SampleApplications;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A training feed and a content feed, defined as in config/entities and played by WireMock, sync into the one
 * catalogue as kinds TRAINING and CONTENT, with its search, kind filter, change feed and ETags.
 */
class TrainingAndContentSyncTest extends HubTestSupport {

    private static final Path REAL = Path.of("..", "config", "entities");
    private static final List<String> IDS = List.of("digital-training", "mcit-content");
    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(10);

    @BeforeEach
    void defineTheTrainingAndContentEntities() throws IOException {
        for (String id : IDS) {
            Path folder = Files.createDirectories(ENTITIES.resolve(id));
            for (String file : new String[] {"catalogue.jsonata", "code-lists.yaml"}) {
                Files.copy(REAL.resolve(id).resolve(file), folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            // the real definition, pointed at WireMock and kept off the schedule so only the test syncs
            String definition = Files.readString(REAL.resolve(id + ".yaml"), StandardCharsets.UTF_8)
                    .replaceAll("baseUrl: .*", "baseUrl: " + ENTITY_SYSTEMS.baseUrl() + "/" + id)
                    .replaceAll("initialDelay: .*", "initialDelay: 1h");
            Files.writeString(ENTITIES.resolve(id + ".yaml"), definition, StandardCharsets.UTF_8);
        }
        await().atMost(WITHIN_SECONDS).until(() -> IDS.stream().allMatch(id -> "RUNNING".equals(status(id))));
    }

    @AfterEach
    void removeTheTrainingAndContentEntities() throws IOException {
        for (String id : IDS) {
            Files.deleteIfExists(ENTITIES.resolve(id + ".yaml"));
        }
        await().atMost(WITHIN_SECONDS).until(() -> IDS.stream().allMatch(id -> status(id) == null));
    }

    @Test
    void syncsTrainingProgrammesAsTrainingEntries() {
        SyncReport report = sync("digital-training");

        assertThat(report.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isEqualTo(3);
        assertThat(report.quarantined()).isZero();
        JsonNode entry = json(get("/api/v1/catalogue/digital-training.DT-AI-2026-02", "Accept-Language", "ar"));
        assertThat(entry.get("kind").asText()).isEqualTo("TRAINING");
        assertThat(entry.get("title").asText()).isEqualTo("تطبيقات الذكاء الاصطناعي في الأعمال");
        assertThat(entry.at("/training/startsOn").asText()).isEqualTo("2026-03-15");
        assertThat(entry.at("/training/endsOn").asText()).isEqualTo("2026-05-10");
        assertThat(entry.at("/training/format").asText()).isEqualTo("HYBRID");
        assertThat(entry.at("/training/registrationUrl").asText()).endsWith("/programmes/DT-AI-2026-02");
        assertThat(entry.at("/training/seats").asInt()).isEqualTo(60);
        assertThat(entry.at("/eligibility/countries").toString()).isEqualTo("[\"AE\",\"SA\",\"KW\"]");
        assertThat(entry.has("content")).isFalse();
    }

    @Test
    void syncsContentAsInformationalEntriesWithTheBodyInTheChosenLanguage() {
        SyncReport report = sync("mcit-content");

        assertThat(report.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isEqualTo(3);
        JsonNode guide = json(get("/api/v1/catalogue/mcit-content.GUIDE-EID-01", "Accept-Language", "en"));
        assertThat(guide.get("kind").asText()).isEqualTo("CONTENT");
        assertThat(guide.at("/content/contentType").asText()).isEqualTo("GUIDE");
        assertThat(guide.at("/content/publishedAt").asText()).isEqualTo("2025-10-02T12:30:00Z");
        assertThat(guide.at("/content/body").asText()).startsWith("Step one: book a consulate appointment.");
        assertThat(guide.at("/i18n/body/ar").asText()).startsWith("الخطوة الأولى");
        assertThat(guide.get("applicationForm").isNull()).isTrue();
        assertThat(guide.has("training")).isFalse();
    }

    @Test
    void filtersTheCatalogueByTheNewKinds() {
        sync("digital-training");
        sync("mcit-content");
        serveEmigrationFeedAndSync();

        assertThat(ids(get("/api/v1/catalogue?kind=TRAINING"))).containsExactly(
                "digital-training.DT-AI-2026-02", "digital-training.DT-CLOUD-2026-01",
                "digital-training.DT-FREELANCE-2026-03");
        assertThat(ids(get("/api/v1/catalogue?kind=content"))).containsExactly(
                "mcit-content.ANN-2025-118", "mcit-content.GUIDE-EID-01", "mcit-content.NEWS-2025-233");
        assertThat(ids(get("/api/v1/catalogue?kind=TRAINING&country=DE"))).containsExactly(
                "digital-training.DT-CLOUD-2026-01", "digital-training.DT-FREELANCE-2026-03");
        assertThat(ids(get("/api/v1/catalogue?kind=PRIVILEGE"))).isNotEmpty()
                .allSatisfy(id -> assertThat(id).startsWith("emigration."));
        assertThat(get("/api/v1/catalogue?kind=COURSE").getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void searchInArabicFindsTrainingAndContent() {
        sync("digital-training");
        sync("mcit-content");

        // without the article and with a plain haa for the taa marbuta: the analyser folds both
        assertThat(ids(get("/api/v1/catalogue?kind=TRAINING&q=" + "الحوسبه السحابيه")))
                .containsExactly("digital-training.DT-CLOUD-2026-01");
        // words found only in the body of the guide
        assertThat(ids(get("/api/v1/catalogue?q=" + "موعدا في القنصلية")))
                .containsExactly("mcit-content.GUIDE-EID-01");
    }

    @Test
    void reportsTrainingChangesAndWithdrawalsInTheChangeFeed() {
        sync("digital-training");
        sync("mcit-content");
        JsonNode first = json(get("/api/v1/catalogue/changes"));
        assertThat(first.get("changes")).hasSize(6);
        assertThat(first.get("changes").findValuesAsText("change")).containsOnly("ADDED");
        assertThat(first.get("changes").findValues("entry")).extracting(e -> e.get("kind").asText())
                .containsOnly("TRAINING", "CONTENT");
        String cursor = first.get("nextCursor").asText();

        ENTITY_SYSTEMS.stubFor(WireMock.get(WireMock.urlPathEqualTo("/digital-training/programmes")).atPriority(1)
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("digital-training/programmes-v2.json")));
        SyncReport second = sync("digital-training");

        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.withdrawn()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(1);
        JsonNode changes = json(get("/api/v1/catalogue/changes?since=" + cursor)).get("changes");
        assertThat(changes).hasSize(2);
        JsonNode updated = find(changes, "digital-training.DT-AI-2026-02");
        assertThat(updated.get("change").asText()).isEqualTo("UPDATED");
        assertThat(updated.get("version").asInt()).isEqualTo(2);
        assertThat(updated.at("/entry/training/format").asText()).isEqualTo("ONLINE");
        assertThat(updated.at("/entry/training/seats").asInt()).isEqualTo(40);
        assertThat(find(changes, "digital-training.DT-FREELANCE-2026-03").get("change").asText())
                .isEqualTo("WITHDRAWN");
    }

    @Test
    void servesTrainingAndContentWithETagsThatChangeOnlyWithTheEntry() {
        sync("digital-training");
        ResponseEntity<String> first = get("/api/v1/catalogue/digital-training.DT-AI-2026-02");
        String etag = first.getHeaders().getETag();
        ResponseEntity<String> listing = get("/api/v1/catalogue?kind=TRAINING");
        String listingEtag = listing.getHeaders().getETag();

        assertThat(get("/api/v1/catalogue/digital-training.DT-AI-2026-02", "If-None-Match", etag)
                .getStatusCode().value()).isEqualTo(304);
        assertThat(get("/api/v1/catalogue?kind=TRAINING", "If-None-Match", listingEtag)
                .getStatusCode().value()).isEqualTo(304);

        ENTITY_SYSTEMS.stubFor(WireMock.get(WireMock.urlPathEqualTo("/digital-training/programmes")).atPriority(1)
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBodyFile("digital-training/programmes-v2.json")));
        sync("digital-training");

        assertThat(get("/api/v1/catalogue/digital-training.DT-AI-2026-02", "If-None-Match", etag)
                .getStatusCode().value()).isEqualTo(200);
        assertThat(get("/api/v1/catalogue?kind=TRAINING", "If-None-Match", listingEtag)
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void refusesApplicationsForContentAndForTrainingWithoutAnAppForm() {
        sync("digital-training");
        sync("mcit-content");

        for (String entryId : List.of("mcit-content.ANN-2025-118", "digital-training.DT-CLOUD-2026-01")) {
            ObjectNode application = SampleApplications.carImport();
            application.put("entryId", entryId);
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            headers.add("Idempotency-Key", "apply-" + entryId);

            ResponseEntity<String> refused = http.postForEntity("/api/v1/applications",
                    new HttpEntity<>(application.toString(), headers), String.class);

            assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(422);
            assertThat(json(refused).get("detail").asText()).contains(entryId).contains("informational");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM application", Integer.class)).isZero();
    }

    private void serveEmigrationFeedAndSync() {
        assertThat(sync("emigration").outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
    }

    private static List<String> ids(ResponseEntity<String> response) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(response).get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static JsonNode find(JsonNode changes, String entryId) {
        for (JsonNode change : changes) {
            if (change.get("entryId").asText().equals(entryId)) {
                return change;
            }
        }
        throw new AssertionError(entryId + " not in " + changes);
    }

    private String status(String id) {
        for (JsonNode entity : json(get("/api/v1/entities")).get("entities")) {
            if (entity.get("id").asText().equals(id)) {
                return entity.get("status").asText();
            }
        }
        return null;
    }
}
