package eg.gov.bawaba.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.applications.ApplicationStatus;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.applications.StoredApplication;
import eg.gov.bawaba.hub.ops.OpsAudit;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
        String url = "jdbc:h2:file:" + dataDir + "/db/bawaba";
        String id = UUID.randomUUID().toString();
        // the hub wrote this, and stopped: H2 lets one process at a time open its files
        Flyway.configure().dataSource(url, "bawaba", "").locations("classpath:db/migration")
                .javaMigrations(new ChainExistingRecords()).load().migrate();
        withDatabase(url, jdbc -> {
            ApplicationStore store = new ApplicationStore(jdbc);
            store.insert(new StoredApplication(id, TestTokens.SUBJECT, null, "k-" + id, "h", "lab.CAR-IMPORT-01", "lab",
                    ApplicationStatus.RECEIVED, null, "c-1", "v2:k:x", Instant.now(), Instant.now()));
            store.note(id, ApplicationStatus.RECEIVED, "a note", Instant.now());
            new OpsAudit(jdbc, Clock.systemUTC()).record("mona", "suspend", "lab", "lab", OpsAudit.Outcome.DONE, null);
        });

        Run intact = verifyAudit(dataDir);

        assertThat(intact.exit).as(intact.report.toString()).isZero();
        assertThat(intact.report.get("intact").asBoolean()).isTrue();
        assertThat(intact.report.at("/opsAudit/records").asInt()).isEqualTo(1);
        assertThat(intact.report.at("/applicationHistories/records").asInt()).isEqualTo(2);

        long[] tampered = new long[1];
        withDatabase(url, jdbc -> {
            tampered[0] = jdbc.queryForList("SELECT seq FROM application_event ORDER BY seq", Long.class).get(1);
            jdbc.update("UPDATE application_event SET detail = 'another note' WHERE seq = ?", tampered[0]);
        });

        Run broken = verifyAudit(dataDir);

        assertThat(broken.exit).isEqualTo(1);
        assertThat(broken.report.get("intact").asBoolean()).isFalse();
        assertThat(broken.report.at("/problems/0/chain").asText()).isEqualTo("application/" + id);
        assertThat(broken.report.at("/problems/0/record").asLong()).isEqualTo(tampered[0]);
        assertThat(broken.report.at("/problems/0/problem").asText()).contains("altered");
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

    private static Run verifyAudit(Path dataDir) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder command = new ProcessBuilder("bash", "bin/verify-audit").directory(root.toFile())
                .redirectError(new File("target/verify-audit-command.err"));
        command.environment().put("BAWABA_DATA_DIR", dataDir.toString());
        Process process = command.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), CanonicalJson.mapper().readTree(stdout));
    }
}
