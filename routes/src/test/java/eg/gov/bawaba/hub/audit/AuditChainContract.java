package eg.gov.bawaba.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.applications.ApplicationStatus;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.applications.StoredApplication;
import eg.gov.bawaba.hub.ops.OpsAudit;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * What tampering with the application histories and the ops audit the verifier must find, and name, on every
 * supported database (H2 in the JVM, PostgreSQL as an integration test); an intact database verifies clean.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({ApplicationStore.class, OpsAudit.class, AuditVerifier.class, ChainExistingRecords.class,
        AuditChainContract.Clocks.class})
abstract class AuditChainContract {

    static final Instant T0 = Instant.parse("2026-11-02T09:15:30.123456789Z");

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    @Autowired
    ApplicationStore store;
    @Autowired
    OpsAudit audit;
    @Autowired
    AuditVerifier verifier;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    String first;
    String second;

    @BeforeEach
    void twoApplicationsAndThreeAuditRecords() {
        first = application();
        second = application();
        for (String id : List.of(first, second)) {
            store.transition(id, List.of(ApplicationStatus.RECEIVED), ApplicationStatus.QUEUED, null, null, T0.plusSeconds(1));
            store.note(id, ApplicationStatus.QUEUED, "delivery attempt 1 failed: HTTP 503 «غير متاح»", T0.plusSeconds(2));
            store.transition(id, List.of(ApplicationStatus.QUEUED), ApplicationStatus.DELIVERED, "REF-1", "entity reference REF-1",
                    T0.plusSeconds(3));
        }
        audit.record("mona", "suspend", "lab", "lab", OpsAudit.Outcome.DONE, "reason: maintenance");
        audit.record("mona", "resume", "lab", "lab", OpsAudit.Outcome.DONE, "routes started again");
        audit.record("omar", "dead-letter-discard", "lab", first, OpsAudit.Outcome.REFUSED, "reason: required");
    }

    @Test
    void anIntactDatabaseVerifiesClean() {
        AuditVerifier.Report report = verifier.verify();

        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();
        assertThat(report.applications()).isEqualTo(2);
        assertThat(report.historyRecords()).isEqualTo(8);
        assertThat(report.auditRecords()).isEqualTo(3);
        assertThat(report.auditHead()).hasSize(64);
    }

