package eg.gov.bawaba.hub.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.security.Scopes;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.hub.applications.SignedCallbacks;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Oversized and overly complex request bodies are refused with a problem naming the limit, before anything in them is
 * used or stored: 413 beyond the body size limit (declared or chunked), 400 beyond a JSON limit.
 */
class InputLimitsTest extends HubTestSupport {

    private static final int LIMIT = 256 * 1024;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void labCatalogue() {
        sync("lab");
    }

    @AfterEach
    void labStaysRunning() throws Exception {
        if ("SUSPENDED".equals(state("lab"))) {
            send("/ops/v1/entities/lab/resume", "", false);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/applications", "/ops/v1/entities/lab/suspend",
            "/callbacks/v1/entities/lab/applications/LAB-1/status"})
    void bodyDeclaredLargerThanTheLimitIsRefusedWith413OnEveryApi(String path) throws Exception {
        HttpResponse<String> response = send(path, padded(LIMIT + 1), false);

        assertPayloadTooLarge(response);
        assertNothingHappened();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/applications", "/ops/v1/entities/lab/suspend",
            "/callbacks/v1/entities/lab/applications/LAB-1/status"})
    void chunkedBodyIsCountedAndRefusedWith413OnceItPassesTheLimit(String path) throws Exception {
        HttpResponse<String> response = send(path, padded(LIMIT + 1), true);

        assertPayloadTooLarge(response);
        assertNothingHappened();
    }

    @Test
    void chunkedBodyWithinTheLimitReachesTheApiWhole() throws Exception {
        ObjectNode request = SampleApplications.carImport().put("entryId", "lab.NOPE-00");
        ObjectNode fields = (ObjectNode) request.get("fields");
        for (int i = 0; fields.toString().length() < LIMIT - 20_000; i++) {
            fields.put("note" + i, "x".repeat(1000));
        }

        HttpResponse<String> response = send("/api/v1/applications", request.toString(), true);

        // the intake read the whole body: it answers about the entry named at its start, not about its size
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(problem(response).get("detail").asText()).contains("lab.NOPE-00");
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefusedWith400NamingItAndNothingIsStored() throws Exception {
        ObjectNode request = SampleApplications.carImport();
        ObjectNode level = (ObjectNode) request.get("fields");
        for (int depth = 0; depth < 40; depth++) {
            level = level.putObject("nested");
        }

        HttpResponse<String> response = send("/api/v1/applications", request.toString(), false);

        JsonNode problem = assertJsonLimit(response);
        assertThat(problem.get("detail").asText()).contains("nesting depth").contains("32");
        assertNothingHappened();
    }

    @Test
    void overlongStringsAndNumbersAreRefusedWith400NamingTheLimit() throws Exception {
        ObjectNode longString = SampleApplications.carImport();
        ((ObjectNode) longString.get("fields")).put("vehicleVin", "V".repeat(70_000));
        String longNumber = SampleApplications.carImport().toString()
                .replace("\"vehicleModelYear\":2024", "\"vehicleModelYear\":" + "9".repeat(200));

        assertThat(assertJsonLimit(send("/api/v1/applications", longString.toString(), false)).get("detail").asText())
                .contains("String value length").contains("65536");
        assertThat(assertJsonLimit(send("/api/v1/applications", longNumber, false)).get("detail").asText())
                .contains("Number value length").contains("100");
        assertNothingHappened();
    }

    @Test
    void opsAndCallbackBodiesHaveTheSameJsonLimits() throws Exception {
        String deep = "{\"reason\":\"x\",\"more\":" + "[".repeat(40) + "]".repeat(40) + "}";

        assertJsonLimit(send("/ops/v1/entities/lab/suspend", deep, false));
        assertJsonLimit(send("/callbacks/v1/entities/lab/applications/LAB-1/status", deep, false));
        assertNothingHappened();
    }

    private void assertPayloadTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode problem = problem(response);
        assertThat(problem.get("type").asText()).isEqualTo("https://bawaba.gov.eg/problems/payload-too-large");
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("detail").asText()).contains("256 KB");
    }

    private JsonNode assertJsonLimit(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = problem(response);
        assertThat(problem.get("type").asText()).isEqualTo("https://bawaba.gov.eg/problems/json-limit-exceeded");
        return problem;
    }

    private void assertNothingHappened() throws Exception {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM application", Integer.class)).isZero();
        assertThat(state("lab")).isEqualTo("RUNNING");
    }

    private static JsonNode problem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        try {
            return CanonicalJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private String state(String entityId) throws Exception {
        return json(get("/ops/v1/connectors/" + entityId)).get("state").asText();
    }

    /** An application whose only flaw is its size: {@code size} bytes, padded in many short fields. */
    private static String padded(int size) {
        ObjectNode request = SampleApplications.carImport();
        ObjectNode fields = (ObjectNode) request.get("fields");
        for (int i = 0; request.toString().length() < size; i++) {
            fields.put("note" + i, "x".repeat(Math.min(1000, size - request.toString().length())));
        }
        return request.toString();
    }

    private HttpResponse<String> send(String path, String body, boolean chunked) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher publisher = chunked
                // no length known in advance: sent with Transfer-Encoding: chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Authorization", bearer("limits-test", Scopes.ALL.toArray(String[]::new)))
                .POST(publisher);
        if (path.startsWith("/callbacks/")) {
            // signed as the lab entity, so only the body's limits can refuse it
            SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, path, body).getHeaders().forEach((name, values) -> {
                if (name.startsWith("X-Bawaba-")) {
                    request.header(name, values.get(0));
                }
            });
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
