package eg.gov.bawaba.hub.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The key ring: labelled ciphertexts bound to their record, old keys and unbound ciphertexts kept for reading, and the
 * configuration forms operators use.
 */
public class PersonalDataCipherTest {

    static final String OLD = key();
    static final String NEW = key();
    static final String PERSONAL = "{\"applicant\":{\"nationalId\":\"29001011234567\"}}";
    static final PersonalDataCipher.Binding ONE = ApplicationState.binding("0b6c1f3e-0000-4000-8000-000000000001");
    static final PersonalDataCipher.Binding OTHER = ApplicationState.binding("0b6c1f3e-0000-4000-8000-000000000002");

    @TempDir
    Path dataDir;

    @Test
    void labelsNewDataWithTheActiveKeyAndReadsDataOfEveryConfiguredKey() {
        PersonalDataCipher before = new PersonalDataCipher(Map.of("k1", OLD), "");
        String written = before.encrypt(PERSONAL, ONE);

        PersonalDataCipher rotated = new PersonalDataCipher(ordered("k1", OLD, "k2", NEW), "k2");
        String fresh = rotated.encrypt(PERSONAL, ONE);

        assertThat(written).startsWith("v3:k1:").doesNotContain("29001011234567");
        assertThat(fresh).startsWith("v3:k2:");
        assertThat(rotated.decrypt(written, ONE)).isEqualTo(PERSONAL);
        assertThat(rotated.decrypt(fresh, ONE)).isEqualTo(PERSONAL);
        assertThat(rotated.current(written)).isFalse();
        assertThat(rotated.current(fresh)).isTrue();
        assertThat(rotated.keyIdOf(written)).isEqualTo("k1");
    }

    @Test
    void aCiphertextMovedToAnotherRecordOrFieldDoesNotDecryptThere() {
        PersonalDataCipher cipher = new PersonalDataCipher(Map.of("k1", OLD), "");
        String sealed = cipher.encrypt(PERSONAL, ONE);

        assertThatThrownBy(() -> cipher.decrypt(sealed, OTHER)).hasMessageContaining("belongs to another record");
        assertThatThrownBy(() -> cipher.decrypt(sealed, new PersonalDataCipher.Binding("expert", ONE.id(),
                "personal_data"))).hasMessageContaining("belongs to another record");
        assertThatThrownBy(() -> cipher.decrypt(sealed, new PersonalDataCipher.Binding(ONE.kind(), ONE.id(),
                "another_field"))).hasMessageContaining("belongs to another record");
        // nor does a relabelled one: "v2" would skip the binding, but the tag covers the associated data
        assertThatThrownBy(() -> cipher.decrypt("v2" + sealed.substring(2), ONE)).isInstanceOf(IllegalStateException.class);
        assertThat(cipher.decrypt(sealed, ONE)).isEqualTo(PERSONAL);
    }

    @Test
    void readsTheUnboundCiphertextsOfEarlierVersionsWhereverTheyAreAndCountsThemNotCurrent() throws Exception {
        PersonalDataCipher cipher = new PersonalDataCipher(Map.of("k1", OLD), "");
        String unbound = unboundCiphertext("k1", OLD, PERSONAL);

        assertThat(cipher.decrypt(unbound, ONE)).isEqualTo(PERSONAL);
        assertThat(PersonalDataCipher.bound(unbound)).isFalse();
        assertThat(cipher.current(unbound)).as("re-encryption upgrades it").isFalse();
        assertThat(cipher.keyIdOf(unbound)).isEqualTo("k1");
        assertThat(cipher.storedPrefixes().get("k1")).containsExactly("v3:k1:", "v2:k1:", "v1:");
    }

    @Test
    void readsTheUnlabelledCiphertextsOfEarlierVersionsWithTheLegacyKeyElseTheFirst() throws Exception {
        String earlier = earlierVersionCiphertext(OLD, PERSONAL);

        PersonalDataCipher withLegacy = new PersonalDataCipher(ordered("k2", NEW, PersonalDataCipher.LEGACY, OLD), "k2");
        PersonalDataCipher oldKeyListedFirst = new PersonalDataCipher(ordered("old", OLD, "k2", NEW), "k2");

        assertThat(withLegacy.decrypt(earlier, ONE)).isEqualTo(PERSONAL);
        assertThat(withLegacy.keyIdOf(earlier)).isEqualTo(PersonalDataCipher.LEGACY);
        assertThat(oldKeyListedFirst.decrypt(earlier, ONE)).isEqualTo(PERSONAL);
        assertThat(oldKeyListedFirst.keyIdOf(earlier)).isEqualTo("old");
    }

    @Test
    void saysWhichKeyIsMissingOnceItLeftTheConfiguration() {
        String written = new PersonalDataCipher(Map.of("k1", OLD), "").encrypt(PERSONAL, ONE);
        PersonalDataCipher withoutIt = new PersonalDataCipher(Map.of("k2", NEW), "");

        assertThat(withoutIt.readable(written)).isFalse();
        assertThatThrownBy(() -> withoutIt.decrypt(written, ONE)).hasMessageContaining("'k1'")
                .hasMessageContaining("not configured");
    }

