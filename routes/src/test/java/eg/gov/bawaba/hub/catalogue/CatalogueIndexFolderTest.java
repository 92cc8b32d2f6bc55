package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.Bilingual;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.Category;
import eg.gov.bawaba.mappings.model.Eligibility;
import eg.gov.bawaba.mappings.model.EntryKind;
import eg.gov.bawaba.mappings.model.EntryStatus;
import eg.gov.bawaba.mappings.model.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The catalogue index kept in a folder: a restart re-reads only what changed in the database while the hub was down,
 * and an index from another database, a damaged one or one in use never serves a wrong catalogue.
 */
class CatalogueIndexFolderTest {

    private static final Instant SYNCED_AT = Instant.parse("2026-12-07T08:00:00Z");

    private final Path root = Path.of("target", "test-data", "index-folder-" + UUID.randomUUID()).toAbsolutePath();
    private final Path folder = root.resolve("catalogue-index");
    private CatalogueStore store;
    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        store = migratedStore("db-a");
    }

    @Test
    void restartKeepsTheIndexedEntriesAndReadsNone() throws Exception {
        store.apply("lab", entries(0, 300, "first"), true, SYNCED_AT);
        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            CatalogueIndexLoader.Loaded first = new CatalogueIndexLoader(store, index).load();
            assertThat(first.caughtUp()).as(first.toString()).isFalse();
            assertThat(first.read()).isEqualTo(300);
        }

        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            CatalogueIndexLoader.Loaded again = new CatalogueIndexLoader(store, index).load();

            assertThat(again.caughtUp()).as(again.toString()).isTrue();
            assertThat(again).extracting(CatalogueIndexLoader.Loaded::kept, CatalogueIndexLoader.Loaded::read,
                    CatalogueIndexLoader.Loaded::removed).containsExactly(300, 0, 0);
            assertThat(index.generation()).isEqualTo(store.latestChangeSeq()).isPositive();
            assertThat(titleOf(index, "lab.P7")).isEqualTo("Service P7 first");
            assertThat(index.search(new CatalogueQuery(null, null, null, null, null, "ACTIVE", 0, 20)).total())
                    .isEqualTo(300);
        }
    }

    @Test
    void restartReadsWhatChangedWhileTheHubWasDown() throws Exception {
        store.apply("lab", entries(0, 100, "first"), true, SYNCED_AT);
        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            new CatalogueIndexLoader(store, index).load();
        }
        // while down: P0–P49 changed, P50–P99 left the full feed (withdrawn), P100–P109 are new; a second entity, and
        // one row deleted by hand
        store.apply("lab", Stream.concat(entries(0, 50, "second").stream(), entries(100, 110, "new").stream()).toList(),
                true, SYNCED_AT.plusSeconds(60));
        store.apply("other", List.of(entry("other", 1, "x")), true, SYNCED_AT.plusSeconds(60));
        jdbc.update("DELETE FROM catalogue_entry WHERE id = 'lab.P105'");

        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            CatalogueIndexLoader.Loaded loaded = new CatalogueIndexLoader(store, index).load();

            assertThat(loaded.caughtUp()).isTrue();
            // 50 changed, 50 withdrawn, 9 new lab entries and 1 of the other entity; nothing else was read
            assertThat(loaded.read()).isEqualTo(110);
            assertThat(loaded.kept()).isZero();
            assertThat(loaded.removed()).isZero();
            assertThat(titleOf(index, "lab.P3")).isEqualTo("Service P3 second");
            assertThat(statusOf(index, "lab.P60")).isEqualTo("WITHDRAWN");
            assertThat(titleOf(index, "lab.P101")).isEqualTo("Service P101 new");
            assertThat(index.document("lab.P105")).isEmpty();
            assertThat(index.document("other.P1")).isPresent();
            assertThat(index.generation()).isEqualTo(store.latestChangeSeq());
        }
    }

    @Test
    void removesEntriesWhoseRowsWereDeletedWhileTheHubWasDown() throws Exception {
        store.apply("lab", entries(0, 20, "first"), true, SYNCED_AT);
        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            new CatalogueIndexLoader(store, index).load();
        }
        jdbc.update("DELETE FROM catalogue_entry WHERE id IN ('lab.P1', 'lab.P2')");

        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            CatalogueIndexLoader.Loaded loaded = new CatalogueIndexLoader(store, index).load();

            assertThat(loaded).extracting(CatalogueIndexLoader.Loaded::kept, CatalogueIndexLoader.Loaded::read,
                    CatalogueIndexLoader.Loaded::removed).containsExactly(18, 0, 2);
            assertThat(index.document("lab.P1")).isEmpty();
            assertThat(index.search(new CatalogueQuery(null, null, null, null, null, null, 0, 50)).total())
                    .isEqualTo(18);
        }
    }

    @Test
    void refillsAnIndexBuiltFromAnotherDatabase() throws Exception {
        store.apply("lab", entries(0, 30, "first"), true, SYNCED_AT);
        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            new CatalogueIndexLoader(store, index).load();
        }
        // another database whose entries repeat ids and versions: only the database's identity tells them apart
        CatalogueStore other = migratedStore("db-b");
        other.apply("lab", entries(0, 10, "other database"), true, SYNCED_AT);

        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            CatalogueIndexLoader.Loaded loaded = new CatalogueIndexLoader(other, index).load();

            assertThat(loaded.caughtUp()).isFalse();
            assertThat(loaded.why()).contains("another database");
            assertThat(titleOf(index, "lab.P3")).isEqualTo("Service P3 other database");
            assertThat(index.document("lab.P20")).isEmpty();
        }
    }

    @Test
    void startsADamagedIndexAgainFromTheDatabase() throws Exception {
        store.apply("lab", entries(0, 30, "first"), true, SYNCED_AT);
        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            new CatalogueIndexLoader(store, index).load();
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(file, "not a Lucene commit".getBytes());
            }
        }

        try (CatalogueIndex index = new CatalogueIndex(folder.toString())) {
            CatalogueIndexLoader.Loaded loaded = new CatalogueIndexLoader(store, index).load();

            assertThat(loaded.caughtUp()).isFalse();
            assertThat(loaded.read()).isEqualTo(30);
            assertThat(titleOf(index, "lab.P29")).isEqualTo("Service P29 first");
        }
    }

    @Test
    void refusesAFolderAnotherHubHolds() throws Exception {
        try (CatalogueIndex first = new CatalogueIndex(folder.toString())) {
            assertThatThrownBy(() -> new CatalogueIndex(folder.toString()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(folder.toString())
                    .hasMessageContaining("bawaba.catalogue.index-dir");
        }
    }

    private CatalogueStore migratedStore(String name) {
        String url = "jdbc:h2:file:" + root.resolve(name).resolve("bawaba");
        Flyway.configure().placeholders(Map.of("legacy_owner", "bawaba:legacy")).dataSource(url, "sa", "").load()
                .migrate();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
        return new CatalogueStore(jdbc);
    }

    private static String titleOf(CatalogueIndex index, String id) {
        return CanonicalJson.entryFromJson(index.document(id).orElseThrow()).title().en();
    }

    private static String statusOf(CatalogueIndex index, String id) {
        return CanonicalJson.entryFromJson(index.document(id).orElseThrow()).provenance().status().name();
    }

    private static List<CatalogueEntry> entries(int from, int to, String edition) {
        return IntStream.range(from, to).mapToObj(n -> entry("lab", n, edition)).toList();
    }

    private static CatalogueEntry entry(String entityId, int n, String edition) {
        String code = "P" + n;
        CatalogueEntry entry = new CatalogueEntry(entityId + "." + code, entityId, EntryKind.SERVICE,
                new Bilingual("خدمة " + code, "Service " + code + " " + edition), new Bilingual("ملخص", "Summary"),
                Category.CUSTOMS, new Eligibility(List.of(), List.of()), null, List.of(), List.of("WEB"), null, null,
                null, null);
        return entry.withProvenance(new Provenance("REST", SYNCED_AT, CanonicalJson.contentHash(entry), 1,
                EntryStatus.ACTIVE));
    }
}
