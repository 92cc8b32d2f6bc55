package eg.gov.bawaba.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.CamelContext;

/**
 * Where a definition says a secret is kept: an environment variable (or hub property) named by {@code <prefix>Env}, or
 * a file named by {@code <prefix>File} (e.g. a mounted Kubernetes or Docker secret). The secret itself is never in the
 * definition; it is read at each use, so a rotated secret needs no restart.
 *
 * @param env  the variable's name, empty when the secret is in a file
 * @param file the file's path (relative paths resolve from the folder the hub was started in), empty when in a variable
 */
public record SecretSource(String env, String file) {

    public static final SecretSource NONE = new SecretSource("", "");

    public SecretSource {
        env = env == null ? "" : env.strip();
        file = file == null ? "" : file.strip();
    }

    /** The source named by {@code <prefix>Env} or {@code <prefix>File} in a definition's section. */
    public static SecretSource of(JsonNode section, String prefix) {
        return new SecretSource(section.path(prefix + "Env").asText(""), section.path(prefix + "File").asText(""));
    }

    public boolean configured() {
        return !env.isEmpty() || !file.isEmpty();
    }

    /** Where the secret is kept, for messages: never the secret. */
    public String describe() {
        return !file.isEmpty() ? "secret file '" + file + "'" : "secret '" + env + "'";
    }

    /**
     * The secret, if set: from the file, or from the variable through {@code properties} (the environment or the hub's
     * configuration). A file's trailing line break is not part of the secret.
     *
     * @throws IllegalStateException when the file cannot be read
     */
    public Optional<String> read(Function<String, Optional<String>> properties) {
        if (!file.isEmpty()) {
            try {
                String text = Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
                return text.isBlank() ? Optional.empty() : Optional.of(text);
            } catch (IOException e) {
                throw new IllegalStateException(describe() + " cannot be read: " + e.getClass().getSimpleName());
            }
        }
        if (env.isEmpty()) {
            return Optional.empty();
        }
        return properties.apply(env).filter(s -> !s.isBlank());
    }

    /** The secret through Camel's properties (the environment and the hub's configuration), or a failure naming its source. */
    public String require(CamelContext camel) {
        return read(name -> camel.getPropertiesComponent().resolveProperty(name))
                .orElseThrow(() -> new IllegalStateException(describe()
                        + (file.isEmpty() ? " is not set in the environment or the configuration" : " is empty")));
    }
}
