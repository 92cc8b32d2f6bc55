package eg.gov.bawaba.hub.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * What the insight counts store must do on every supported database (H2 in the JVM, PostgreSQL as an integration
 * test): chunked upserts that add to existing counts and create new ones. Chunks of 2 cells, so that a few cells span
 * several transactions.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(InsightStore.class)
@TestPropertySource(properties = "bawaba.insights.flush-chunk=2")
abstract class InsightStoreContract {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");

    @Autowired
    InsightStore store;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void upsertsAddToExistingCountsAndCreateNewCellsAcrossChunks() {
        Map<InsightKey, Long> first = new LinkedHashMap<>();
        first.put(view("A", "SA", "ENGINEERING"), 3L);
        first.put(view("A", "SA", ""), 2L);
        first.put(view("B", "SA", ""), 4L);
        first.put(view("A", "AE", ""), 1L);
        first.put(new InsightKey(DAY.plusDays(1), InsightKey.VIEW, "SA", "", "A"), 5L);
        store.add(first);

        Map<InsightKey, Long> second = new LinkedHashMap<>();
        second.put(view("A", "SA", "ENGINEERING"), 10L);
        second.put(view("B", "SA", ""), 1L);
        second.put(view("C", "SA", "STUDENT"), 7L);
        store.add(second);

        assertThat(store.totals(InsightKey.VIEW, "SA", null, DAY, DAY)).containsExactly(
                new InsightStore.Total("A", 15), new InsightStore.Total("C", 7), new InsightStore.Total("B", 5));
        assertThat(store.totals(InsightKey.VIEW, "SA", "ENGINEERING", DAY, DAY))
                .containsExactly(new InsightStore.Total("A", 13));
        assertThat(store.totals(InsightKey.VIEW, null, null, DAY, DAY.plusDays(1)).get(0))
                .isEqualTo(new InsightStore.Total("A", 21));
        assertThat(store.totals(InsightKey.APPLICATION_STARTED, null, null, DAY, DAY)).isEmpty();
    }

    @Test
    void migration15PurgesSearchTextsHoldingAnIdentifierAndNothingElse() throws Exception {
        Map<InsightKey, Long> counts = new LinkedHashMap<>();
        for (String kind : new String[] {InsightKey.SEARCH, InsightKey.SEARCH_EMPTY}) {
            // as QueryText kept them before it removed identifiers
            for (String text : new String[] {"29901015559999", "passport a12345678", "٢٩٩٠١٠١٥٥٥٩٩٩٩", "201001234567",
                    "call 0100 123 4567", "dentist licence", "form 2026"}) {
                counts.put(new InsightKey(DAY, kind, "SA", "", text), 12L);
            }
        }
        // an entry id is no search text: left as it is, whatever digits it has
        counts.put(view("lab.SRV-1234567", "SA", ""), 12L);
        store.add(counts);

        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try {
                new PurgeIdentifierSearchTerms().migrate(new Context() {
                    @Override
                    public Configuration getConfiguration() {
                        return null;
                    }

                    @Override
                    public Connection getConnection() {
                        return connection;
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });

        for (String kind : new String[] {InsightKey.SEARCH, InsightKey.SEARCH_EMPTY}) {
            assertThat(store.totals(kind, null, null, DAY, DAY)).extracting(InsightStore.Total::subject)
                    .containsExactly("dentist licence", "form 2026");
        }
        assertThat(store.totals(InsightKey.VIEW, null, null, DAY, DAY)).extracting(InsightStore.Total::subject)
                .containsExactly("lab.SRV-1234567");
    }

    @Test
    void choosesTheUpsertOfTheDatabase() {
        assertThat(store.upsert()).startsWith(expectedUpsertStart());
    }

    /** How the upsert statement of this database begins. */
    abstract String expectedUpsertStart();

    private static InsightKey view(String entry, String country, String occupation) {
        return new InsightKey(DAY, InsightKey.VIEW, country, occupation, entry);
    }
}
