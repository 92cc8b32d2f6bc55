package eg.gov.bawaba.hub.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flush in chunks: what a failed chunk leaves is counted again later, and reports count every event once. */
class InsightsFlushTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");

    /** Keeps cells in a map; fails the chunks it is told to. */
    static final class MemoryStore extends InsightStore {

        final Map<InsightKey, Long> cells = new HashMap<>();
        final List<Integer> chunkSizes = new ArrayList<>();
        int failChunk = -1;

        MemoryStore() {
            super(null, null, 2);
        }

        @Override
        public void addChunk(List<Map.Entry<InsightKey, Long>> chunk) {
            if (chunkSizes.size() == failChunk) {
                failChunk = -1;
                throw new IllegalStateException("database unavailable");
            }
            chunkSizes.add(chunk.size());
            chunk.forEach(cell -> cells.merge(cell.getKey(), cell.getValue(), Long::sum));
        }

        @Override
        public List<Total> totals(String kind, String country, String occupation, LocalDate from, LocalDate to) {
            Map<String, Long> sums = new HashMap<>();
            cells.forEach((key, n) -> {
                if (key.kind().equals(kind) && (country == null || key.country().equals(country))) {
                    sums.merge(key.subject(), n, Long::sum);
                }
            });
            List<Total> totals = new ArrayList<>();
            sums.forEach((subject, n) -> totals.add(new Total(subject, n)));
            return totals;
        }
    }

    @Test
    void aFailedChunkIsWrittenByTheNextFlushAndReportsCountEachEventOnce() throws IOException {
        InsightCounters counters = new InsightCounters();
        MemoryStore store = new MemoryStore();
        try (CatalogueIndex index = new CatalogueIndex()) {
            Insights insights = new Insights(counters, store, new CatalogueFacts(index),
                    Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC), 1);
            List<InsightKey> events = new ArrayList<>();
            for (int entry = 0; entry < 5; entry++) {
                for (int n = 0; n <= entry; n++) {
                    events.add(new InsightKey(DAY, InsightKey.VIEW, "SA", "", "e" + entry));
                }
            }
            counters.add(events);

            store.failChunk = 1;
            assertThatThrownBy(insights::flush).hasMessageContaining("database unavailable");
            // the first chunk of two cells is written; the three others went back to the counters
            assertThat(store.chunkSizes).containsExactly(2);
            assertThat(insights.cellsNotWritten()).isEqualTo(3);
            assertThat(total(insights)).isEqualTo(15);

            counters.add(List.of(new InsightKey(DAY, InsightKey.VIEW, "SA", "", "e0")));
            insights.flush();
            assertThat(insights.cellsNotWritten()).isZero();
            assertThat(store.chunkSizes).containsExactly(2, 2, 1);
            assertThat(store.cells.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(16);
            assertThat(total(insights)).isEqualTo(16);
        }
    }

    private static long total(Insights insights) {
        return insights.totals(InsightKey.VIEW, "SA", null, DAY, DAY).stream()
                .mapToLong(InsightStore.Total::events).sum();
    }
}
