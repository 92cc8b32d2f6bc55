package eg.gov.bawaba.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.applications.ApplicationState;
import eg.gov.bawaba.hub.applications.ApplicationStatus;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.applications.PersonalDataCipher;
import eg.gov.bawaba.hub.applications.PersonalDataCipherTest;
import eg.gov.bawaba.hub.applications.StoredApplication;
import eg.gov.bawaba.hub.ops.OpsAudit;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The documented command, bin/verify-audit, run as an operator runs it: on a stopped hub's data folder. */
class VerifyAuditCommandIT {

    @Test
    void exitsZeroOnAnIntactDatabaseAndOneNamingTheRecordOnceOneIsChanged() throws Exception {
        Path dataDir = Path.of("target/test-data/verify-audit-" + UUID.randomUUID()).toAbsolutePath();
        String url = migrated(dataDir);
        String id = UUID.randomUUID().toString();
        withDatabase(url, jdbc -> {
            ApplicationStore store = new ApplicationStore(jdbc);
            store.insert(new StoredApplication(id, TestTokens.SUBJECT, null, "k-" + id, "h", "lab.CAR-IMPORT-01", "lab",
                    ApplicationStatus.RECEIVED, null, "c-1", "v2:k:x", Instant.now(), Instant.now()));
            store.note(id, ApplicationStatus.RECEIVED, "a note", Instant.now());
            new OpsAudit(jdbc, Clock.systemUTC()).record("mona", "suspend", "lab", "lab", OpsAudit.Outcome.DONE, null);
        });

        Run intact = verifyAudit(dataDir, null);

        assertThat(intact.exit).as(intact.report.toString()).isZero();
        assertThat(intact.report.get("intact").asBoolean()).isTrue();
        assertThat(intact.report.at("/opsAudit/records").asInt()).isEqualTo(1);
        assertThat(intact.report.at("/applicationHistories/records").asInt()).isEqualTo(2);
        assertThat(intact.report.at("/personalData/keyRing").asBoolean()).as("no key, and none generated").isFalse();
        assertThat(dataDir.resolve("keys")).doesNotExist();

        long[] tampered = new long[1];
        withDatabase(url, jdbc -> {
            tampered[0] = jdbc.queryForList("SELECT seq FROM application_event ORDER BY seq", Long.class).get(1);
            jdbc.update("UPDATE application_event SET detail = 'another note' WHERE seq = ?", tampered[0]);
        });

        Run broken = verifyAudit(dataDir, null);

        assertThat(broken.exit).isEqualTo(1);
        assertThat(broken.report.get("intact").asBoolean()).isFalse();
        assertThat(broken.report.at("/problems/0/chain").asText()).isEqualTo("application/" + id);
        assertThat(broken.report.at("/problems/0/record").asLong()).isEqualTo(tampered[0]);
        assertThat(broken.report.at("/problems/0/problem").asText()).contains("altered");
    }

    @Test
    void withTheHubsKeysNamesARowChangedAndCiphertextsSwappedBehindItsBack() throws Exception {
        Path dataDir = Path.of("target/test-data/verify-audit-" + UUID.randomUUID()).toAbsolutePath();
        String url = migrated(dataDir);
        String key = PersonalDataCipherTest.key();
        PersonalDataCipher cipher = new PersonalDataCipher(Map.of("k1", key), "");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        withDatabase(url, jdbc -> {
            ApplicationStore store = new ApplicationStore(jdbc);
            for (String id : new String[] {first, second}) {
                store.insert(new StoredApplication(id, TestTokens.SUBJECT, null, "k-" + id, "h", "lab.CAR-IMPORT-01", "lab",
                        ApplicationStatus.RECEIVED, null, "c-" + id, cipher.encrypt("{}", ApplicationState.binding(id)),
                        Instant.now(), Instant.now()));
            }
        });

        Run intact = verifyAudit(dataDir, "k1:" + key);

        assertThat(intact.exit).as(intact.report.toString()).isZero();
        assertThat(intact.report.at("/personalData/keyRing").asBoolean()).isTrue();
        assertThat(intact.report.at("/personalData/ciphertextsAuthenticated").asInt()).isEqualTo(2);

        withDatabase(url, jdbc -> {
            jdbc.update("UPDATE application SET status = 'APPROVED' WHERE id = ?", first);
            String ofFirst = jdbc.queryForObject("SELECT personal_data FROM application WHERE id = ?", String.class, first);
            String ofSecond = jdbc.queryForObject("SELECT personal_data FROM application WHERE id = ?", String.class,
                    second);
            jdbc.update("UPDATE application SET personal_data = ? WHERE id = ?", ofSecond, first);
            jdbc.update("UPDATE application SET personal_data = ? WHERE id = ?", ofFirst, second);
        });

        Run broken = verifyAudit(dataDir, "k1:" + key);

        assertThat(broken.exit).isEqualTo(1);
        String problems = broken.report.get("problems").toString();
        assertThat(broken.report.get("problems")).hasSize(4);
        assertThat(problems).contains("application/" + first).contains("application/" + second)
                .contains("changed outside the hub").contains("does not belong to it");
    }

    /** A data folder's database as the hub leaves it: every migration applied (H2 lets one process open it at a time). */
    private static String migrated(Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir + "/db/bawaba";
        Flyway.configure().placeholders(java.util.Map.of("legacy_owner", "bawaba:legacy")).dataSource(url, "bawaba", "").locations("classpath:db/migration")
                .javaMigrations(new ChainExistingRecords(), new BindApplicationState()).load().migrate();
        return url;
    }

    private static void withDatabase(String url, java.util.function.Consumer<JdbcTemplate> work) {
        SingleConnectionDataSource db = new SingleConnectionDataSource(url, "bawaba", "", true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(db);
            new TransactionTemplate(new DataSourceTransactionManager(db)).executeWithoutResult(tx -> work.accept(jdbc));
        } finally {
            db.destroy();
        }
    }

    private record Run(int exit, JsonNode report) {}

    private static Run verifyAudit(Path dataDir, String keys) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder command = new ProcessBuilder("bash", "bin/verify-audit").directory(root.toFile())
                .redirectError(new File("target/verify-audit-command.err"));
        command.environment().put("BAWABA_DATA_DIR", dataDir.toString());
        command.environment().remove("BAWABA_PERSONAL_DATA_KEYS");
        command.environment().remove("BAWABA_PERSONAL_DATA_KEY");
        if (keys != null) {
            command.environment().put("BAWABA_PERSONAL_DATA_KEYS", keys);
        }
        Process process = command.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), CanonicalJson.mapper().readTree(stdout));
    }
}
