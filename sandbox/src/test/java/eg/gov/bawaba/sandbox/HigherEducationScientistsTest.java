package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.connectors.definition.EntityDefinition;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.file.FileApplicationDelivery;
import eg.gov.bawaba.connectors.rest.RestApplicationDelivery;
import eg.gov.bawaba.connectors.rest.RestCatalogueConnector;
import eg.gov.bawaba.mappings.JsonSchemaCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's Ministry of Higher Education, followed literally: its definition's experts mapping turns canonical
 * expert events into requests its simulated registry of scientists takes, once per Idempotency-Key.
 */
class HigherEducationScientistsTest {

    private static final String KEY = "mhe-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonSchemaCheck EVENT = JsonSchemaCheck.fromClasspath("/schema/canonical-expert-event.schema.json");

    private static SandboxEntities sandbox;
    private static EntityDefinition definition;

    @BeforeAll
    static void start() {
        System.setProperty(HigherEducationScientistsApi.API_KEY, KEY);
        sandbox = SandboxEntities.start(0, () -> Optional.of("unused"));
        // each ${NAME:default} as the demo resolves it with nothing set: the sandbox on its default port
        definition = new EntityDefinitionLoader(EntityConfig.directory(),
                text -> text.replaceAll("\\$\\{[A-Z_]+:([^}]*)}", "$1"),
                List.of(new RestCatalogueConnector()), List.of(new RestApplicationDelivery(), new FileApplicationDelivery()))
                .load(EntityConfig.directory().resolve("higher-education.yaml"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        System.clearProperty(HigherEducationScientistsApi.API_KEY);
    }

    @Test
    void registryTakesPublishedProfileOnceAndRemovesWithdrawnOne() throws Exception {
        String expertId = UUID.randomUUID().toString();
        JsonNode published = event("PUBLISHED", expertId, """
                , "expert": {"id": "%s", "name": {"ar": "هدى كامل", "en": "Huda Kamel"},
                  "fields": [{"id": "physics", "label": {"ar": "الفيزياء", "en": "Physics"}}],
                  "degrees": [{"title": "PhD Physics", "institution": "Sorbonne", "year": 2012}],
                  "countryOfResidence": "FR", "city": "Paris", "contributions": ["LECTURES"],
                  "consent": {"scope": ["profile"], "givenAt": "2026-11-01T10:00:00Z"}}""".formatted(expertId));
        assertThat(EVENT.validate(published)).isEmpty();
        assertThat(definition.experts().wants(List.of("physics"), "FR")).isTrue();
        JsonNode request = definition.experts().mapping().toEntityRequest(published);
        assertThat(request.get("action").asText()).isEqualTo("UPSERT");
        assertThat(request.at("/specialisations/0/nameAr").asText()).isEqualTo("الفيزياء");
        assertThat(request.at("/degrees/0/university").asText()).isEqualTo("Sorbonne");

        String deliveryKey = UUID.randomUUID().toString();
        HttpResponse<String> first = post(request, deliveryKey, KEY);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(first.body()).get("registryNumber").asText()).startsWith("MHE-SCI-");
        assertThat(post(request, deliveryKey, KEY).statusCode()).as("same delivery again").isEqualTo(200);
        JsonNode held = JSON.readTree(get(KEY).body());
        assertThat(held.get("scientists").findValuesAsText("scientistRef")).contains(expertId);

        JsonNode removal = definition.experts().mapping().toEntityRequest(event("WITHDRAWN", expertId, ""));
        assertThat(removal.get("action").asText()).isEqualTo("REMOVE");
        assertThat(removal.has("fullNameAr")).isFalse();
        assertThat(post(removal, UUID.randomUUID().toString(), KEY).statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(get(KEY).body()).get("scientists").findValuesAsText("scientistRef"))
                .doesNotContain(expertId);
    }

    @Test
    void registryRefusesWithoutKeyAndIncompleteRequests() throws Exception {
        JsonNode incomplete = JSON.readTree("{\"action\": \"UPSERT\", \"scientistRef\": \"x\"}");
        assertThat(post(incomplete, "k", "wrong").statusCode()).isEqualTo(401);
        assertThat(post(incomplete, "k", KEY).statusCode()).isEqualTo(422);
        assertThat(post(JSON.readTree("{\"action\": \"ARCHIVE\", \"scientistRef\": \"x\"}"), "k2", KEY).statusCode())
                .isEqualTo(422);
        assertThat(get("wrong").statusCode()).isEqualTo(401);
    }

    private static JsonNode event(String kind, String expertId, String expert) throws Exception {
        return JSON.readTree("""
                {"event": "%s", "deliveryId": "%s", "expertId": "%s", "entityId": "higher-education",
                 "occurredAt": "2026-11-28T10:00:00Z", "correlationId": "c-1"%s}
                """.formatted(kind, UUID.randomUUID(), expertId, expert));
    }

    private static HttpResponse<String> post(JsonNode body, String idempotencyKey, String apiKey) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + HigherEducationScientistsApi.PATH))
                .header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String apiKey) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + HigherEducationScientistsApi.PATH))
                .header("X-Api-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
