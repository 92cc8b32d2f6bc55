package eg.gov.bawaba.hub.security;

import eg.gov.bawaba.hub.api.ApiProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The owner of an API request ({@link Owner}): the token's client identity and, when the token carries
 * {@value Callers#CITIZEN_CLAIM}, the keyed hash of that citizen's national id. Only the hash is ever stored: a national
 * id is personal data, and a plain hash of a 14-digit number could be reversed by trying them all, so the hash is an
 * HMAC-SHA256 under a key the database never holds ({@code bawaba.security.citizen-hash-key}).
 */
@Component
public class Owners {

    private static final Logger LOG = LoggerFactory.getLogger(Owners.class);
    private static final String PREFIX = "hmac-sha256:";

    private final SecretKeySpec key;

    public Owners(@Value("${bawaba.security.citizen-hash-key:}") String base64Key,
                  @Value("${bawaba.data-dir}") Path dataDir) {
        byte[] raw;
        if (base64Key.isBlank()) {
            Path file = dataDir.resolve("keys").resolve("citizen-hash.key");
            raw = developmentKey(file);
            LOG.warn("Citizen ids are hashed with a development key in {}; set BAWABA_CITIZEN_HASH_KEY in production",
                    file);
        } else {
            raw = decode(base64Key);
        }
        this.key = new SecretKeySpec(raw, "HmacSHA256");
    }

    /** The caller of an HTTP route as an owner; 401 if the exchange carries no verified token (never past the filter). */
    public Owner of(Exchange exchange) {
        String client = Callers.client(exchange).orElseThrow(() -> new ApiProblem(401, "unauthorized", "Unauthorized",
                "this request needs a bearer token that names its client (azp, client_id or sub)"));
        return new Owner(client, Callers.citizen(exchange).map(this::citizenHash).orElse(null));
    }

    /** The keyed hash stored instead of a citizen's national id: {@code hmac-sha256:<64 hex>}. */
    public String citizenHash(String nationalId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(nationalId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash a citizen id", e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length < 32) {
            throw new IllegalStateException("bawaba.security.citizen-hash-key (BAWABA_CITIZEN_HASH_KEY) must be base64 "
                    + "of at least 32 random bytes (openssl rand -base64 32)");
        }
        return raw;
    }

    private static byte[] developmentKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path part = Files.createTempFile(file.getParent(), ".citizen-hash", ".part");
                try {
                    try {
                        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // the folder's own permissions protect it
                    }
                    Files.writeString(part, Base64.getEncoder().encodeToString(fresh));
                    // never replaces: two hubs starting on one data folder keep the first key
                    Files.move(part, file);
                } catch (FileAlreadyExistsException madeMeanwhile) {
                    // the other one's key is used
                } finally {
                    Files.deleteIfExists(part);
                }
            }
            return decode(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the citizen hash key " + file, e);
        }
    }
}
