package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.QuarantinedRecord;
import eg.gov.bawaba.mappings.model.Bilingual;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.Category;
import eg.gov.bawaba.mappings.model.Eligibility;
import eg.gov.bawaba.mappings.model.EntryKind;
import eg.gov.bawaba.mappings.model.EntryStatus;
import eg.gov.bawaba.mappings.model.Fee;
import eg.gov.bawaba.mappings.model.Provenance;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;

/**
 * What the catalogue store and sync journal must do on every supported database; each database runs it through a
 * subclass (H2 in the JVM, PostgreSQL as an integration test). Flyway builds the schema in both.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({CatalogueStore.class, SyncJournal.class})
abstract class CatalogueStoreContract {

    private static final Instant FIRST_SYNC = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant SECOND_SYNC = FIRST_SYNC.plus(1, ChronoUnit.HOURS);

    @Autowired
    CatalogueStore store;
    @Autowired
    SyncJournal journal;

    @Test
    void addsNewEntriesAtVersionOneWithOneChangeEach() {
        StoreOutcome outcome = store.apply("emigration", List.of(entry("CAR-1", "سيارة"), entry("HOME-1", "شقة")), true,
                FIRST_SYNC);

        assertThat(outcome.added()).isEqualTo(2);
        CatalogueEntry stored = store.find("emigration.CAR-1").orElseThrow();
        assertThat(stored.provenance().version()).isEqualTo(1);
        assertThat(stored.provenance().status()).isEqualTo(EntryStatus.ACTIVE);
        assertThat(stored.provenance().syncedAt()).isEqualTo(FIRST_SYNC);
        assertThat(stored.title().ar()).isEqualTo("استيراد سيارة");
        List<CatalogueChange> changes = store.changesAfter(0, 10);
        assertThat(changes).extracting(CatalogueChange::change).containsExactly(ChangeType.ADDED, ChangeType.ADDED);
        assertThat(changes.get(0).seq()).isLessThan(changes.get(1).seq());
        assertThat(outcome.lastChangeSeq()).isEqualTo(changes.get(1).seq());
    }

    @Test
    void withdrawsAtMostTheLimitOfActiveEntriesFirstByIdEachTime() {
        store.apply("emigration", List.of(entry("A", "أ"), entry("B", "ب"), entry("C", "ج")), true, FIRST_SYNC);

        StoreOutcome first = store.withdrawActive("emigration", SECOND_SYNC, 2);
        StoreOutcome second = store.withdrawActive("emigration", SECOND_SYNC, 2);
        StoreOutcome none = store.withdrawActive("emigration", SECOND_SYNC, 2);

        assertThat(first.written()).extracting(CatalogueEntry::id).containsExactly("emigration.A", "emigration.B");
        assertThat(second.written()).extracting(CatalogueEntry::id).containsExactly("emigration.C");
        assertThat(none.withdrawn()).isZero();
        assertThat(store.find("emigration.C").orElseThrow().provenance())
                .extracting(Provenance::status, Provenance::version).containsExactly(EntryStatus.WITHDRAWN, 2L);
        assertThat(store.activeCounts()).doesNotContainKey("emigration");
    }

    @Test
    void namesItsDatabaseAndReadsTheEntriesAnIndexCatchingUpAsksFor() {
        store.apply("emigration", List.of(entry("CAR-1", "سيارة"), entry("HOME-1", "شقة")), true, FIRST_SYNC);
        store.apply("consular", List.of(entry("consular", "PASS-1", "جواز")), true, FIRST_SYNC);

        // the index kept in a folder is trusted only on the database it was built from (CatalogueIndexLoader)
        assertThat(store.databaseIdentity()).isNotBlank().isEqualTo(store.databaseIdentity());
        assertThat(store.entityIds()).containsExactlyInAnyOrder("emigration", "consular");
        assertThat(store.entries(List.of("emigration.HOME-1", "consular.PASS-1", "emigration.GONE")))
                .extracting(CatalogueEntry::id).containsExactlyInAnyOrder("emigration.HOME-1", "consular.PASS-1");
        assertThat(store.entries(List.of())).isEmpty();
    }

    @Test
    void rewritesOnlyChangedEntriesAndBumpsTheirVersion() {
        store.apply("emigration", List.of(entry("CAR-1", "سيارة"), entry("HOME-1", "شقة")), true, FIRST_SYNC);
        long before = store.latestChangeSeq();

        StoreOutcome outcome = store.apply("emigration", List.of(entry("CAR-1", "سيارة ركوب"), entry("HOME-1", "شقة")),
                true, SECOND_SYNC);

        assertThat(outcome.updated()).isEqualTo(1);
        assertThat(outcome.unchanged()).isEqualTo(1);
        assertThat(outcome.written()).extracting(CatalogueEntry::id).containsExactly("emigration.CAR-1");
        assertThat(store.find("emigration.CAR-1").orElseThrow().provenance().version()).isEqualTo(2);
        CatalogueEntry untouched = store.find("emigration.HOME-1").orElseThrow();
        assertThat(untouched.provenance().version()).isEqualTo(1);
        assertThat(untouched.provenance().syncedAt()).isEqualTo(FIRST_SYNC);
        assertThat(store.changesAfter(before, 10)).extracting(CatalogueChange::entryId, CatalogueChange::change)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("emigration.CAR-1", ChangeType.UPDATED));
    }

    @Test
    void withdrawsEntriesMissingFromAFullSnapshotButNotFromADelta() {
        store.apply("emigration", List.of(entry("CAR-1", "سيارة"), entry("HOME-1", "شقة")), true, FIRST_SYNC);

        StoreOutcome delta = store.apply("emigration", List.of(entry("CAR-1", "سيارة")), false, SECOND_SYNC);
        assertThat(delta.withdrawn()).isZero();

        StoreOutcome full = store.apply("emigration", List.of(entry("CAR-1", "سيارة")), true, SECOND_SYNC);
        assertThat(full.withdrawn()).isEqualTo(1);
        CatalogueEntry gone = store.find("emigration.HOME-1").orElseThrow();
        assertThat(gone.provenance().status()).isEqualTo(EntryStatus.WITHDRAWN);
        assertThat(gone.provenance().version()).isEqualTo(2);
        assertThat(store.activeCounts()).containsEntry("emigration", 1L);
    }

    @Test
    void reactivatesAWithdrawnEntryThatComesBack() {
        store.apply("emigration", List.of(entry("CAR-1", "سيارة"), entry("HOME-1", "شقة")), true, FIRST_SYNC);
        store.apply("emigration", List.of(entry("CAR-1", "سيارة")), true, SECOND_SYNC);

        StoreOutcome back = store.apply("emigration", List.of(entry("CAR-1", "سيارة"), entry("HOME-1", "شقة")), true,
                SECOND_SYNC.plusSeconds(60));

        assertThat(back.updated()).isEqualTo(1);
        CatalogueEntry returned = store.find("emigration.HOME-1").orElseThrow();
        assertThat(returned.provenance().status()).isEqualTo(EntryStatus.ACTIVE);
        assertThat(returned.provenance().version()).isEqualTo(3);
    }

    @Test
    void leavesOtherEntitiesAlone() {
        store.apply("emigration", List.of(entry("CAR-1", "سيارة")), true, FIRST_SYNC);

        StoreOutcome other = store.apply("nosi", List.of(), true, SECOND_SYNC);

        assertThat(other.withdrawn()).isZero();
        assertThat(store.find("emigration.CAR-1").orElseThrow().provenance().status()).isEqualTo(EntryStatus.ACTIVE);
    }

    @Test
    void pagesTheChangeFeedFromACursor() {
        store.apply("emigration", List.of(entry("A", "أ"), entry("B", "ب"), entry("C", "ج")), true, FIRST_SYNC);
        List<CatalogueChange> first = store.changesAfter(0, 2);
        List<CatalogueChange> rest = store.changesAfter(first.get(1).seq(), 2);

        assertThat(first).extracting(CatalogueChange::entryId).containsExactly("emigration.A", "emigration.B");
        assertThat(rest).extracting(CatalogueChange::entryId).containsExactly("emigration.C");
        assertThat(CanonicalJson.entryFromJson(rest.get(0).document()).title().ar()).isEqualTo("استيراد ج");
    }

    @Test
    void journalsSyncsAndReplacesTheEntityQuarantine() {
        SyncReport first = journal.record(new SyncReport(0, "emigration", "SCHEDULE", FIRST_SYNC, FIRST_SYNC.plusSeconds(2),
                SyncReport.Outcome.SUCCEEDED, 3, 2, 0, 0, 0, 1, null));
        journal.replaceQuarantine("emigration", first.id(),
                List.of(new QuarantinedRecord("emigration", "{\"privilegeCode\":\"X\"}", "category: is missing")), FIRST_SYNC);
        SyncReport second = journal.record(new SyncReport(0, "emigration", "ON_DEMAND", SECOND_SYNC,
                SECOND_SYNC.plusSeconds(1), SyncReport.Outcome.FAILED, 0, 0, 0, 0, 0, 0, "HTTP 503"));
        journal.replaceQuarantine("emigration", second.id(),
                List.of(new QuarantinedRecord("emigration", "{\"privilegeCode\":\"Y\"}", "title.ar: is missing")), SECOND_SYNC);

        assertThat(journal.latestByEntity().get("emigration")).isEqualTo(second);
        assertThat(journal.history("emigration", 10)).containsExactly(second, first);
        List<QuarantineItem> quarantine = journal.quarantine("emigration", 0, 10);
        assertThat(quarantine).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo("title.ar: is missing");
            assertThat(q.sourceRecord()).contains("\"Y\"");
            assertThat(q.syncId()).isEqualTo(second.id());
        });
        assertThat(journal.quarantineCount(null)).isEqualTo(1);
    }

    static CatalogueEntry entry(String code, String arabicWord) {
        return entry("emigration", code, arabicWord);
    }

    static CatalogueEntry entry(String entityId, String code, String arabicWord) {
        CatalogueEntry entry = new CatalogueEntry(entityId + "." + code, entityId, EntryKind.PRIVILEGE,
                new Bilingual("استيراد " + arabicWord, "Import " + code),
                new Bilingual("ملخص " + arabicWord, "Summary of " + code), Category.CUSTOMS,
                new Eligibility(List.of("SA", "AE"), List.of(new Bilingual("مقيم بالخارج", "Resident abroad"))),
                new Fee(new BigDecimal("150.00"), "USD"), List.of(new Bilingual("جواز سفر", "Passport")),
                List.of("MOBILE_APP"), null, null, "https://www.emigration.gov.eg/", null);
        return entry.withProvenance(new Provenance("REST", FIRST_SYNC, CanonicalJson.contentHash(entry), 1,
                EntryStatus.ACTIVE));
    }
}
