package eg.gov.bawaba.sandbox;

import static eg.gov.bawaba.sandbox.CanonicalEntryAssert.assertBilingual;
import static eg.gov.bawaba.sandbox.CanonicalEntryAssert.assertCanonical;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the demo entity definitions are well formed and, followed literally, read the sandbox end to end. */
class EntityDefinitionTest {

    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");
    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h|d)");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");
    private static final String KEY = "definition-test-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> SANDBOX_RESOURCE = Map.of(
            "emigration", "emigration/privileges.json",
            "digital-egypt", "digital-egypt/services.json",
            "digital-training", "digital-training/programmes.json",
            "mcit-content", "mcit-content/content.json");

    private static SandboxEntities sandbox;

    @BeforeAll
    static void start() {
        sandbox = SandboxEntities.start(0, () -> Optional.of(KEY));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"emigration", "digital-egypt", "digital-training", "mcit-content"})
    @SuppressWarnings("unchecked")
    void definitionUsesOnlyTheSpecifiedFieldsAndPointsAtExistingFiles(String entityId) {
        Map<String, Object> definition = EntityConfig.definition(entityId);

        assertThat(definition.keySet()).isSubsetOf("id", "names", "catalogue", "applications").contains("id", "names");
        assertThat((String) definition.get("id")).as("id equals the file name").isEqualTo(entityId).matches(ID);
        assertBilingual(definition.get("names"), "names");

        Map<String, Object> catalogue = (Map<String, Object>) definition.get("catalogue");
        assertThat(catalogue.keySet()).isSubsetOf("connector", "schedule", "mapping", "codeLists")
                .contains("connector", "mapping");
        assertThat(EntityConfig.directory().resolve((String) catalogue.get("mapping"))).isRegularFile();
        assertThat(EntityConfig.directory().resolve((String) catalogue.get("codeLists"))).isRegularFile();
        assertThat((String) catalogue.get("mapping")).startsWith(entityId + "/");
        assertThat((String) catalogue.get("codeLists")).startsWith(entityId + "/");

        Map<String, Object> connector = (Map<String, Object>) catalogue.get("connector");
        assertThat(connector.keySet())
                .isSubsetOf("kind", "baseUrl", "path", "recordsPointer", "paging", "auth", "timeout")
                .contains("kind", "baseUrl", "recordsPointer");
        assertThat(connector.get("kind")).isEqualTo("rest");
        assertThat((String) connector.get("recordsPointer")).startsWith("/");
        assertThat((String) connector.get("timeout")).matches(DURATION);

        Map<String, Object> paging = (Map<String, Object>) connector.get("paging");
        assertThat(paging.get("style")).isIn("page", "offset");
        assertThat(paging.keySet()).isSubsetOf("style", "pageParam", "sizeParam", "firstPage", "pageSize",
                "offsetParam", "limitParam");
        assertThat((Integer) paging.get("pageSize")).isPositive();

        Map<String, Object> auth = (Map<String, Object>) connector.get("auth");
        if (auth != null) {
            assertThat(auth.keySet()).isSubsetOf("type", "header", "secretEnv");
            assertThat(auth.get("type")).isIn("api-key", "basic");
            assertThat((String) auth.get("secretEnv")).as("the name of a variable, never the secret")
                    .matches(ENV_NAME);
        }

        Map<String, Object> schedule = (Map<String, Object>) catalogue.get("schedule");
        assertThat(schedule.keySet()).isSubsetOf("every", "initialDelay");
        assertThat((String) schedule.get("every")).matches(DURATION);
        assertThat((String) schedule.get("initialDelay")).matches(DURATION);
    }

    @Test
    void everyTopLevelYamlIsADefinitionNamedAfterItsId() throws IOException {
        // code lists live in sub-folders so a hub reading config/entities/*.yaml never takes them for entities
        try (var files = Files.list(EntityConfig.directory())) {
            assertThat(files.filter(f -> f.toString().endsWith(".yaml")))
                    .extracting(f -> f.getFileName().toString())
                    .contains("emigration.yaml", "digital-egypt.yaml", "digital-training.yaml", "mcit-content.yaml")
                    .allSatisfy(name -> assertThat(EntityConfig.yaml(EntityConfig.directory().resolve(name)))
                            .containsEntry("id", name.substring(0, name.length() - ".yaml".length())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"emigration", "digital-egypt", "digital-training", "mcit-content"})
    void defaultBaseUrlPointsAtTheSandboxOnItsDefaultPort(String entityId) {
        String baseUrl = resolve((String) connector(entityId).get("baseUrl"), name -> null);

        assertThat(baseUrl).isEqualTo("http://127.0.0.1:" + SandboxSettings.DEFAULT_PORT + "/" + entityId);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"emigration", "digital-egypt", "digital-training", "mcit-content"})
    void followingTheDefinitionReadsAndMapsEverySandboxRecord(String entityId) throws Exception {
        // a page size smaller than the feed so the definition's paging parameters are really exercised
        List<JsonNode> records = fetchAll(entityId, 3);
        EntityConfig.Mapping mapping = EntityConfig.mapping(entityId);

        assertThat(records).hasSize(EntityConfig.sandboxRecords(SANDBOX_RESOURCE.get(entityId)).size());
        List<Object> codes = new ArrayList<>();
        for (JsonNode record : records) {
            Map<String, Object> entry = assertCanonical(mapping.apply(EntityConfig.JSON.convertValue(record,
                    Map.class)));
            codes.add(entry.get("code"));
        }
        assertThat(codes).doesNotHaveDuplicates();
    }

    /** A minimal reading of the connector section, as the hub's REST connector is specified to do it. */
    @SuppressWarnings("unchecked")
    private static List<JsonNode> fetchAll(String entityId, int pageSize) throws IOException, InterruptedException {
        Map<String, Object> connector = connector(entityId);
        Map<String, Object> paging = (Map<String, Object>) connector.get("paging");
        Map<String, Object> auth = (Map<String, Object>) connector.get("auth");
        String base = resolve((String) connector.get("baseUrl"), name -> null)
                .replace(":" + SandboxSettings.DEFAULT_PORT + "/", ":" + sandbox.port() + "/");
        String path = (String) connector.getOrDefault("path", "");
        Map<String, String> secrets = Map.of(SandboxSettings.EMIGRATION_API_KEY, KEY);

        List<JsonNode> records = new ArrayList<>();
        boolean offsetStyle = "offset".equals(paging.get("style"));
        int position = offsetStyle ? 0 : (Integer) paging.getOrDefault("firstPage", 0);
        for (int request = 0; request < 100; request++) {
            String query = offsetStyle
                    ? param(paging.get("offsetParam"), position) + "&" + param(paging.get("limitParam"), pageSize)
                    : param(paging.get("pageParam"), position) + "&" + param(paging.get("sizeParam"), pageSize);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path + "?" + query))
                    .timeout(Duration.ofSeconds(5)).GET();
            if (auth != null) {
                builder.header((String) auth.get("header"), secrets.get((String) auth.get("secretEnv")));
            }
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = EntityConfig.JSON.readTree(response.body()).at((String) connector.get("recordsPointer"));
            assertThat(page.isArray()).as("recordsPointer must select an array").isTrue();
            page.forEach(records::add);
            if (page.size() < pageSize) {
                return records;
            }
            position += offsetStyle ? pageSize : 1;
        }
        throw new AssertionError("paging did not end within 100 requests");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> connector(String entityId) {
        return (Map<String, Object>) EntityConfig.catalogue(entityId).get("connector");
    }

    private static String param(Object name, int value) {
        return URLEncoder.encode((String) name, StandardCharsets.UTF_8) + "=" + value;
    }

    private static String resolve(String value, Function<String, String> settings) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String setting = settings.apply(matcher.group(1));
            String replacement = setting != null ? setting : matcher.group(2);
            assertThat(replacement).as("placeholder " + matcher.group() + " has a default").isNotNull();
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
