package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hub's published OpenAPI 3.1 documents: authored YAML under {@code openapi/} on the classpath, with every
 * canonical JSON Schema it names (the files of {@code schema/}, one source of truth) bundled in as a named component.
 */
public final class OpenApiDocuments {

    /** The app backend's API, /api/v1. */
    public static final String API_V1 = "openapi/api-v1.yaml";
    /** The operations API, /ops/v1, and the entities' callbacks, /callbacks/v1. */
    public static final String OPS_V1 = "openapi/ops-v1.yaml";
    /** Every published document by the file name it is written as. */
    public static final Map<String, String> PUBLISHED = Map.of("api-v1.json", API_V1, "ops-v1.json", OPS_V1);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String COMPONENTS = "#/components/schemas/";

    private OpenApiDocuments() {}

    /** The document at this classpath resource with the JSON Schemas it references inside its components. */
    public static ObjectNode bundle(String resource) {
        ObjectNode document = (ObjectNode) read(resource, YAML);
        ObjectNode schemas = (ObjectNode) document.path("components").path("schemas");
        Map<String, String> componentOfFile = new HashMap<>();
        Map<String, ObjectNode> hoisted = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> component = it.next();
            JsonNode ref = component.getValue().get("$ref");
            if (component.getValue().size() == 1 && ref != null && !ref.asText().startsWith("#")) {
                String file = resolve(resource, ref.asText());
                if (componentOfFile.putIfAbsent(file, component.getKey()) != null) {
                    throw new IllegalStateException(file + " is bundled twice in " + resource);
                }
            }
        }
        for (Map.Entry<String, String> entry : componentOfFile.entrySet()) {
            String name = entry.getValue();
            ObjectNode schema = (ObjectNode) read(entry.getKey(), CanonicalJson.mapper());
            schema.remove("$schema");
            schema.remove("$id");
            JsonNode defs = schema.remove("$defs");
            if (defs != null) {
                defs.fields().forEachRemaining(def -> hoisted.put(name + capitalised(def.getKey()), (ObjectNode) def.getValue()));
            }
            schemas.set(name, schema);
        }
        hoisted.forEach(schemas::set);
        rewriteReferences(document, resource, componentOfFile, null);
        for (Map.Entry<String, String> entry : componentOfFile.entrySet()) {
            rewriteReferences(schemas.get(entry.getValue()), resource, componentOfFile, entry.getValue());
        }
        hoisted.keySet().forEach(name -> rewriteReferences(schemas.get(name), resource, componentOfFile,
                name.substring(0, componentNameEnd(name, componentOfFile))));
        return document;
    }

    /** The bundled document as the JSON text the hub serves. */
    public static String json(String resource) {
        try {
            return CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(bundle(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every published document, bundled, into the directory given (for the client generators and the linter). */
    public static void main(String[] args) throws IOException {
        Path directory = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, String> published : PUBLISHED.entrySet()) {
            Files.writeString(directory.resolve(published.getKey()), json(published.getValue()));
        }
    }

    /**
     * Replaces references into the bundled files by references to their components: {@code file} by the file's
     * component, {@code file#/$defs/x} and (inside a bundled file, {@code within}) {@code #/$defs/x} by the hoisted one.
     */
    private static void rewriteReferences(JsonNode node, String resource, Map<String, String> componentOfFile,
            String within) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual()) {
                object.put("$ref", rewritten(ref.asText(), resource, componentOfFile, within));
            }
            object.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("$ref")) {
                    rewriteReferences(field.getValue(), resource, componentOfFile, within);
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> rewriteReferences(item, resource, componentOfFile, within));
        }
    }

    private static String rewritten(String ref, String resource, Map<String, String> componentOfFile, String within) {
        int hash = ref.indexOf('#');
        String file = hash < 0 ? ref : ref.substring(0, hash);
        String fragment = hash < 0 ? "" : ref.substring(hash + 1);
        String component;
        if (file.isEmpty()) {
            if (within == null || !fragment.startsWith("/$defs/")) {
                return ref;
            }
            component = within;
        } else {
            component = componentOfFile.get(resolve(resource, file));
            if (component == null) {
                throw new IllegalStateException(resource + " references " + file
                        + " without naming it as a component of its own (components.schemas.X: {$ref: file})");
            }
        }
        if (fragment.isEmpty()) {
            return COMPONENTS + component;
        }
        if (fragment.startsWith("/$defs/") && fragment.indexOf('/', 7) < 0) {
            return COMPONENTS + component + capitalised(fragment.substring(7));
        }
        throw new IllegalStateException(resource + ": cannot bundle the reference " + ref);
    }

    private static int componentNameEnd(String hoistedName, Map<String, String> componentOfFile) {
        return componentOfFile.values().stream().filter(hoistedName::startsWith)
                .mapToInt(String::length).max().orElseThrow();
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static String resolve(String resource, String relative) {
        return URI.create(resource).resolve(relative).normalize().toString();
    }

    private static JsonNode read(String resource, ObjectMapper mapper) {
        try (InputStream in = OpenApiDocuments.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
