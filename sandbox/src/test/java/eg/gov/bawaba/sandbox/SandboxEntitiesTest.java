package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Talks HTTP to the simulated entities the way the hub's REST connector will. */
class SandboxEntitiesTest {

    private static final String KEY = "test-key-" + System.nanoTime();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int PRIVILEGES = EntityConfig.sandboxRecords("emigration/privileges.json").size();
    private static final int SERVICES = EntityConfig.sandboxRecords("digital-egypt/services.json").size();

    private static SandboxEntities sandbox;

    @BeforeAll
    static void start() {
        sandbox = SandboxEntities.start(0, () -> Optional.of(KEY));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void bundledDataHasEnoughRecordsToExercisePaging() {
        assertThat(PRIVILEGES).isGreaterThanOrEqualTo(8);
        assertThat(SERVICES).isGreaterThanOrEqualTo(6);
    }

    @Test
    void emigrationPagesThroughEveryPrivilegeExactlyOnce() throws Exception {
        List<String> codes = new ArrayList<>();
        for (int page = 0; page < 100; page++) {
            JsonNode body = json(get("/emigration/api/v1/privileges?page=" + page + "&size=3", KEY), 200);
            assertThat(body.path("page").asInt()).isEqualTo(page);
            assertThat(body.path("size").asInt()).isEqualTo(3);
            assertThat(body.path("total").asInt()).isEqualTo(PRIVILEGES);
            JsonNode items = body.path("items");
            items.forEach(item -> codes.add(item.path("privilegeCode").asText()));
            if (items.size() < 3) {
                break;
            }
        }
        assertThat(codes).hasSize(PRIVILEGES).doesNotHaveDuplicates().contains("CAR-IMPORT-01");
    }

    @Test
    void emigrationServesRecordsInTheMinistrysOwnShape() throws Exception {
        JsonNode first = json(get("/emigration/api/v1/privileges", KEY), 200).path("items").get(0);

        assertThat(first.has("privilegeCode")).isTrue();
        assertThat(first.has("nameAr")).isTrue();
        assertThat(first.path("conditionsEn").isArray()).isTrue();
        assertThat(first.has("title")).as("not the canonical shape").isFalse();
    }

    @Test
    void emigrationDefaultsToTheFirstPageOfFifty() throws Exception {
        JsonNode body = json(get("/emigration/api/v1/privileges", KEY), 200);

        assertThat(body.path("page").asInt()).isZero();
        assertThat(body.path("size").asInt()).isEqualTo(50);
        assertThat(body.path("items")).hasSize(Math.min(50, PRIVILEGES));
    }

    @Test
    void emigrationPageBeyondTheEndIsEmptyNotAnError() throws Exception {
        JsonNode body = json(get("/emigration/api/v1/privileges?page=" + Integer.MAX_VALUE + "&size=200", KEY),
                200);

        assertThat(body.path("items")).isEmpty();
        assertThat(body.path("total").asInt()).isEqualTo(PRIVILEGES);
    }

    @Test
    void emigrationRejectsARequestWithoutTheApiKey() throws Exception {
        HttpResponse<String> response = get("/emigration/api/v1/privileges", null);

        JsonNode body = json(response, 401);
        assertThat(body.path("error").asText()).isEqualTo("unauthorized");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(body.has("items")).isFalse();
    }

    @Test
    void emigrationRejectsAWrongApiKey() throws Exception {
        assertThat(json(get("/emigration/api/v1/privileges", KEY + "x"), 401).path("error").asText())
                .isEqualTo("unauthorized");
    }

    @Test
    void emigrationRefusesEveryoneWhileNoKeyIsConfigured() throws Exception {
        try (SandboxEntities keyless = SandboxEntities.start(0, Optional::empty)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(keyless.baseUrl() + "/emigration/api/v1/privileges"))
                    .header("X-Api-Key", "").GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("EMIGRATION_API_KEY");
        }
    }