    @Test
    void findsAnAlteredHistoryRecordAndNamesIt() {
        long noted = seqs(first).get(2);
        jdbc.update("UPDATE application_event SET detail = 'delivery attempt 1 failed: HTTP 400' WHERE seq = ?", noted);

        AuditVerifier.Report report = verifier.verify();

        assertThat(report.intact()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.chain()).isEqualTo("application/" + first);
            assertThat(p.record()).isEqualTo(noted);
            assertThat(p.problem()).contains("altered");
        });
    }

    @Test
    void findsAnAlteredTimeOrStatusToo() {
        long received = seqs(second).get(0);
        jdbc.update("UPDATE application_event SET at = ? WHERE seq = ?", OffsetDateTime.ofInstant(T0.minusSeconds(3600),
                ZoneOffset.UTC), received);

        assertThat(verifier.verify().problems()).extracting(AuditVerifier.Problem::record).containsExactly(received);
    }

    @Test
    void findsARemovedMiddleRecordAndNamesWhereTheChainBreaks() {
        List<Long> seqs = seqs(first);
        jdbc.update("DELETE FROM application_event WHERE seq = ?", seqs.get(1));

        AuditVerifier.Report report = verifier.verify();

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.chain()).isEqualTo("application/" + first);
            assertThat(p.record()).isEqualTo(seqs.get(2));
            assertThat(p.problem()).contains("does not follow record " + seqs.get(0)).contains("removed");
        });
    }

    @Test
    void findsARemovedLastRecordThroughTheHeadOnTheApplication() {
        List<Long> seqs = seqs(second);
        jdbc.update("DELETE FROM application_event WHERE seq = ?", seqs.get(3));

        AuditVerifier.Report report = verifier.verify();

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.chain()).isEqualTo("application/" + second);
            assertThat(p.record()).isEqualTo(seqs.get(2));
            assertThat(p.problem()).contains("ends at record " + seqs.get(2)).contains("counts 4").contains("removed");
        });
    }

    @Test
    void findsAnAlteredAuditRecordAndNamesIt() {
        List<Long> ids = auditIds();
        jdbc.update("UPDATE ops_audit SET actor = 'someone-else' WHERE id = ?", ids.get(0));

        assertThat(verifier.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.chain()).isEqualTo(AuditVerifier.OPS_AUDIT);
            assertThat(p.record()).isEqualTo(ids.get(0));
            assertThat(p.problem()).contains("altered");
        });
    }

    @Test
    void findsARemovedMiddleAuditRecord() {
        List<Long> ids = auditIds();
        jdbc.update("DELETE FROM ops_audit WHERE id = ?", ids.get(1));

        assertThat(verifier.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.chain()).isEqualTo(AuditVerifier.OPS_AUDIT);
            assertThat(p.record()).isEqualTo(ids.get(2));
            assertThat(p.problem()).contains("does not follow record " + ids.get(0));
        });
    }

    @Test
    void findsARemovedLastAuditRecordThroughTheChainHead() {
        List<Long> ids = auditIds();
        jdbc.update("DELETE FROM ops_audit WHERE id = ?", ids.get(2));

        assertThat(verifier.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.chain()).isEqualTo(AuditVerifier.OPS_AUDIT);
            assertThat(p.record()).isEqualTo(ids.get(1));
            assertThat(p.problem()).contains("ends at record " + ids.get(1)).contains("removed");
        });
    }

    @Test
    void findsARecordAddedBehindTheHubsBack() {
        jdbc.update("INSERT INTO application_event (application_id, status, detail, at) VALUES (?, 'APPROVED', NULL, ?)",
                first, OffsetDateTime.ofInstant(T0.plusSeconds(9), ZoneOffset.UTC));

        assertThat(verifier.verify().problems()).extracting(AuditVerifier.Problem::chain)
                .isNotEmpty().containsOnly("application/" + first);
    }

    @Test
    void chainsTheRecordsOfEarlierVersionsOnceWhenMigrating() throws Exception {
        // as an older hub left them: no hashes, no heads
        jdbc.update("UPDATE application_event SET prev_hash = NULL, hash = NULL");
        jdbc.update("UPDATE application SET history_head = NULL, history_count = 0");
        jdbc.update("UPDATE ops_audit SET prev_hash = NULL, hash = NULL");
        jdbc.update("DELETE FROM audit_chain_head");
        assertThat(verifier.verify().intact()).isFalse();

        Connection connection = DataSourceUtils.getConnection(dataSource);
        new ChainExistingRecords().migrate(new Context() {
            @Override
            public Configuration getConfiguration() {
                return null;
            }

            @Override
            public Connection getConnection() {
                return connection;
            }
        });

        AuditVerifier.Report report = verifier.verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.historyRecords()).isEqualTo(8);
        assertThat(report.auditRecords()).isEqualTo(3);
        // and the hub goes on chaining from there
        store.note(first, ApplicationStatus.DELIVERED, "after the upgrade", T0.plusSeconds(5));
        audit.record("mona", "suspend", "lab", "lab", OpsAudit.Outcome.DONE, null);
        assertThat(verifier.verify().problems()).isEmpty();
    }

    private String application() {
        String id = UUID.randomUUID().toString();
        store.insert(new StoredApplication(id, TestTokens.SUBJECT, null, "key-" + id, "hash", "lab.CAR-IMPORT-01", "lab", ApplicationStatus.RECEIVED,
                null, "corr-" + id, "v2:k:sealed", T0, T0));
        return id;
    }

    private List<Long> seqs(String applicationId) {
        return jdbc.queryForList("SELECT seq FROM application_event WHERE application_id = ? ORDER BY seq", Long.class,
                applicationId);
    }

    private List<Long> auditIds() {
        return jdbc.queryForList("SELECT id FROM ops_audit ORDER BY id", Long.class);
    }
}
