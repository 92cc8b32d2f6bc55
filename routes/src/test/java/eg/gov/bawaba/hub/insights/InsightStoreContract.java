package eg.gov.bawaba.hub.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
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
    void choosesTheUpsertOfTheDatabase() {
        assertThat(store.upsert()).startsWith(expectedUpsertStart());
    }

    /** How the upsert statement of this database begins. */
    abstract String expectedUpsertStart();

    private static InsightKey view(String entry, String country, String occupation) {
        return new InsightKey(DAY, InsightKey.VIEW, country, occupation, entry);
    }
}
