package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.Bilingual;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.Category;
import eg.gov.bawaba.mappings.model.Eligibility;
import eg.gov.bawaba.mappings.model.EntryKind;
import eg.gov.bawaba.mappings.model.EntryStatus;
import eg.gov.bawaba.mappings.model.Provenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listings, filters, totals and paging of the Lucene read model over many segments and updated entries, checked against
 * the same selection done in plain Java.
 */
class CatalogueIndexTest {

    private static final Instant SYNCED_AT = Instant.parse("2026-11-28T08:00:00Z");
    private static final Category[] CATEGORIES = {Category.CUSTOMS, Category.HOUSING, Category.EDUCATION};
    private static final List<List<String>> COUNTRIES = List.of(List.of(), List.of("SA"), List.of("SA", "AE"),
            List.of("DE"));

    private CatalogueIndex index;
    private final Map<String, CatalogueEntry> current = new LinkedHashMap<>();

    @BeforeEach
    void fill() throws Exception {
        index = new CatalogueIndex();
        Random random = new Random(20261128);
        // five batches, so the index has several segments, each sorted on its own
        for (int batch = 0; batch < 5; batch++) {
            List<CatalogueEntry> entries = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                int n = random.nextInt(100_000);
                entries.add(entry(n, random.nextInt(3), random.nextInt(4), random.nextInt(10) == 0));
            }
            apply(entries, batch + 1);
        }
        // updates delete documents in older segments and add them to a new one
        List<CatalogueEntry> updates = new ArrayList<>();
        for (String id : current.keySet().stream().limit(300).toList()) {
            int n = Integer.parseInt(id.substring(id.indexOf('.') + 2));
            updates.add(entry(n, 2, 0, n % 2 == 0));
        }
        apply(updates, 6);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    @Test
    void addsALargeBatchOnSeveralThreadsWithTheLastOfEachIdWinning() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (CatalogueIndex shared = new CatalogueIndex("", pool)) {
            List<CatalogueEntry> batch = new ArrayList<>();
            for (int n = 0; n < 9_000; n++) {
                batch.add(entry(n, 0, 0, false));
            }
            // an id repeated far apart, in another slice: the later entry is the one indexed
            batch.add(entry(17, 1, 2, true));
            shared.apply(batch, 1);

            assertThat(shared.search(new CatalogueQuery(null, null, null, null, null, null, 0, 1)).total())
                    .isEqualTo(9_000);
            CatalogueEntry indexed = CanonicalJson.entryFromJson(shared.document("lab.P17").orElseThrow());
            assertThat(indexed.category()).isEqualTo(Category.HOUSING);
            assertThat(indexed.provenance().status()).isEqualTo(EntryStatus.WITHDRAWN);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsEveryEntryByIdWhenNothingIsFiltered() {
        assertPagesMatch(null, null, null, e -> true);
    }

    @Test
    void listsActiveEntriesByIdAcrossSegmentsAndPages() {
        assertPagesMatch(null, null, "ACTIVE", e -> e.provenance().status() == EntryStatus.ACTIVE);
    }

    @Test
    void combinesCategoryCountryAndStatusFiltersAndCountsEntriesForAllCountries() {
        assertPagesMatch("HOUSING", "SA", "ACTIVE", e -> e.category() == Category.HOUSING
                && (e.eligibility().countries().isEmpty() || e.eligibility().countries().contains("SA"))
                && e.provenance().status() == EntryStatus.ACTIVE);
        assertPagesMatch(null, "DE", null,
                e -> e.eligibility().countries().isEmpty() || e.eligibility().countries().contains("DE"));
    }

    @Test
    void ranksTextMatchesAndBreaksTiesById() {
        // every entry carries "Service" the same way, so scores tie and the id decides
        CataloguePage page = index.search(new CatalogueQuery(null, null, null, null, "service", "ACTIVE", 1, 50));
        List<String> expected = expected(e -> e.provenance().status() == EntryStatus.ACTIVE);

        assertThat(page.total()).isEqualTo(expected.size());
        assertThat(ids(page)).isEqualTo(expected.subList(50, 100));
        assertThat(index.searchIds(new CatalogueQuery(null, null, null, null, "service", "ACTIVE", 1, 50)))
                .isEqualTo(expected.subList(50, 100));
    }

    private void assertPagesMatch(String category, String country, String status, Predicate<CatalogueEntry> filter) {
        List<String> expected = expected(filter);
        assertThat(expected).hasSizeGreaterThan(40);
        List<String> listed = new ArrayList<>();
        int size = 37;
        for (int page = 0; page * size < expected.size() + size; page++) {
            CatalogueQuery query = new CatalogueQuery(null, category, null, country, null, status, page, size);
            CataloguePage result = index.search(query);
            assertThat(result.total()).isEqualTo(expected.size());
            assertThat(index.searchIds(query)).isEqualTo(ids(result));
            listed.addAll(ids(result));
        }
        assertThat(listed).isEqualTo(expected);
    }

    private List<String> expected(Predicate<CatalogueEntry> filter) {
        return current.values().stream().filter(filter).map(CatalogueEntry::id).sorted(Comparator.naturalOrder())
                .toList();
    }

    private static List<String> ids(CataloguePage page) {
        return page.documents().stream().map(json -> CanonicalJson.entryFromJson(json).id()).toList();
    }

    private void apply(List<CatalogueEntry> entries, long seq) {
        entries.forEach(e -> current.put(e.id(), e));
        index.apply(entries, seq);
    }

    private static CatalogueEntry entry(int n, int category, int countries, boolean withdrawn) {
        String code = "P" + n;
        CatalogueEntry entry = new CatalogueEntry("lab." + code, "lab", EntryKind.SERVICE,
                new Bilingual("خدمة " + code, "Service " + code), new Bilingual("ملخص", "Summary"),
                CATEGORIES[category], new Eligibility(COUNTRIES.get(countries), List.of()), null, List.of(),
                List.of("WEB"), null, null, null, null);
        return entry.withProvenance(new Provenance("REST", SYNCED_AT, CanonicalJson.contentHash(entry), 1,
                withdrawn ? EntryStatus.WITHDRAWN : EntryStatus.ACTIVE));
    }
}