    @Test
    void publicStartReadsTheApiKeyFromTheSystemPropertyAtRequestTime() throws Exception {
        String previous = System.getProperty(SandboxSettings.EMIGRATION_API_KEY);
        try (SandboxEntities entities = SandboxEntities.start(0)) {
            System.setProperty(SandboxSettings.EMIGRATION_API_KEY, "property-key");
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(entities.baseUrl() + "/emigration/api/v1/privileges?size=1"))
                    .header("X-Api-Key", "property-key").GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
        } finally {
            if (previous == null) {
                System.clearProperty(SandboxSettings.EMIGRATION_API_KEY);
            } else {
                System.setProperty(SandboxSettings.EMIGRATION_API_KEY, previous);
            }
        }
    }

    @Test
    void emigrationRejectsMalformedPaging() throws Exception {
        assertThat(json(get("/emigration/api/v1/privileges?page=-1", KEY), 400).path("error").asText())
                .isEqualTo("bad_request");
        assertThat(json(get("/emigration/api/v1/privileges?size=abc", KEY), 400).path("message").asText())
                .contains("size");
        json(get("/emigration/api/v1/privileges?size=0", KEY), 400);
    }

    @Test
    void emigrationPublishesAnOpenApiDocumentThatDescribesEveryFieldAndParameterItServes() throws Exception {
        HttpResponse<String> response = get(OpenApiDocumentApi.EMIGRATION_PATH, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(response.body());
        JsonNode list = document.at("/paths/~1api~1v1~1privileges/get");
        assertThat(list.path("parameters").findValuesAsText("name")).containsExactly("page", "size");
        assertThat(document.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo("X-Api-Key");
        JsonNode page = json(get("/emigration/api/v1/privileges", KEY), 200);
        JsonNode described = list.at("/responses/200/content/application~1json/schema/properties");
        page.fieldNames().forEachRemaining(name -> assertThat(described.has(name)).as(name).isTrue());
        JsonNode privilege = document.at("/components/schemas/Privilege/properties");
        for (JsonNode record : page.path("items")) {
            record.fieldNames().forEachRemaining(name -> assertThat(privilege.has(name)).as(name).isTrue());
        }
        Set<String> codes = new HashSet<>();
        page.path("items").forEach(r -> codes.add(r.path("typeCode").asText()));
        List<String> listed = new ArrayList<>();
        privilege.path("typeCode").path("enum").forEach(v -> listed.add(v.asText()));
        assertThat(listed).containsAll(codes);
    }

    @Test
    void digitalEgyptPagesByOffsetUntilHasMoreIsFalse() throws Exception {
        List<String> ids = new ArrayList<>();
        boolean hasMore = true;
        for (int offset = 0; hasMore && offset < 1000; offset += 3) {
            JsonNode body = json(get("/digital-egypt/services?offset=" + offset + "&limit=3", null), 200);
            body.path("data").forEach(service -> ids.add(service.path("serviceId").asText()));
            hasMore = body.path("hasMore").asBoolean();
            assertThat(hasMore).isEqualTo(offset + 3 < SERVICES);
        }
        assertThat(ids).hasSize(SERVICES).doesNotHaveDuplicates().contains("CR-BIRTH-EXTRACT");
    }

    @Test
    void digitalEgyptServesRecordsInThePortalsOwnShapeWithoutAuthentication() throws Exception {
        JsonNode first = json(get("/digital-egypt/services", null), 200).path("data").get(0);

        assertThat(first.path("title").path("arabic").asText()).isNotBlank();
        assertThat(first.path("price").path("unit").asText()).isEqualTo("EGP");
        assertThat(first.path("eligibleAbroad").asBoolean()).isTrue();
    }

    @Test
    void digitalEgyptOffsetPastTheEndIsAnEmptyLastPage() throws Exception {
        JsonNode body = json(get("/digital-egypt/services?offset=500&limit=10", null), 200);

        assertThat(body.path("data")).isEmpty();
        assertThat(body.path("hasMore").asBoolean()).isFalse();
    }

    @Test
    void digitalEgyptRejectsMalformedPagingInItsOwnErrorShape() throws Exception {
        JsonNode body = json(get("/digital-egypt/services?limit=1000", null), 400);

        assertThat(body.path("errorCode").asText()).isEqualTo("INVALID_PARAMETER");
        assertThat(body.path("status").asInt()).isEqualTo(400);
    }

    @Test
    void unknownPathsAnswerNotFound() throws Exception {
        json(get("/nowhere", null), 404);
        json(get("/emigration/api/v1/privileges/CAR-IMPORT-01", KEY), 404);
        json(get("/digital-egypt/services/extra", null), 404);
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(sandbox.baseUrl() + "/digital-egypt/services"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(sandbox.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
    }

    private static HttpResponse<String> get(String pathAndQuery, String apiKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).GET();
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return EntityConfig.JSON.readTree(response.body());
    }
}
