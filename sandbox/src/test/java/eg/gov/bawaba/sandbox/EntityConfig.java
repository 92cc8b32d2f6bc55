package eg.gov.bawaba.sandbox;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test access to config/entities and the sandbox data, loaded the way the hub is specified to load them. */
final class EntityConfig {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> LIST_OF_MAPS = new TypeReference<>() {
    };

    private EntityConfig() {
    }

    /** config/entities of the repository, found from the repository root (Surefire's directory) or a module. */
    static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config").resolve("entities");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("config/entities not found above " + Path.of("").toAbsolutePath());
    }

    static Map<String, Object> definition(String entityId) {
        return yaml(directory().resolve(entityId + ".yaml"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> catalogue(String entityId) {
        return (Map<String, Object>) definition(entityId).get("catalogue");
    }

    static Map<String, Object> yaml(Path file) {
        try {
            return YAML.readValue(file.toFile(), MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compiled mapping of an entity together with its code lists, ready to apply to native records. */
    static Mapping mapping(String entityId) {
        Map<String, Object> catalogue = catalogue(entityId);
        try {
            String text = Files.readString(directory().resolve((String) catalogue.get("mapping")));
            Map<String, Object> codeLists = catalogue.get("codeLists") == null ? Map.of()
                    : yaml(directory().resolve((String) catalogue.get("codeLists")));
            Jsonata.jsonata(text); // fail here, naming the entity, if the expression does not parse
            return new Mapping(text, codeLists);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The native records the sandbox serves for an entity, as plain maps. */
    static List<Map<String, Object>> sandboxRecords(String resource) {
        try (InputStream in = EntityConfig.class.getClassLoader().getResourceAsStream(resource)) {
            return JSON.readValue(in, LIST_OF_MAPS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One entity's mapping expression and the code lists bound to it as {@code $codeLists}. */
    record Mapping(String expressionText, Map<String, Object> codeLists) {

        Object apply(Object nativeRecord) {
            // a fresh instance per record, as the hub does: dashjoin keeps evaluation state on the instance
            Jsonata expression = Jsonata.jsonata(expressionText);
            Jsonata.Frame frame = expression.createFrame();
            frame.bind("codeLists", (Object) codeLists);
            return expression.evaluate(nativeRecord, frame);
        }
    }
}
