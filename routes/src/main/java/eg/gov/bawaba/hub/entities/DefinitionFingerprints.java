package eg.gov.bawaba.hub.entities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.connectors.SafeNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprints an entity definition together with the mapping and code-list files it names, so that editing any of
 * them counts as a change of the entity.
 */
final class DefinitionFingerprints {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DefinitionFingerprints() {}

    static String of(Path definition, Path entitiesDir) {
        MessageDigest digest = sha256();
        byte[] yaml = read(definition);
        digest.update(yaml);
        try {
            JsonNode tree = YAML.readTree(yaml);
            for (String pointer : new String[] {"/catalogue/mapping", "/catalogue/codeLists"}) {
                JsonNode referenced = tree == null ? null : tree.at(pointer);
                if (referenced != null && referenced.isTextual()) {
                    digest.update(pointer.getBytes());
                    digest.update(read(beside(entitiesDir, referenced.asText())));
                }
            }
        } catch (IOException unreadableYaml) {
            // the loader reports it; the fingerprint of the bytes alone still tells when it is edited
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The referenced file, or null for a path that leaves the folder (the loader refuses the definition then). */
    private static Path beside(Path entitiesDir, String relative) {
        try {
            return SafeNames.inside(entitiesDir, relative);
        } catch (SafeNames.UnsafeNameException e) {
            return null;
        }
    }

    private static byte[] read(Path file) {
        try {
            return file != null && Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
