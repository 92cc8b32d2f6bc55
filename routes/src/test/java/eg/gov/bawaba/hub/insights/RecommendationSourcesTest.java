package eg.gov.bawaba.hub.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Recommendations beyond services and privileges: open calls for experts, and training programmes. */
class RecommendationSourcesTest extends HubTestSupport {

    private static final Path REAL = Path.of("..", "config", "entities");
    private static final String TRAINING = "digital-training";

    @Autowired
    ExpertCallRecommendations calls;
    @Autowired
    CatalogueRecommendations catalogueRecommendations;

    private final List<String> postedCalls = new ArrayList<>();
    private boolean trainingDefined;

    @AfterEach
    void removeWhatTheTestAdded() throws IOException {
        for (String id : postedCalls) {
            jdbc.update("DELETE FROM expert_call WHERE id = ?", id);
        }
        calls.refresh();
        catalogueRecommendations.forgetPopularity();
        if (trainingDefined) {
            Files.deleteIfExists(ENTITIES.resolve(TRAINING + ".yaml"));
            await().atMost(Duration.ofSeconds(10)).until(() -> status(TRAINING) == null);
        }
    }

    @Test
    void recommendsOpenCallForExpertsMatchingInterestsAndCountry() {
        // the source has read the open calls already: new ones must reach it through ExpertCallPosted
        recommendations("country=SA&interests=medicine", "en");
        String open = postCall("Physicians for rural clinics", List.of("medicine", "public-health"), List.of("SA", "AE"),
                Duration.ofDays(20));
        String anywhere = postCall("Data scientists for the census", List.of("data-science"), List.of(),
                Duration.ofDays(40));
        String closed = postCall("Physicians, last year", List.of("medicine"), List.of("SA"), Duration.ofDays(-1));
        String elsewhere = postCall("Physicians in Germany", List.of("medicine"), List.of("DE"), Duration.ofDays(20));
        JsonNode items = recommendations("country=SA&interests=medicine", "en");
        assertThat(items.findValuesAsText("id")).contains(open).doesNotContain(closed, elsewhere, anywhere);
        JsonNode call = find(items, open);
        assertThat(call.path("kind").asText()).isEqualTo("CALL_FOR_EXPERTS");
        assertThat(call.path("title").asText()).isEqualTo("Physicians for rural clinics");
        assertThat(call.path("reasons").toString())
                .contains("matches your interest 'medicine' (field: Medicine)")
                .contains("looking for experts living in SA")
                .contains("open until ");
        // the call names SA and matches the only interest: a full score
        assertThat(call.path("score").asDouble()).isEqualTo(1.0);

        // by the Arabic label, in Arabic; and by one word of a label ("data" of "Data science")
        JsonNode arabic = recommendations("country=SA&interests=" + "الطب", "ar");
        assertThat(find(arabic, open).path("reasons").toString()).contains("يطابق اهتمامك 'الطب' (مجال: الطب)");
        JsonNode data = recommendations("country=KW&interests=data", "en");
        assertThat(data.findValuesAsText("id")).contains(anywhere).doesNotContain(open);
        assertThat(find(data, anywhere).path("reasons").toString()).doesNotContain("looking for experts living in");

        // a call for another country, and interests no call's field has, recommend no call
        assertThat(recommendations("country=DE&interests=housing", "en").findValuesAsText("kind"))
                .doesNotContain("CALL_FOR_EXPERTS");
        assertThat(recommendations("country=EG&interests=medicine", "en").findValuesAsText("id"))
                .doesNotContain(open, elsewhere, closed);
    }

    @Test
    void recommendsTrainingProgrammesWithTheirReasons() throws IOException {
        defineTrainingEntity();
        sync(TRAINING);

        JsonNode items = recommendations("country=SA&interests=artificial intelligence", "en");
        JsonNode ai = find(items, "digital-training.DT-AI-2026-02");
        assertThat(ai.path("kind").asText()).isEqualTo("CATALOGUE_ENTRY");
        assertThat(ai.path("title").asText()).isEqualTo("Applied artificial intelligence for business");
        assertThat(ai.path("reasons").toString()).contains("matches your interest 'artificial intelligence'");

        // by the category, in Arabic; the AI programme admits only AE, SA and KW, the cloud programme everyone
        JsonNode germany = recommendations("country=DE&interests=TRAINING", "ar");
        assertThat(germany.findValuesAsText("id")).contains("digital-training.DT-CLOUD-2026-01")
                .doesNotContain("digital-training.DT-AI-2026-02");
        assertThat(find(germany, "digital-training.DT-CLOUD-2026-01").path("reasons").toString())
                .contains("يطابق اهتمامك 'TRAINING'");
    }

    private JsonNode recommendations(String query, String language) {
        ResponseEntity<String> answer = get("/api/v1/insights/recommendations?" + query, "Accept-Language", language);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return json(answer).path("items");
    }

    private String postCall(String title, List<String> fields, List<String> countries, Duration closesIn) {
        ObjectNode call = CanonicalJson.mapper().createObjectNode();
        call.put("entityId", "emigration");
        call.putObject("title").put("ar", "دعوة: " + title).put("en", title);
        fields.forEach(call.putArray("fields")::add);
        countries.forEach(call.putArray("countries")::add);
        call.put("closesAt", Instant.now().plus(closesIn).toString());
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> posted = http.postForEntity("/api/v1/experts/calls",
                new HttpEntity<>(call.toString(), headers), String.class);
        assertThat(posted.getStatusCode().value()).as(posted.getBody()).isEqualTo(201);
        String id = json(posted).get("id").asText();
        postedCalls.add(id);
        return id;
    }

    /** The real training entity, pointed at WireMock and kept off the schedule, as TrainingAndContentSyncTest does. */
    private void defineTrainingEntity() throws IOException {
        Path folder = Files.createDirectories(ENTITIES.resolve(TRAINING));
        for (String file : new String[] {"catalogue.jsonata", "code-lists.yaml"}) {
            Files.copy(REAL.resolve(TRAINING).resolve(file), folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        String definition = Files.readString(REAL.resolve(TRAINING + ".yaml"), StandardCharsets.UTF_8)
                .replaceAll("baseUrl: .*", "baseUrl: " + ENTITY_SYSTEMS.baseUrl() + "/" + TRAINING)
                .replaceAll("initialDelay: .*", "initialDelay: 1h");
        Files.writeString(ENTITIES.resolve(TRAINING + ".yaml"), definition, StandardCharsets.UTF_8);
        trainingDefined = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> "RUNNING".equals(status(TRAINING)));
    }

    private String status(String id) {
        for (JsonNode entity : json(get("/api/v1/entities")).get("entities")) {
            if (entity.get("id").asText().equals(id)) {
                return entity.get("status").asText();
            }
        }
        return null;
    }

    private static JsonNode find(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not in " + items);
    }
}
