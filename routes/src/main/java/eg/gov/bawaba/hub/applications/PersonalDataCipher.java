package eg.gov.bawaba.hub.applications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Encrypts personal data at rest with AES-256-GCM under a ring of named keys: new data under the active key, bound to
 * the record and field it belongs to (associated data), labelled {@code v3:<keyId>:}; every configured key kept for
 * reading, so a key is rotated without stopping the hub
 * (docs/security.md#personal-data-encryption-key-rotation-masking-retention).
 */
@Component
public class PersonalDataCipher {

    /** Key id of the single key of earlier versions ({@code bawaba.personal-data.key} or the development key). */
    public static final String LEGACY = "legacy";

    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataCipher.class);
    // earlier versions wrote "v1:<base64>" with their single key; base64 has no ':', so the two never mix up
    private static final String UNLABELLED = "v1:";
    // "v2:<keyId>:" was not bound to its record; it stays readable until re-encryption rewrites it as "v3:<keyId>:"
    private static final String LABELLED = "v2:";
    private static final String BOUND = "v3:";
    private static final String BINDING_TAG = "bawaba-personal-data-v3";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,39}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /**
     * What a ciphertext belongs to, authenticated as AES-GCM associated data: a {@code v3} ciphertext copied to another
     * record or field does not decrypt there.
     */
    public record Binding(String kind, String id, String field) {

        public Binding {
            if (kind == null || id == null || field == null) {
                throw new IllegalArgumentException("a binding names its kind, record id and field");
            }
        }

        byte[] associatedData() {
            StringBuilder text = new StringBuilder(BINDING_TAG).append('\n');
            for (String part : List.of(kind, id, field)) {
                text.append(part.getBytes(StandardCharsets.UTF_8).length).append(':').append(part).append('\n');
            }
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return kind + "/" + id + "/" + field;
        }
    }

    private final Map<String, SecretKey> keys;
    private final String active;
    private final String unlabelledKey;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    public PersonalDataCipher(Environment environment, @Value("${bawaba.data-dir}") Path dataDir) {
        this(configuredKeys(environment, dataDir), environment.getProperty("bawaba.personal-data.active-key", ""));
    }

    /**
     * A ring of base64 keys by id, in the order configured; {@code activeKeyId} blank means the only key. Unlabelled
     * ciphertexts of earlier versions are read with the key {@value #LEGACY}, else with the first key.
     */
    public PersonalDataCipher(Map<String, String> base64Keys, String activeKeyId) {
        if (base64Keys.isEmpty()) {
            throw new IllegalStateException("no personal data key is configured");
        }
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        base64Keys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException("personal data key id '" + id
                        + "' must be 1 to 40 letters, digits or '-', starting with a letter or digit");
            }
            ring.put(id, new SecretKeySpec(decode(id, key), "AES"));
        });
        this.keys = Collections.unmodifiableMap(ring);
        if (activeKeyId == null || activeKeyId.isBlank()) {
            if (ring.size() > 1) {
                throw new IllegalStateException("several personal data keys are configured " + ring.keySet()
                        + ": set bawaba.personal-data.active-key (BAWABA_PERSONAL_DATA_ACTIVE_KEY) to the one for new data");
            }
            this.active = ring.keySet().iterator().next();
        } else if (!ring.containsKey(activeKeyId.strip())) {
            throw new IllegalStateException("bawaba.personal-data.active-key is '" + activeKeyId.strip()
                    + "', which is not one of the configured keys " + ring.keySet());
        } else {
            this.active = activeKeyId.strip();
        }
        this.unlabelledKey = ring.containsKey(LEGACY) ? LEGACY : ring.keySet().iterator().next();
    }

    /** Encrypts under the active key, bound to what it belongs to. */
    public String encrypt(String plain, Binding binding) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(active), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(binding.associatedData());
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return BOUND + active + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt personal data", e);
        }
    }

    /**
     * Decrypts with the key the ciphertext names (an unlabelled one: the legacy or first key); a {@code v3} ciphertext
     * only where it belongs: under another binding (moved to another record, or altered) it fails.
     */
    public String decrypt(String stored, Binding binding) {
        String keyId = keyIdOf(stored);
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("personal data is encrypted under key '" + keyId
                    + "', which is not configured (bawaba.personal-data.keys)");
        }
        boolean bound = stored.startsWith(BOUND);
        String body = stored.startsWith(UNLABELLED) ? stored.substring(UNLABELLED.length())
                : stored.substring(stored.indexOf(':', LABELLED.length()) + 1);
        try {
            byte[] in = Base64.getDecoder().decode(body);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            if (bound) {
                cipher.updateAAD(binding.associatedData());
            }
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("personal data cannot be decrypted with key '" + keyId + "'"
                    + (bound ? " as " + binding + ": it belongs to another record or was altered" : ""), e);
        }
    }

    /** Whether a ciphertext names the record it belongs to ({@code v3}); earlier ones are upgraded by re-encryption. */
    public static boolean bound(String stored) {
        return stored.startsWith(BOUND);
    }

    /** Whether the key a ciphertext names is in the ring, so that it can be decrypted or authenticated. */
    public boolean readable(String stored) {
        try {
            return keys.containsKey(keyIdOf(stored));
        } catch (IllegalStateException unknownFormat) {
            return false;
        }
    }

    /** The id of the key a ciphertext was written under. */
    public String keyIdOf(String stored) {
        if (stored.startsWith(UNLABELLED)) {
            return unlabelledKey;
        }
        String label = stored.startsWith(BOUND) ? BOUND : LABELLED;
        int end = stored.indexOf(':', label.length());
        if (!stored.startsWith(label) || end < 0) {
            throw new IllegalStateException("personal data in an unknown format");
        }
        return stored.substring(label.length(), end);
    }

    /** Whether the ciphertext is under the active key, and bound, already. */
    public boolean current(String stored) {
        return stored.startsWith(activePrefix());
    }

    /** How every ciphertext written now (under the active key, bound) starts. */
    public String activePrefix() {
        return BOUND + active + ":";
    }

    public String activeKeyId() {
        return active;
    }

    /** The configured key ids, in configuration order. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** The key ids as SQL LIKE prefixes of their ciphertexts (the unlabelled prefix belongs to its reading key). */
    public Map<String, List<String>> storedPrefixes() {
        Map<String, List<String>> prefixes = new LinkedHashMap<>();
        for (String id : keys.keySet()) {
            prefixes.put(id, id.equals(unlabelledKey) ? List.of(BOUND + id + ":", LABELLED + id + ":", UNLABELLED)
                    : List.of(BOUND + id + ":", LABELLED + id + ":"));
        }
        return prefixes;
    }

    /**
     * The ring as configured, for a command that only reads (bin/verify-audit): empty, rather than a development key
     * generated, when no key is configured and the data folder has none.
     */
    public static java.util.Optional<PersonalDataCipher> forReading(Environment environment, Path dataDir) {
        boolean configured = !environment.getProperty("bawaba.personal-data.keys", "").isBlank()
                || Binder.get(environment).bind("bawaba.personal-data.keys", Bindable.mapOf(String.class, String.class))
                        .isBound()
                || !environment.getProperty("bawaba.personal-data.key", "").isBlank()
                || Files.exists(dataDir.resolve("keys").resolve("personal-data.key"));
        return configured ? java.util.Optional.of(new PersonalDataCipher(environment, dataDir)) : java.util.Optional.empty();
    }

    /**
     * The ring as configured: {@code bawaba.personal-data.keys} (a map of id to base64, or the list
     * {@code id:base64,id:base64} as BAWABA_PERSONAL_DATA_KEYS gives it), plus {@code bawaba.personal-data.key} as
     * {@value #LEGACY}; with none of them, a development key generated once under the data folder.
     */
    static Map<String, String> configuredKeys(Environment environment, Path dataDir) {
        Map<String, String> ring = new LinkedHashMap<>();
        String listed = environment.getProperty("bawaba.personal-data.keys", "");
        if (!listed.isBlank()) {
            for (String pair : listed.split(",")) {
                int colon = pair.indexOf(':');
                if (colon < 1) {
                    throw new IllegalStateException("bawaba.personal-data.keys must list id:base64 pairs, comma-separated");
                }
                ring.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
            }
        }
        try {
            Binder.get(environment).bind("bawaba.personal-data.keys", Bindable.mapOf(String.class, String.class))
                    .ifBound(ring::putAll);
        } catch (BindException listedNotMapped) {
            // the list form, read above
        }
        String single = environment.getProperty("bawaba.personal-data.key", "");
        if (!single.isBlank()) {
            String named = ring.putIfAbsent(LEGACY, single.strip());
            if (named != null && !named.equals(single.strip())) {
                throw new IllegalStateException("bawaba.personal-data.key and bawaba.personal-data.keys." + LEGACY
                        + " differ; keep one of them");
            }
        }
        Path devKey = dataDir.resolve("keys").resolve("personal-data.key");
        if (ring.isEmpty()) {
            ring.put(LEGACY, developmentKey(devKey));
            LOG.warn("Personal data is encrypted with a development key in {}; set BAWABA_PERSONAL_DATA_KEYS in production",
                    devKey);
        } else if (!ring.containsKey(LEGACY) && Files.exists(devKey)) {
            // data written while the hub ran on its development key stays readable until re-encrypted
            try {
                ring.put(LEGACY, Files.readString(devKey).strip());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the development key " + devKey, e);
            }
            LOG.warn("The development key in {} is kept for reading older personal data; re-encrypt, then delete it",
                    devKey);
        }
        return ring;
    }

    private static byte[] decode(String id, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != 32) {
            throw new IllegalStateException("personal data key '" + id + "' must be base64 of 32 bytes (AES-256)");
        }
        return key;
    }

    private static String developmentKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the folder's own permissions protect it
                }
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development key " + file, e);
        }
    }
}
