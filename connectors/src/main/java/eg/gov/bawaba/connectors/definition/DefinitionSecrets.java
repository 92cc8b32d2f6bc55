package eg.gov.bawaba.connectors.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an entity definition may take its secrets from: files in the entity's own folder under the hub's secrets
 * folder ({@code <secrets-dir>/<entity-id>/}), and environment variables named with the entity's own prefix
 * ({@code EMIGRATION_} for {@code emigration}); never the hub's keys, another entity's secrets or the hub's own
 * settings (docs/decisions/0011-definition-secrets.md).
 */
public final class DefinitionSecrets {

    /** The hub setting a definition placeholder may name besides its own variables: a folder, never a secret. */
    public static final String DATA_DIR_VARIABLE = "BAWABA_DATA_DIR";

    /** Variables the hub, Spring, Camel and the JVM read; no entity prefix can reach them. */
    private static final List<String> RESERVED_PREFIXES = List.of("BAWABA_", "SPRING_", "CAMEL_", "SERVER_",
            "MANAGEMENT_", "LOGGING_", "JAVA_", "JDK_", "OTEL_");
    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** Variable names that say they hold a secret: a placeholder must not copy one into a plain definition value. */
    private static final Pattern SECRET_LIKE = Pattern.compile(
            ".*(KEY|SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|CREDENTIAL|PRIVATE).*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)(?::([^}]*))?}");

    private final Path secretsDir;
    private final List<Path> hubKeyDirs;

