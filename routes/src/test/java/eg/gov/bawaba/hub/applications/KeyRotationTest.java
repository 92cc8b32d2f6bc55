package eg.gov.bawaba.hub.applications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.audit.AuditVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.env.MockEnvironment;

/**
 * Rotating the personal data key on the hub's database: what was written before stays readable, re-encryption moves
 * every application onto the new key (and binds the ciphertexts of earlier versions to their application), each move
 * a line of its history so the chain stays intact, and then the old key can leave the configuration.
 */
class KeyRotationTest extends HubTestSupport {

    static final String PERSONAL = "{\"applicant\":{\"nationalId\":\"" + SampleApplications.NATIONAL_ID + "\"},"
            + "\"fields\":{\"passportNumber\":\"" + SampleApplications.PASSPORT + "\"}}";

    @Autowired
    ApplicationStore store;
    @Autowired
    AuditVerifier verifier;
    @Value("${bawaba.data-dir}")
    Path hubDataDir;
    @TempDir
    Path keyFolder;

    @BeforeEach
    @AfterEach
    void emptyAuditChain() {
        jdbc.update("DELETE FROM ops_audit");
        jdbc.update("UPDATE audit_chain_head SET head_hash = NULL, record_count = 0");
    }

    @Test
    void recordsWrittenBeforeARotationStayReadableAndAfterReEncryptionTheOldKeyCanGo() throws Exception {
        String oldKey = PersonalDataCipherTest.key();
        String newKey = PersonalDataCipherTest.key();
        // before: one key, as BAWABA_PERSONAL_DATA_KEY; one application even from before key ids existed
        PersonalDataCipher before = ring(new MockEnvironment().withProperty("bawaba.personal-data.key", oldKey));
        List<String> written = List.of(store(id -> before.encrypt(PERSONAL, ApplicationState.binding(id))),
                store(id -> before.encrypt(PERSONAL, ApplicationState.binding(id))),
                store(PersonalDataCipherTest.earlierVersionCiphertext(oldKey, PERSONAL)));

        // the rotation: a new key, active; the old one kept for reading
        PersonalDataCipher rotated = ring(new MockEnvironment()
                .withProperty("bawaba.personal-data.key", oldKey)
                .withProperty("bawaba.personal-data.keys", "k2026:" + newKey)
                .withProperty("bawaba.personal-data.active-key", "k2026"));
        String after = store(id -> rotated.encrypt(PERSONAL, ApplicationState.binding(id)));
        for (String id : written) {
            assertThat(rotated.decrypt(stored(id), ApplicationState.binding(id))).isEqualTo(PERSONAL);
        }
        PersonalDataRotation rotation = new PersonalDataRotation(store, rotated);
        assertThat(rotation.usage().keys()).containsExactly(
                usage("k2026", true, 1),
                usage(PersonalDataCipher.LEGACY, false, 3));

        PersonalDataRotation.Outcome outcome = rotation.reEncrypt(1000);

        assertThat(outcome.reEncrypted()).isEqualTo(3);
        assertThat(outcome.unreadable()).isZero();
        assertThat(outcome.usage().keys()).containsExactly(
                usage("k2026", true, 4),
                usage(PersonalDataCipher.LEGACY, false, 0));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM application WHERE personal_data NOT LIKE 'v3:k2026:%'",
                Long.class)).isZero();
        // each move is a line of the application's history, so the chain covers the new ciphertext
        assertThat(store.history(written.get(2))).last().satisfies(e -> {
            assertThat(e.status()).isEqualTo(ApplicationStatus.DELIVERED);
            assertThat(e.detail()).isEqualTo("personal data re-encrypted under key k2026");
        });
        assertThat(store.history(after)).hasSize(1);
        AuditVerifier.Report report = verifier.verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.ciphertextsAuthenticated()).as("the hub's own key ring has neither key").isZero();
        // the old key leaves the configuration: everything still reads
        PersonalDataCipher withoutOldKey = ring(new MockEnvironment()
                .withProperty("bawaba.personal-data.keys", "k2026:" + newKey));
        for (String id : List.of(written.get(0), written.get(1), written.get(2), after)) {
            assertThat(withoutOldKey.decrypt(stored(id), ApplicationState.binding(id))).isEqualTo(PERSONAL);
        }
        assertThat(rotation.reEncrypt(1000).reEncrypted()).as("nothing left to move").isZero();
    }

    @Test
    void theOpsActionReEncryptsOntoTheHubsActiveKeyAndIsAudited() throws Exception {
        String devKey = Files.readString(hubDataDir.resolve("keys").resolve("personal-data.key")).strip();
        String id = store(PersonalDataCipherTest.earlierVersionCiphertext(devKey, PERSONAL));
        String unbound = store(PersonalDataCipherTest.unboundCiphertext(PersonalDataCipher.LEGACY, devKey, PERSONAL));
        assertThat(json(get("/api/v1/applications/" + id)).at("/applicant/nationalId").asText())
                .as("an application written before key ids still reads").isEqualTo(SampleApplications.NATIONAL_ID);
        JsonNode keys = json(get("/ops/v1/personal-data/keys"));
        assertThat(keys.get("activeKey").asText()).isEqualTo(PersonalDataCipher.LEGACY);

        ResponseEntity<String> response = post("/ops/v1/personal-data/re-encrypt", "{\"limit\": 100}");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode outcome = json(response);
        assertThat(outcome.get("reEncrypted").asInt()).as("both, the second under the active key already but unbound")
                .isEqualTo(2);
        assertThat(outcome.at("/applications/reEncrypted").asInt()).isEqualTo(2);
        assertThat(outcome.at("/experts/reEncrypted").asInt()).as("no expert profiles stored").isZero();
        assertThat(outcome.get("unreadable").asInt()).isZero();
        assertThat(outcome.at("/keys/0/id").asText()).isEqualTo(PersonalDataCipher.LEGACY);
        assertThat(outcome.get("underUnknownKeys").asLong()).isZero();
        assertThat(stored(id)).startsWith("v3:legacy:");
        assertThat(stored(unbound)).startsWith("v3:legacy:");
        AuditVerifier.Report report = verifier.verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.ciphertextsAuthenticated()).isEqualTo(2);
        assertThat(json(get("/api/v1/applications/" + id)).at("/applicant/nationalId").asText())
                .isEqualTo(SampleApplications.NATIONAL_ID);
        JsonNode record = json(get("/ops/v1/audit?limit=1")).at("/records/0");
        assertThat(record.get("action").asText()).isEqualTo("re-encrypt-personal-data");
        assertThat(record.get("actor").asText()).isEqualTo("leila");
        assertThat(record.get("outcome").asText()).isEqualTo("DONE");
        assertThat(record.get("detail").asText()).startsWith("2 re-encrypted under key legacy (2 applications, 0 experts)");
        assertThat(post("/ops/v1/personal-data/re-encrypt", "{\"limit\": 0}").getStatusCode().value()).isEqualTo(400);
    }

    private static PersonalDataRotation.KeyUsage usage(String keyId, boolean active, long applications) {
        return new PersonalDataRotation.KeyUsage(keyId, active, Map.of(PersonalDataRotation.APPLICATIONS, applications));
    }

    private PersonalDataCipher ring(MockEnvironment configuration) {
        return new PersonalDataCipher(configuration, keyFolder);
    }

    /** An application already delivered (so nothing queues it), its personal data as given. */
    private String store(String encrypted) {
        return store(id -> encrypted);
    }

    /** An application already delivered, its personal data sealed for its id. */
    private String store(Function<String, String> sealedFor) {
        String id = UUID.randomUUID().toString();
        String encrypted = sealedFor.apply(id);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.insert(new StoredApplication(id, TestTokens.SUBJECT, null, "rotation-" + id, "hash", "lab.CAR-IMPORT-01", "lab",
                ApplicationStatus.DELIVERED, "LAB-1", "rotation-test", encrypted, now, now));
        return id;
    }

    private String stored(String id) {
        return jdbc.queryForObject("SELECT personal_data FROM application WHERE id = ?", String.class, id);
    }

    private ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add(HttpHeaders.AUTHORIZATION, bearer("leila", "ops:read", "ops:write"));
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }
}
