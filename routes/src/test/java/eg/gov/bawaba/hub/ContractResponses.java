package eg.gov.bawaba.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import eg.gov.bawaba.hub.api.OpenApiDocuments;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Checks an answer of the hub against its published OpenAPI documents: the path and method must be documented, the
 * status must be one of the operation's responses, and the body must be valid against that response's schema (JSON
 * Schema 2020-12, formats asserted). Every answer a hub test receives passes through it ({@link TestTokens}).
 */
public final class ContractResponses {

    /** The paths the documents describe; answers elsewhere (actuator, console pages) are not part of the contract. */
    private static final List<String> PREFIXES = List.of("/api/v1/", "/ops/v1/", "/callbacks/v1/");
    private static final String BASE = "https://contract.bawaba.test/";
    private static final ContractResponses INSTANCE = new ContractResponses();

    private record Document(String uri, JsonNode root, List<Template> templates) {}

    private record Template(String path, Pattern pattern) {}

    private final List<Document> documents = new ArrayList<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).locale(Locale.ENGLISH).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private ContractResponses() {
        Map<String, String> texts = new java.util.HashMap<>();
        OpenApiDocuments.PUBLISHED.forEach((file, resource) -> {
            String text = OpenApiDocuments.json(resource);
            texts.put(BASE + file, text);
            JsonNode root = parse(text);
            List<Template> templates = new ArrayList<>();
            root.path("paths").fieldNames().forEachRemaining(path -> templates.add(new Template(path,
                    Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")))));
            documents.add(new Document(BASE + file, root, templates));
        });
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(texts)));
    }

    /** The one instance: the documents are bundled once per test JVM. */
    public static ContractResponses get() {
        return INSTANCE;
    }

    /**
     * What is wrong with this answer to {@code method} on {@code path} (raw, without query), or an empty list when it
     * is as documented or lies outside the documented prefixes.
     */
    public List<String> violations(String method, String path, int status, String contentType, String body) {
        if (PREFIXES.stream().noneMatch(path::startsWith)) {
            return List.of();
        }
        String what = method + " " + path + " → " + status + ": ";
        Document document = null;
        String template = null;
        for (Document d : documents) {
            for (Template t : d.templates()) {
                // a literal path beats a template (/experts/taxonomy, not /experts/{id})
                if (t.pattern().matcher(path).matches() && (template == null || !t.path().contains("{"))) {
                    document = d;
                    template = t.path();
                }
            }
        }
        JsonNode operation = template == null ? null
                : document.root().path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation == null || operation.isMissingNode()) {
            // refusals of what the hub does not serve: still problem details, of the documented form
            if (status >= 400) {
                return problem(what, contentType, body);
            }
            return List.of(what + "answered, but the documents have no such operation");
        }
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        if (response.isMissingNode()) {
            return List.of(what + "status not documented for " + operation.path("operationId").asText());
        }
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = document.root().at(pointer);
        }
        JsonNode content = response.path("content");
        boolean hasBody = body != null && !body.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            return hasBody ? List.of(what + "a body where the document has none: " + abbreviated(body)) : List.of();
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            return List.of(what + "Content-Type '" + contentType + "' is not one of " + fieldNames(content));
        }
        if (!hasBody) {
            return List.of(what + "no body, but the document has " + mediaType);
        }
        String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
        return validate(what, document.uri(), schemaPointer, body);
    }

    /** Throws when the answer is not as documented. */
    public void check(String method, String path, int status, String contentType, String body) {
        List<String> violations = violations(method, path, status, contentType, body);
        if (!violations.isEmpty()) {
            throw new AssertionError("answer not as the published OpenAPI document says (docs/api.md, \"Contract\"):\n  "
                    + String.join("\n  ", violations));
        }
    }

    /** Checks a TestRestTemplate answer, and hands it on with its body still readable. */
    static ClientHttpResponse checked(HttpRequest request, ClientHttpResponse response) throws IOException {
        byte[] body = response.getBody().readAllBytes();
        MediaType type = response.getHeaders().getContentType();
        INSTANCE.check(request.getMethod().name(), request.getURI().getRawPath(), response.getStatusCode().value(),
                type == null ? null : type.toString(), new String(body, StandardCharsets.UTF_8));
        return new ClientHttpResponse() {
            @Override
            public HttpStatusCode getStatusCode() throws IOException {
                return response.getStatusCode();
            }

            @Override
            public String getStatusText() throws IOException {
                return response.getStatusText();
            }

            @Override
            public HttpHeaders getHeaders() {
                return response.getHeaders();
            }

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }

    private List<String> problem(String what, String contentType, String body) {
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return List.of(what + "an error that is not application/problem+json but " + contentType);
        }
        return validate(what, documents.get(0).uri(), "/components/schemas/Problem", body);
    }

    private List<String> validate(String what, String documentUri, String pointer, String body) {
        JsonSchema schema = schemas.computeIfAbsent(documentUri + "#" + pointer,
                location -> factory.getSchema(SchemaLocation.of(location), config));
        JsonNode instance;
        try {
            instance = CanonicalJson.mapper().readTree(body);
        } catch (Exception e) {
            return List.of(what + "not JSON: " + abbreviated(body));
        }
        List<String> out = new ArrayList<>();
        for (ValidationMessage message : schema.validate(instance)) {
            out.add(what + message.getMessage() + " (schema " + message.getSchemaLocation() + ")");
        }
        if (!out.isEmpty()) {
            out.add("body: " + abbreviated(body));
        }
        return out;
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String abbreviated(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "…" : body;
    }

    private static JsonNode parse(String text) {
        try {
            return CanonicalJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