    @Test
    void refusesAnAmbiguousOrBrokenConfiguration() {
        assertThatThrownBy(() -> new PersonalDataCipher(ordered("k1", OLD, "k2", NEW), ""))
                .hasMessageContaining("active-key");
        assertThatThrownBy(() -> new PersonalDataCipher(ordered("k1", OLD, "k2", NEW), "k3"))
                .hasMessageContaining("'k3'");
        assertThatThrownBy(() -> new PersonalDataCipher(Map.of("k1", "c2hvcnQ="), ""))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new PersonalDataCipher(Map.of("k_1", OLD), "")).hasMessageContaining("k_1");
    }

    @Test
    void takesTheKeysAsAListAsAMapAndTheSingleKeyOfEarlierVersionsAsLegacy() {
        MockEnvironment listed = new MockEnvironment()
                .withProperty("bawaba.personal-data.keys", "k1:" + OLD + ", k2:" + NEW)
                .withProperty("bawaba.personal-data.active-key", "k2");
        MockEnvironment mapped = new MockEnvironment()
                .withProperty("bawaba.personal-data.keys.k2", NEW)
                .withProperty("bawaba.personal-data.key", OLD)
                .withProperty("bawaba.personal-data.active-key", "k2");

        PersonalDataCipher fromList = new PersonalDataCipher(listed, dataDir);
        PersonalDataCipher fromMap = new PersonalDataCipher(mapped, dataDir);

        assertThat(fromList.keyIds()).containsExactly("k1", "k2");
        assertThat(fromList.activeKeyId()).isEqualTo("k2");
        assertThat(fromMap.keyIds()).containsExactlyInAnyOrder("k2", PersonalDataCipher.LEGACY);
        assertThat(fromMap.decrypt(fromList.encrypt(PERSONAL, ONE), ONE)).isEqualTo(PERSONAL);
        assertThat(Files.exists(dataDir.resolve("keys"))).isFalse();
    }

    @Test
    void generatesOneDevelopmentKeyWhenNoneIsConfiguredAndKeepsItForReadingOnceKeysAre() {
        PersonalDataCipher development = new PersonalDataCipher(new MockEnvironment(), dataDir);
        String written = development.encrypt(PERSONAL, ONE);

        PersonalDataCipher restarted = new PersonalDataCipher(new MockEnvironment(), dataDir);
        PersonalDataCipher configured = new PersonalDataCipher(new MockEnvironment()
                .withProperty("bawaba.personal-data.keys", "k2:" + NEW)
                .withProperty("bawaba.personal-data.active-key", "k2"), dataDir);

        assertThat(development.activeKeyId()).isEqualTo(PersonalDataCipher.LEGACY);
        assertThat(restarted.decrypt(written, ONE)).isEqualTo(PERSONAL);
        assertThat(configured.decrypt(written, ONE)).isEqualTo(PERSONAL);
        assertThat(configured.encrypt(PERSONAL, ONE)).startsWith("v3:k2:");
        // the development key is one of two now: which one writes must be said
        assertThatThrownBy(() -> new PersonalDataCipher(new MockEnvironment()
                .withProperty("bawaba.personal-data.keys", "k2:" + NEW), dataDir)).hasMessageContaining("active-key");
    }

    public static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static Map<String, String> ordered(String... idsAndKeys) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < idsAndKeys.length; i += 2) {
            keys.put(idsAndKeys[i], idsAndKeys[i + 1]);
        }
        return keys;
    }

    @Test
    void aReadingCommandGetsNoKeyGeneratedWhereNoneIsConfigured() {
        assertThat(PersonalDataCipher.forReading(new MockEnvironment(), dataDir)).isEmpty();
        assertThat(Files.exists(dataDir.resolve("keys"))).isFalse();
        assertThat(PersonalDataCipher.forReading(new MockEnvironment()
                .withProperty("bawaba.personal-data.keys", "k2:" + NEW), dataDir)).hasValueSatisfying(
                        c -> assertThat(c.keyIds()).containsExactly("k2"));
    }

    /** A ciphertext as the hub wrote them before key rotation: "v1:" and base64 of nonce and sealed text. */
    public static String earlierVersionCiphertext(String base64Key, String plain) throws Exception {
        return "v1:" + sealedWithoutBinding(base64Key, plain);
    }

    /** A ciphertext as the hub wrote them before they were bound to their record: "v2:<keyId>:", no associated data. */
    public static String unboundCiphertext(String keyId, String base64Key, String plain) throws Exception {
        return "v2:" + keyId + ":" + sealedWithoutBinding(base64Key, plain);
    }

    private static String sealedWithoutBinding(String base64Key, String plain) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[12 + sealed.length];
        System.arraycopy(nonce, 0, out, 0, 12);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return Base64.getEncoder().encodeToString(out);
    }
}
