package eg.gov.bawaba.hub.entities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestEntities;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Adding, changing or removing a definition file while the hub runs starts, restarts or stops that entity alone. */
class HotOnboardingTest extends HubTestSupport {

    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(10);
    private static final Path HOT = ENTITIES.resolve("hot-ministry.yaml");
    private static final Path BROKEN = ENTITIES.resolve("hot-broken.yaml");

    @Autowired
    CamelContext camelContext;

    @AfterEach
    void removeHotFiles() throws IOException {
        Files.deleteIfExists(HOT);
        Files.deleteIfExists(BROKEN);
        await().atMost(WITHIN_SECONDS).until(() -> entity("hot-ministry") == null && entity("hot-broken") == null);
    }

    @Test
    void startsRestartsAndStopsAnEntityWithoutTouchingTheOthers() throws IOException {
        Route emigrationRoute = camelContext.getRoute("emigration-catalogue-fetch");

        write(HOT, definition("Ministry of Hot Onboarding"));
        await().atMost(WITHIN_SECONDS).until(() -> entity("hot-ministry") != null);
        assertThat(entity("hot-ministry").get("status").asText()).isEqualTo("RUNNING");
        assertThat(sync("hot-ministry").added()).isEqualTo(5);
        assertThat(json(get("/api/v1/catalogue?entity=hot-ministry")).get("total").asInt()).isEqualTo(5);
        Route firstRoute = camelContext.getRoute("hot-ministry-catalogue-fetch");

        write(HOT, definition("Ministry of Hot Onboarding, renamed"));
        await().atMost(WITHIN_SECONDS).until(() -> entity("hot-ministry").at("/names/en").asText().endsWith("renamed"));
        assertThat(camelContext.getRoute("hot-ministry-catalogue-fetch")).isNotNull().isNotSameAs(firstRoute);
        assertThat(sync("hot-ministry").outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);

        Files.delete(HOT);
        await().atMost(WITHIN_SECONDS).until(() -> entity("hot-ministry") == null);
        assertThat(camelContext.getRoute("hot-ministry-catalogue-fetch")).isNull();

        assertThat(camelContext.getRoute("emigration-catalogue-fetch")).isSameAs(emigrationRoute);
        assertThat(sync("emigration").outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
    }

    @Test
    void remapsUnchangedRecordsWhenTheMappingChanges() throws IOException {
        Path mappingFolder = Files.createDirectories(ENTITIES.resolve("hot"));
        Files.copy(ENTITIES.resolve("emigration/catalogue.jsonata"), mappingFolder.resolve("catalogue.jsonata"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(ENTITIES.resolve("emigration/code-lists.yaml"), mappingFolder.resolve("code-lists.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        write(HOT, TestEntities.emigrationFeedDefinition("hot-ministry", "Ministry of Hot Onboarding", "hot"));
        await().atMost(WITHIN_SECONDS).until(() -> entity("hot-ministry") != null);
        assertThat(sync("hot-ministry").added()).isEqualTo(5);
        assertThat(sync("hot-ministry").unchanged()).isEqualTo(5);
        Route before = camelContext.getRoute("hot-ministry-catalogue-fetch");

        // the same native records, a new mapping: every entry must be mapped again, not skipped as unchanged
        String mapping = Files.readString(mappingFolder.resolve("catalogue.jsonata"));
        write(mappingFolder.resolve("catalogue.jsonata"),
                mapping.replace("\"title\": {\"ar\": nameAr, \"en\": nameEn}", "\"title\": {\"ar\": nameAr, \"en\": $uppercase(nameEn)}"));
        await().atMost(WITHIN_SECONDS).until(() -> camelContext.getRoute("hot-ministry-catalogue-fetch") != before);

        SyncReport remapped = sync("hot-ministry");
        assertThat(remapped.updated()).isEqualTo(5);
        assertThat(json(get("/api/v1/catalogue/hot-ministry.CAR-IMPORT-01", "Accept-Language", "en")).get("title").asText())
                .startsWith("IMPORTING A CAR");
    }

    @Test
    void rejectsABrokenChangeAndKeepsThePreviousDefinitionRunning() throws IOException {
        write(HOT, definition("Ministry of Hot Onboarding"));
        await().atMost(WITHIN_SECONDS).until(() -> entity("hot-ministry") != null);

        write(HOT, definition("Ministry of Hot Onboarding").replace("path: /api/v1/privileges", "path: no-slash"));
        await().atMost(WITHIN_SECONDS).until(() -> entity("hot-ministry").has("problems"));

        JsonNode hot = entity("hot-ministry");
        assertThat(hot.get("status").asText()).isEqualTo("RUNNING");
        assertThat(hot.get("problems").toString()).contains("change rejected").contains("hot-ministry.yaml")
                .contains("catalogue.connector.path");
        assertThat(sync("hot-ministry").outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
    }

    @Test
    void reportsABrokenNewFileAndIgnoresIt() throws IOException {
        write(BROKEN, """
                id: hot-broken
                names: {ar: وزارة بلا اسم إنجليزي}
                """);

        await().atMost(WITHIN_SECONDS).until(() -> entity("hot-broken") != null);

        JsonNode broken = entity("hot-broken");
        assertThat(broken.get("status").asText()).isEqualTo("DISABLED");
        assertThat(broken.get("problems").toString()).contains("hot-broken.yaml").contains("names").contains("en");
        assertThat(entity("emigration").get("status").asText()).isEqualTo("RUNNING");
    }

    private static String definition(String englishName) {
        return TestEntities.emigrationFeedDefinition("hot-ministry", englishName, "emigration");
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private JsonNode entity(String id) {
        for (JsonNode entity : json(get("/api/v1/entities")).get("entities")) {
            if (entity.get("id").asText().equals(id)) {
                return entity;
            }
        }
        return null;
    }
}
