package eg.gov.bawaba.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.applications.ApplicationState;
import eg.gov.bawaba.hub.applications.ApplicationStatus;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.applications.PersonalDataCipher;
import eg.gov.bawaba.hub.applications.PersonalDataCipherTest;
import eg.gov.bawaba.hub.applications.PersonalDataRetention;
import eg.gov.bawaba.hub.applications.PersonalDataRotation;
import eg.gov.bawaba.hub.applications.StoredApplication;
import eg.gov.bawaba.hub.experts.ExpertProfileKeys;
import eg.gov.bawaba.hub.experts.ExpertStatus;
import eg.gov.bawaba.hub.experts.ExpertStore;
import eg.gov.bawaba.hub.ops.OpsAudit;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What tampering with the application histories and rows, the personal data ciphertexts and the ops audit the verifier
 * must find, and name, on every supported database (H2 in the JVM, PostgreSQL as an integration test); an intact
 * database verifies clean, and so does one upgraded from before V14.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({ApplicationStore.class, OpsAudit.class, AuditVerifier.class, ChainExistingRecords.class,
        BindApplicationState.class, ExpertStore.class, AuditChainContract.Clocks.class})
abstract class AuditChainContract {

    static final Instant T0 = Instant.parse("2026-11-02T09:15:30.123456789Z");
    static final String KEY = PersonalDataCipherTest.key();
    static final String PERSONAL = "{\"applicant\":{\"nationalId\":\"29001011234567\"},\"fields\":{}}";

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        PersonalDataCipher personalDataCipher() {
            return new PersonalDataCipher(Map.of("k1", KEY), "");
        }
    }

    /**
     * A database of its own, empty, reached without the hub (Flyway, user and schema set), for upgrading the way an
     * existing installation upgrades.
     */
    abstract FluentConfiguration emptyDatabase();

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
    @Autowired
    PersonalDataCipher cipher;
    @Autowired
    ExpertStore experts;
    @Autowired
    PlatformTransactionManager transactions;

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
        assertThat(report.keyRing()).isTrue();
        assertThat(report.ciphertextsAuthenticated()).isEqualTo(2);
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
    void concurrentChangesOfOneApplicationEachTakeTheirOwnPlaceInItsHistory() throws Exception {
        // committed, unlike the test's own transaction: the changes come from transactions of their own
        TransactionTemplate own = new TransactionTemplate(transactions);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        String id = own.execute(s -> application());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            own.executeWithoutResult(s -> store.transition(id, List.of(ApplicationStatus.RECEIVED),
                    ApplicationStatus.QUEUED, null, null, T0.plusSeconds(1)));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> delivered = new ArrayList<>();
            List<Future<?>> noted = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                noted.add(threads.submit(() -> {
                    go.await();
                    own.executeWithoutResult(s -> store.note(id, ApplicationStatus.QUEUED, "attempt " + n,
                            T0.plusSeconds(2)));
                    return null;
                }));
                delivered.add(threads.submit(() -> {
                    go.await();
                    return own.execute(s -> store.transition(id, List.of(ApplicationStatus.QUEUED),
                            ApplicationStatus.DELIVERED, "REF-" + n, null, T0.plusSeconds(3)));
                }));
            }
            go.countDown();
            for (Future<?> note : noted) {
                note.get(30, TimeUnit.SECONDS);
            }
            List<Boolean> outcomes = new ArrayList<>();
            for (Future<Boolean> d : delivered) {
                outcomes.add(d.get(30, TimeUnit.SECONDS));
            }

            assertThat(outcomes).containsOnlyOnce(true);
            // RECEIVED, QUEUED, four notes and the one delivery that won
            Integer length = own.execute(s -> jdbc.queryForObject(
                    "SELECT history_count FROM application WHERE id = ?", Integer.class, id));
            Integer records = own.execute(s -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM application_event WHERE application_id = ?", Integer.class, id));
            assertThat(length).isEqualTo(7);
            assertThat(records).isEqualTo(7);
            AuditVerifier.Report report = own.execute(s -> verifier.verify());
            assertThat(report.problems()).isEmpty();
        } finally {
            threads.shutdownNow();
            own.executeWithoutResult(s -> {
                jdbc.update("DELETE FROM application_event WHERE application_id = ?", id);
                jdbc.update("DELETE FROM application WHERE id = ?", id);
            });
        }
    }

    @Test
    void findsAChangedStatusThroughTheStateItsLastRecordCarries() {
        jdbc.update("UPDATE application SET status = 'APPROVED' WHERE id = ?", first);

        assertThat(verifier.verify().problems()).singleElement().satisfies(p -> rowChanged(p, first));
    }

    @Test
    void findsAChangedEntityReference() {
        jdbc.update("UPDATE application SET entity_reference = 'REF-2' WHERE id = ?", second);

        assertThat(verifier.verify().problems()).singleElement().satisfies(p -> rowChanged(p, second));
    }

    @Test
    void findsAChangedEntryId() {
        jdbc.update("UPDATE application SET entry_id = 'lab.OTHER-SERVICE-02' WHERE id = ?", first);

        assertThat(verifier.verify().problems()).singleElement().satisfies(p -> rowChanged(p, first));
    }

    @Test
    void findsAChangedCorrelationId() {
        jdbc.update("UPDATE application SET correlation_id = 'corr-someone-else' WHERE id = ?", first);

        assertThat(verifier.verify().problems()).singleElement().satisfies(p -> rowChanged(p, first));
    }

    static Stream<Arguments> otherCoveredFields() {
        OffsetDateTime earlier = OffsetDateTime.ofInstant(T0.minusSeconds(86_400), ZoneOffset.UTC);
        return Stream.of(Arguments.of("idempotency_key", "key-of-another"), Arguments.of("request_hash", "purged"),
                Arguments.of("entity_id", "other"), Arguments.of("created_at", earlier),
                Arguments.of("updated_at", earlier), Arguments.of("personal_data_purged_at", earlier),
                Arguments.of("personal_data", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherCoveredFields")
    void findsEveryOtherCoveredFieldChanged(String column, Object value) {
        assertThat(ApplicationState.COLUMNS).contains(column);
        jdbc.update("UPDATE application SET " + column + " = ? WHERE id = ?", value, second);

        assertThat(verifier.verify().problems()).singleElement().satisfies(p -> rowChanged(p, second));
    }

    @Test
    void findsCiphertextsSwappedBetweenTwoApplicationsAndTheyNoLongerDecrypt() {
        String ofFirst = personalData(first);
        String ofSecond = personalData(second);
        jdbc.update("UPDATE application SET personal_data = ? WHERE id = ?", ofSecond, first);
        jdbc.update("UPDATE application SET personal_data = ? WHERE id = ?", ofFirst, second);

        AuditVerifier.Report report = verifier.verify();

        assertThat(report.intact()).isFalse();
        assertThat(report.problems()).hasSize(4);
        for (String id : List.of(first, second)) {
            assertThat(report.problems()).filteredOn(p -> p.chain().equals("application/" + id))
                    .extracting(AuditVerifier.Problem::problem).hasSize(2)
                    .anyMatch(p -> p.contains("changed outside the hub"))
                    .anyMatch(p -> p.contains("does not belong to it"));
            assertThatThrownBy(() -> cipher.decrypt(personalData(id), ApplicationState.binding(id)))
                    .hasMessageContaining("belongs to another record");
        }
        assertThat(report.ciphertextsAuthenticated()).isZero();
    }

    @Test
    void findsAnAlteredCiphertextEvenWhereItsStateWasRecomputed() {
        // whoever also rewrote the state, the last record and the head still has no key to seal for this application
        String forged = cipher.encrypt(PERSONAL, ApplicationState.binding(second));
        jdbc.update("UPDATE application SET personal_data = ? WHERE id = ?", forged, first);
        String state = jdbc.queryForObject("SELECT " + ApplicationState.select("") + " FROM application WHERE id = ?",
                (rs, n) -> ApplicationState.digest(first, rs), first);
        rechainLastRecord(first, state);

        assertThat(verifier.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.chain()).isEqualTo("application/" + first);
            assertThat(p.problem()).contains("does not belong to it");
        });
    }

    @Test
    void findsExpertProfilesSwappedBetweenTwoExperts() {
        String ahmed = expert("{\"name\":\"Ahmed\"}");
        String mona = expert("{\"name\":\"Mona\"}");
        assertThat(verifier.verify().ciphertextsAuthenticated()).isEqualTo(4);
        String ofAhmed = experts.find(ahmed).orElseThrow().encryptedProfile();
        String ofMona = experts.find(mona).orElseThrow().encryptedProfile();
        jdbc.update("UPDATE expert SET personal_data = ? WHERE id = ?", ofMona, ahmed);
        jdbc.update("UPDATE expert SET personal_data = ? WHERE id = ?", ofAhmed, mona);

        AuditVerifier.Report report = verifier.verify();

        assertThat(report.problems()).extracting(AuditVerifier.Problem::chain)
                .containsExactlyInAnyOrder("expert/" + ahmed, "expert/" + mona);
        assertThat(report.problems()).allSatisfy(p -> assertThat(p.problem()).contains("does not belong to it"));
        assertThatThrownBy(() -> cipher.decrypt(experts.find(ahmed).orElseThrow().encryptedProfile(),
                ExpertProfileKeys.profileBinding(ahmed))).hasMessageContaining("belongs to another record");
    }

    @Test
    void theHubsOwnChangesOfARowKeepItsChainIntact() {
        PersonalDataRotation rotation = new PersonalDataRotation(store, new PersonalDataCipher(
                Map.of("k1", KEY, "k2", PersonalDataCipherTest.key()), "k2"));
        assertThat(rotation.reEncrypt(100).reEncrypted()).isEqualTo(2);
        store.transition(first, List.of(ApplicationStatus.DELIVERED), ApplicationStatus.APPROVED, null, "approved",
                T0.plusSeconds(10));
        assertThat(store.purgePersonalData(first, PersonalDataRetention.CLOSED, T0.plusSeconds(3600),
                T0.plusSeconds(20), "retention")).isTrue();

        AuditVerifier.Report report = verifier.verify();

        assertThat(report.problems()).isEmpty();
        assertThat(report.historyRecords()).isEqualTo(8 + 2 + 1 + 1);
        assertThat(store.history(first)).extracting(e -> e.detail()).endsWith("personal data re-encrypted under key k2",
                "approved", "retention");
    }

    @Test
    void anExistingDatabaseUpgradedToV14VerifiesIntactAndThenShowsTampering() throws Exception {
        FluentConfiguration database = emptyDatabase().locations("classpath:db/migration")
                .javaMigrations(new ChainExistingRecords()).target(MigrationVersion.fromVersion("12"));
        database.load().migrate();
        JdbcTemplate db = new JdbcTemplate(database.getDataSource());
        // as the hub before V14 wrote them: records chained without state, ciphertexts bound to nothing
        String delivered = oldApplication(db, "DELIVERED", "REF-7");
        String queued = oldApplication(db, "QUEUED", null);
        String alteredBefore = oldApplication(db, "DELIVERED", "REF-8");
        db.update("UPDATE application_event SET detail = 'forged' WHERE seq = (SELECT MAX(seq) FROM application_event "
                + "WHERE application_id = ?)", alteredBefore);

        database.javaMigrations(new ChainExistingRecords(), new BindApplicationState()).target(MigrationVersion.LATEST)
                .load().migrate();

        AuditVerifier upgraded = new AuditVerifier(db, Clock.systemUTC(), cipher);
        AuditVerifier.Report report = upgraded.verify();
        assertThat(report.historyRecords()).isEqualTo(8);
        assertThat(report.problems()).as("tampering from before the upgrade is not hidden by it").isNotEmpty()
                .allSatisfy(p -> assertThat(p.chain()).isEqualTo("application/" + alteredBefore))
                .anySatisfy(p -> assertThat(p.problem()).contains("altered"));
        db.update("DELETE FROM application_event WHERE application_id = ?", alteredBefore);
        db.update("DELETE FROM application WHERE id = ?", alteredBefore);
        assertThat(upgraded.verify().problems()).isEmpty();

        // the hub goes on: a transition, and re-encryption binds the old ciphertexts to their applications
        ApplicationStore hub = new ApplicationStore(db);
        hub.transition(queued, List.of(ApplicationStatus.QUEUED), ApplicationStatus.DELIVERED, "REF-9", null,
                T0.plusSeconds(60));
        assertThat(new PersonalDataRotation(hub, cipher).reEncrypt(100).reEncrypted()).isEqualTo(2);
        report = upgraded.verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.ciphertextsAuthenticated()).isEqualTo(2);
        assertThat(cipher.decrypt(db.queryForObject("SELECT personal_data FROM application WHERE id = ?", String.class,
                delivered), ApplicationState.binding(delivered))).isEqualTo(PERSONAL);

        // and tampering shows: a status, then two ciphertexts swapped
        db.update("UPDATE application SET status = 'APPROVED' WHERE id = ?", delivered);
        assertThat(upgraded.verify().problems()).singleElement().satisfies(p -> rowChanged(p, delivered));
        db.update("UPDATE application SET status = 'DELIVERED' WHERE id = ?", delivered);
        assertThat(upgraded.verify().problems()).isEmpty();
        String ofDelivered = db.queryForObject("SELECT personal_data FROM application WHERE id = ?", String.class,
                delivered);
        String ofQueued = db.queryForObject("SELECT personal_data FROM application WHERE id = ?", String.class, queued);
        db.update("UPDATE application SET personal_data = ? WHERE id = ?", ofQueued, delivered);
        db.update("UPDATE application SET personal_data = ? WHERE id = ?", ofDelivered, queued);
        assertThat(upgraded.verify().problems()).hasSize(4).extracting(AuditVerifier.Problem::chain)
                .containsOnly("application/" + delivered, "application/" + queued);
    }

    @Test
    void chainsTheRecordsOfEarlierVersionsOnceWhenMigrating() throws Exception {
        // as an older hub left them: no hashes, no heads, no states
        jdbc.update("UPDATE application_event SET prev_hash = NULL, hash = NULL, state_hash = NULL");
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
        assertThat(verifier.verify().problems()).as("chained, but the rows not bound yet")
                .extracting(AuditVerifier.Problem::problem).hasSize(2).allMatch(p -> p.contains("not bound"));
        // V14 comes after 5.1 (its column is there already)
        assertThat(BindApplicationState.bind(connection)).isEqualTo(2);

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
        store.insert(new StoredApplication(id, TestTokens.SUBJECT, null, "key-" + id, "hash", "lab.CAR-IMPORT-01",
                "lab", ApplicationStatus.RECEIVED, null, "corr-" + id, cipher.encrypt(PERSONAL,
                ApplicationState.binding(id)), T0, T0));
        return id;
    }

    /**
     * An application as the hub before V14 wrote it, in its columns of then: history RECEIVED, QUEUED and maybe
     * {@code status}, chained without state, and its personal data sealed unbound ({@code v2}).
     */
    private static String oldApplication(JdbcTemplate db, String status, String reference) throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.ofInstant(HashChain.stored(T0), ZoneOffset.UTC);
        List<String> statuses = new ArrayList<>(List.of("RECEIVED", "QUEUED"));
        if (!status.equals("QUEUED")) {
            statuses.add(status);
        }
        String previous = null;
        List<String> hashes = new ArrayList<>();
        for (String s : statuses) {
            previous = HashChain.next(previous, ApplicationStore.chained(id, s, null, at.toInstant()));
            hashes.add(previous);
        }
        db.update("INSERT INTO application (id, idempotency_key, request_hash, entry_id, entity_id, status, "
                        + "entity_reference, correlation_id, personal_data, created_at, updated_at, history_head, "
                        + "history_count) VALUES (?, ?, 'sha256:old', 'lab.CAR-IMPORT-01', 'lab', ?, ?, ?, ?, ?, ?, "
                        + "?, ?)", id, "old-" + id, status, reference, "corr-" + id,
                PersonalDataCipherTest.unboundCiphertext("k1", KEY, PERSONAL), at, at, previous, statuses.size());
        for (int i = 0; i < statuses.size(); i++) {
            db.update("INSERT INTO application_event (application_id, status, detail, at, prev_hash, hash) "
                    + "VALUES (?, ?, NULL, ?, ?, ?)", id, statuses.get(i), at, i == 0 ? null : hashes.get(i - 1),
                    hashes.get(i));
        }
        return id;
    }

    private String expert(String profile) {
        String id = UUID.randomUUID().toString();
        experts.insert(new ExpertStore.StoredExpert(id, "expert-" + id, "sha256:x", ExpertStatus.ACTIVE,
                List.of("profile"), T0, null, cipher.encrypt(profile, ExpertProfileKeys.profileBinding(id)), null, T0,
                T0, TestTokens.SUBJECT, null));
        return id;
    }

    /** What someone who knows the chain's rules, but has no key, can do: rewrite the last record's state and the head. */
    private void rechainLastRecord(String id, String state) {
        Map<String, Object> last = jdbc.queryForMap("SELECT seq, status, detail, at, prev_hash FROM application_event "
                + "WHERE application_id = ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY", id);
        String hash = HashChain.next((String) last.get("prev_hash"), ApplicationStore.chained(id,
                (String) last.get("status"), (String) last.get("detail"), instant(last.get("at")), state));
        jdbc.update("UPDATE application_event SET state_hash = ?, hash = ? WHERE seq = ?", state, hash,
                ((Number) last.get("seq")).longValue());
        jdbc.update("UPDATE application SET history_head = ? WHERE id = ?", hash, id);
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) value).toInstant();
    }

    private static void rowChanged(AuditVerifier.Problem problem, String id) {
        assertThat(problem.chain()).isEqualTo("application/" + id);
        assertThat(problem.record()).isNull();
        assertThat(problem.problem()).contains("changed outside the hub");
    }

    private String personalData(String id) {
        return jdbc.queryForObject("SELECT personal_data FROM application WHERE id = ?", String.class, id);
    }

    private List<Long> seqs(String applicationId) {
        return jdbc.queryForList("SELECT seq FROM application_event WHERE application_id = ? ORDER BY seq", Long.class,
                applicationId);
    }

    private List<Long> auditIds() {
        return jdbc.queryForList("SELECT id FROM ops_audit ORDER BY id", Long.class);
    }
}
