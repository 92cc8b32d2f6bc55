package eg.gov.bawaba.hub.experts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.applications.PersonalDataCipher;
import eg.gov.bawaba.hub.applications.PersonalDataCipherTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The ops personal data actions cover expert profiles: the key view counts them, re-encryption moves them onto the
 * active key, and the on-demand retention run purges experts withdrawn longer than the period, all audited.
 */
class ExpertsPersonalDataOpsTest extends HubTestSupport {

    @Autowired
    ExpertsRegistry registry;
    @Autowired
    ExpertsRetention retention;
    @Autowired
    PersonalDataCipher cipher;
    @org.springframework.beans.factory.annotation.Value("${bawaba.data-dir}")
    Path hubDataDir;

    @BeforeEach
    @AfterEach
    void noExpertsAndAnEmptyAuditChain() {
        jdbc.update("DELETE FROM expert");
        jdbc.update("DELETE FROM expert_call");
        registry.rebuild();
        jdbc.update("DELETE FROM ops_audit");
        jdbc.update("UPDATE audit_chain_head SET head_hash = NULL, record_count = 0");
    }

    @Test
    void reEncryptsAnExpertProfileWrittenBeforeKeyIdsAndItStillReads() throws Exception {
        String id = register("k-1", ExpertsTest.ahmed());
        String current = register("k-2", ExpertsTest.mona());
        // as a hub before key ids wrote it: "v1:", the same profile sealed unbound with the legacy key
        String labelled = personalData(id);
        assertThat(labelled).startsWith("v3:legacy:");
        String devKey = Files.readString(hubDataDir.resolve("keys").resolve("personal-data.key")).strip();
        jdbc.update("UPDATE expert SET personal_data = ? WHERE id = ?", PersonalDataCipherTest.earlierVersionCiphertext(
                devKey, cipher.decrypt(labelled, ExpertProfileKeys.profileBinding(id))), id);
        String currentBefore = personalData(current);
        registry.rebuild();
        assertThat(json(get("/api/v1/experts/" + id)).at("/name/en").asText()).isEqualTo("Ahmed Mansour");
        JsonNode keys = json(get("/ops/v1/personal-data/keys", HttpHeaders.AUTHORIZATION, bearer("leila", "ops:read")));
        assertThat(keys.at("/keys/0/id").asText()).isEqualTo(PersonalDataCipher.LEGACY);
        assertThat(keys.at("/keys/0/experts").asLong()).as("both profiles are under the legacy key").isEqualTo(2);
        assertThat(keys.at("/underUnknownKeysByKind/experts").asLong()).isZero();

        ResponseEntity<String> response = ops("/ops/v1/personal-data/re-encrypt", "{\"limit\": 100}");

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode outcome = json(response);
        assertThat(outcome.at("/experts/reEncrypted").asInt()).isEqualTo(1);
        assertThat(outcome.at("/experts/unreadable").asInt()).isZero();
        assertThat(outcome.at("/applications/reEncrypted").asInt()).isZero();
        assertThat(outcome.get("reEncrypted").asInt()).as("the total of every kind").isEqualTo(1);
        assertThat(outcome.at("/keys/0/experts").asLong()).isEqualTo(2);
        assertThat(outcome.get("underUnknownKeys").asLong()).isZero();
        assertThat(personalData(id)).startsWith("v3:legacy:");
        assertThat(personalData(current)).as("already under the active key: untouched").isEqualTo(currentBefore);
        registry.rebuild();
        assertThat(json(get("/api/v1/experts/" + id)).at("/contact/email").asText()).isEqualTo(ExpertsTest.EMAIL);
        JsonNode record = json(get("/ops/v1/audit?limit=1")).at("/records/0");
        assertThat(record.get("action").asText()).isEqualTo("re-encrypt-personal-data");
        assertThat(record.get("detail").asText()).startsWith("1 re-encrypted under key legacy (0 applications, 1 experts)");
        assertThat(json(ops("/ops/v1/personal-data/re-encrypt", "{}")).at("/experts/reEncrypted").asInt())
                .as("nothing left to move").isZero();
    }

    @Test
    void theOpsRetentionRunPurgesExpertsWithdrawnLongerThanThePeriod() {
        String gone = register("k-1", ExpertsTest.ahmed());
        String recent = register("k-2", ExpertsTest.mona());
        String active = register("k-3", ExpertsTest.mona());
        withdraw(gone);
        withdraw(recent);
        jdbc.update("UPDATE expert SET consent_withdrawn_at = ? WHERE id = ?", OffsetDateTime.ofInstant(
                Instant.now().minus(retention.period()).minusSeconds(3600), ZoneOffset.UTC), gone);

        ResponseEntity<String> run = ops("/ops/v1/personal-data/retention/run", "");

        assertThat(run.getStatusCode().value()).as(run.getBody()).isEqualTo(200);
        JsonNode body = json(run);
        assertThat(body.at("/experts/purged").asInt()).isEqualTo(1);
        assertThat(body.at("/experts/retention").asText()).isEqualTo("P30D");
        assertThat(Instant.parse(body.at("/experts/cutoff").asText())).isBefore(Instant.now().minus(retention.period())
                .plusSeconds(60));
        assertThat(body.get("purged").asInt()).as("no applications").isZero();
        Map<String, Object> row = jdbc.queryForMap("SELECT personal_data, request_hash, personal_data_purged_at "
                + "FROM expert WHERE id = ?", gone);
        assertThat(row.get("PERSONAL_DATA")).isNull();
        assertThat(row.get("REQUEST_HASH")).isEqualTo(ExpertStore.PURGED);
        assertThat(row.get("PERSONAL_DATA_PURGED_AT")).isNotNull();
        assertThat(personalData(recent)).as("withdrawn within the period").isNotNull();
        assertThat(personalData(active)).isNotNull();
        JsonNode record = json(get("/ops/v1/audit?limit=1")).at("/records/0");
        assertThat(record.get("action").asText()).isEqualTo("purge-personal-data");
        assertThat(record.get("actor").asText()).isEqualTo("karim");
        assertThat(record.get("detail").asText()).contains("personal data of 1 experts who withdrew consent before");
        assertThat(json(get("/ops/v1/audit/verify")).get("intact").asBoolean()).isTrue();
        assertThat(json(ops("/ops/v1/personal-data/retention/run", "")).at("/experts/purged").asInt())
                .as("once only").isZero();
    }

    private String register(String key, ObjectNode body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", key);
        ResponseEntity<String> created = http.postForEntity("/api/v1/experts", new HttpEntity<>(body.toString(), headers),
                String.class);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return json(created).get("id").asText();
    }

    private void withdraw(String id) {
        assertThat(http.exchange("/api/v1/experts/" + id + "/consent", HttpMethod.DELETE, null, String.class)
                .getStatusCode().value()).isEqualTo(204);
    }

    private String personalData(String id) {
        return jdbc.queryForObject("SELECT personal_data FROM expert WHERE id = ?", String.class, id);
    }

    private ResponseEntity<String> ops(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        if (!body.isEmpty()) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        headers.add(HttpHeaders.AUTHORIZATION, bearer(path.contains("retention") ? "karim" : "leila", "ops:read",
                "ops:write"));
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }
}