    /**
     * @param secretsDir the folder an administrator keeps entity secrets in ({@code bawaba.secrets-dir}), one
     *                   sub-folder per entity
     * @param hubKeyDirs folders holding the hub's own keys (personal-data and development token keys): refused even
     *                   when the secrets folder is set up to contain them
     */
    public DefinitionSecrets(Path secretsDir, Collection<Path> hubKeyDirs) {
        this.secretsDir = secretsDir.toAbsolutePath().normalize();
        this.hubKeyDirs = hubKeyDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public Path secretsDir() {
        return secretsDir;
    }

    /** The folder of one entity's secret files. */
    public Path entityDir(String entityId) {
        return secretsDir.resolve(entityId);
    }

    /** The prefix of an entity's own variables: its id in capitals, {@code -} as {@code _}, then {@code _}. */
    public static String prefix(String entityId) {
        return entityId.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    /**
     * Why the entity may not read this variable, or empty when it may: the name must start with the entity's prefix,
     * no longer prefix of another entity in {@code otherIds} may claim it ({@code DIGITAL_EGYPT_KEY} is
     * {@code digital-egypt}'s, not {@code digital}'s), and no hub prefix ({@code BAWABA_}, {@code SPRING_}, ...).
     */
    public static Optional<String> refuseVariable(String entityId, Collection<String> otherIds, String name) {
        String own = prefix(entityId);
        if (!VARIABLE.matcher(name).matches()) {
            return Optional.of("'" + printable(name) + "' is not an environment variable name (capitals, digits, _)");
        }
        for (String reserved : RESERVED_PREFIXES) {
            if (name.startsWith(reserved)) {
                return Optional.of("'" + name + "' is a variable of the hub itself (" + reserved
                        + "...); an entity reads only variables starting with " + own);
            }
        }
        if (!name.startsWith(own) || name.length() == own.length()) {
            return Optional.of("'" + name + "' is not one of this entity's variables: they start with " + own);
        }
        for (String other : otherIds) {
            String theirs = prefix(other);
            if (!other.equals(entityId) && theirs.length() > own.length() && name.startsWith(theirs)) {
                return Optional.of("'" + name + "' belongs to entity '" + other + "' (prefix " + theirs + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * The file a secret reference names, inside {@code <secrets-dir>/<entity-id>/}: a path relative to that folder, or
     * an absolute one inside it. Refused: {@code ..} segments, a path outside the folder, a link (anywhere on the path)
     * whose target lies outside it, and anything inside the hub's key folders.
     *
     * @throws IllegalArgumentException with the reason, never the file's content
     */
    public Path file(String entityId, String reference) {
        Path root = entityDir(entityId);
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("a file name is required");
        }
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (Character.isISOControl(c) || c == '\\') {
                throw new IllegalArgumentException("'" + printable(reference) + "' holds a control character or '\\'");
            }
        }
        for (String segment : reference.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("'" + printable(reference) + "': '..' is not allowed; name a file"
                        + " inside " + root);
            }
        }
        Path given = Path.of(reference);
        Path target = (given.isAbsolute() ? given : root.resolve(given)).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("'" + printable(reference) + "' is outside this entity's secrets folder "
                    + root + " (bawaba.secrets-dir)");
        }
        Path real = realPath(target);
        Path realRoot = realPath(root);
        if (!real.startsWith(realRoot) || real.equals(realRoot)) {
            throw new IllegalArgumentException("'" + printable(reference) + "' leads through a link outside this "
                    + "entity's secrets folder " + root);
        }
        for (Path keys : hubKeyDirs) {
            if (real.startsWith(realPath(keys))) {
                throw new IllegalArgumentException("'" + printable(reference) + "' is inside the hub's key folder "
                        + keys + ", which no definition may read");
            }
        }
        return target;
    }

    /**
     * Why a folder a file connector reads or writes ({@code directory}) may not be used, or empty when it may: never
     * inside the hub's key folders or the secrets folder, where a file drop would read keys as records or move them.
     */
    public Optional<String> refuseFolder(String folder) {
        if (folder == null || folder.isBlank()) {
            return Optional.empty();
        }
        Path real = realPath(Path.of(folder).toAbsolutePath().normalize());
        for (Path keys : hubKeyDirs) {
            Path realKeys = realPath(keys);
            if (real.startsWith(realKeys)) {
                return Optional.of("'" + printable(folder) + "' is inside the hub's key folder " + keys);
            }
        }
        Path realSecrets = realPath(secretsDir);
        if (real.startsWith(realSecrets)) {
            return Optional.of("'" + printable(folder) + "' is inside the secrets folder " + secretsDir);
        }
        return Optional.empty();
    }

    /**
     * Why a definition value may not hold these placeholders, or empty when it may. {@code ${NAME}} and
     * {@code ${NAME:default}} may name only the entity's own variables (as {@link #refuseVariable}) that do not look
     * like secrets (a secret belongs in a {@code secretEnv}), or {@value #DATA_DIR_VARIABLE}; the default holds no
     * placeholder. {@code {{...}}} (Camel's placeholders and functions, which could read any hub property or file) is
     * never allowed.
     */
    public static Optional<String> refusePlaceholders(String entityId, Collection<String> otherIds, String value) {
        if (value.contains("{{")) {
            return Optional.of("'{{...}}' placeholders are not allowed in a definition: they could read the hub's "
                    + "settings and files");
        }
        List<String> problems = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(value);
        int end = 0;
        while (m.find()) {
            end = m.end();
            String name = m.group(1).strip();
            String fallback = m.group(2);
            if (fallback != null && (fallback.contains("${") || fallback.contains("$simple{"))) {
                problems.add("the default of ${" + name + "} holds a placeholder");
                continue;
            }
            if (name.equals(DATA_DIR_VARIABLE)) {
                continue;
            }
            Optional<String> refused = refuseVariable(entityId, otherIds, name);
            if (refused.isPresent()) {
                problems.add("${" + printable(name) + "}: " + refused.get());
            } else if (SECRET_LIKE.matcher(name).matches()) {
                problems.add("${" + name + "} looks like a secret; name it in a ...Env field (secretEnv, usernameEnv,"
                        + " ...) instead, so it is sent only where the connector sends credentials");
            }
        }
        String rest = value.substring(end);
        if (problems.isEmpty() && (rest.contains("${") || value.contains("$simple{"))) {
            problems.add("an unfinished or nested placeholder");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The value with each {@code ${NAME:default}} replaced by its default and {@code ${NAME}} left as written. */
    public static String defaultsOnly(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) != null ? m.group(2) : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The real path of a file, or of its nearest existing folder with the rest appended (a file not yet mounted). */
    private static Path realPath(Path path) {
        Path existing = path;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            rest = rest == null ? existing.getFileName() : existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest).normalize();
        } catch (IOException e) {
            return path;
        }
    }

    private static String printable(String text) {
        StringBuilder safe = new StringBuilder();
        text.codePoints().limit(120).forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return safe.toString();
    }
}
