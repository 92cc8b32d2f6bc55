package eg.gov.bawaba.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the bundled records an entity simulation serves, so the data can be edited without touching code. */
final class SandboxData {

    private SandboxData() {
    }

    /** The JSON array stored in a classpath resource such as {@code emigration/privileges.json}. */
    static ArrayNode records(String resource) {
        try (InputStream in = SandboxData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sandbox resource " + resource + " is missing from the classpath");
            }
            JsonNode node = JsonExchange.MAPPER.readTree(in);
            if (!(node instanceof ArrayNode array)) {
                throw new IllegalStateException("sandbox resource " + resource + " must hold a JSON array");
            }
            return array;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sandbox resource " + resource, e);
        }
    }
}
