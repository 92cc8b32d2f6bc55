package eg.gov.bawaba.mappings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import eg.gov.bawaba.mappings.internal.SchemaMessages;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A JSON Schema (draft 2020-12) loaded from the classpath that reports violations as dotted field paths, e.g.
 * {@code catalogue.connector.baseUrl: is missing but required}.
 *
 * <p>Formats ({@code date}, {@code date-time}, {@code uri}, ...) are asserted, not just annotated, because a feed's
 * malformed date must be caught here rather than by the app. Schemas may be written in JSON or, when the resource name
 * ends in {@code .yaml}/{@code .yml}, in YAML. Instances are immutable and thread-safe.
 */
public final class JsonSchemaCheck {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            // "$.a.b[0]" locations, which read as dotted field paths once "$." is dropped
            .pathType(PathType.LEGACY)
            // messages are logged and shown to operators; keep them in one language whatever the server locale
            .locale(Locale.ENGLISH)
            .build();

    private final String resource;
    private final JsonSchema schema;

    private JsonSchemaCheck(String resource, JsonSchema schema) {
        this.resource = resource;
        this.schema = schema;
    }

    /**
     * Loads the schema at a classpath resource path such as {@code schema/catalogue-entry.schema.json}.
     *
     * @throws IllegalArgumentException when the resource does not exist or is not a readable schema
     */
    public static JsonSchemaCheck fromClasspath(String resource) {
        Objects.requireNonNull(resource, "resource");
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = openResource(path)) {
            if (in == null) {
                throw new IllegalArgumentException("JSON Schema not found on the classpath: " + path);
            }
            ObjectMapper reader = isYaml(path) ? new YAMLMapper() : CanonicalJson.mapper();
            JsonNode schemaNode = reader.readTree(in);
            if (schemaNode == null || !schemaNode.isObject()) {
                throw new IllegalArgumentException("not a JSON Schema object: " + path);
            }
            return new JsonSchemaCheck(path, FACTORY.getSchema(schemaNode, CONFIG));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read JSON Schema " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The violations of the document, each naming the failing field as a dotted path ({@code title.ar},
     * {@code requiredDocuments[0].en}); sorted, and empty when the document is valid.
     */
    public List<String> validate(JsonNode document) {
        if (document == null) {
            return List.of("document: is missing");
        }
        return SchemaMessages.describe(schema.validate(document));
    }

    /** The classpath resource this check was loaded from. */
    public String resource() {
        return resource;
    }

    @Override
    public String toString() {
        return "JsonSchemaCheck[" + resource + "]";
    }

    static InputStream openResource(String path) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(path);
        return in != null ? in : JsonSchemaCheck.class.getClassLoader().getResourceAsStream(path);
    }

    private static boolean isYaml(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }
}
