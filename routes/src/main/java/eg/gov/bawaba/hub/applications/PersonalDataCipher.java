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
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts applicants' personal data at rest with AES-256-GCM. The key comes from {@code bawaba.personal-data.key}
 * (base64 of 32 bytes, normally the environment variable BAWABA_PERSONAL_DATA_KEY); without one, a development key
 * is generated once under the data folder so the demo runs, and a warning says so.
 */
@Component
public class PersonalDataCipher {

    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataCipher.class);
    private static final String FORMAT = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public PersonalDataCipher(@Value("${bawaba.personal-data.key:}") String configuredKey,
                              @Value("${bawaba.data-dir}") Path dataDir) {
        this.key = new SecretKeySpec(configuredKey.isBlank() ? developmentKey(dataDir) : decode(configuredKey), "AES");
    }

    public String encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return FORMAT + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt personal data", e);
        }
    }

    public String decrypt(String stored) {
        if (!stored.startsWith(FORMAT)) {
            throw new IllegalStateException("personal data in an unknown format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(FORMAT.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("personal data cannot be decrypted with the configured key", e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] key = Base64.getDecoder().decode(base64.trim());
        if (key.length != 32) {
            throw new IllegalStateException("bawaba.personal-data.key must be base64 of 32 bytes (AES-256)");
        }
        return key;
    }

    private static byte[] developmentKey(Path dataDir) {
        Path file = dataDir.resolve("keys").resolve("personal-data.key");
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
            LOG.warn("Personal data is encrypted with a development key in {}; set BAWABA_PERSONAL_DATA_KEY in production",
                    file);
            return decode(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development key " + file, e);
        }
    }
}
