package eg.gov.bawaba.hub.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InsightCountersTest {

    private static final InsightKey KEY =
            new InsightKey(LocalDate.of(2026, 11, 28), InsightKey.VIEW, "SA", "", "emigration.X");

    @Test
    void countsMadeWhileDrainingAreNeitherLostNorCountedTwice() throws Exception {
        InsightCounters counters = new InsightCounters();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> adders = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                adders.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        counters.add(List.of(KEY));
                    }
                }));
            }
            long drained = 0;
            while (!adders.stream().allMatch(Future::isDone)) {
                drained += total(counters);
            }
            for (Future<?> f : adders) {
                f.get();
            }
            drained += total(counters);
            assertThat(drained).isEqualTo(40_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void restoredCountsAreDrainedAgain() {
        InsightCounters counters = new InsightCounters();
        counters.add(List.of(KEY, KEY));
        counters.restore(counters.drain());
        assertThat(total(counters)).isEqualTo(2);
    }

    private static long total(InsightCounters counters) {
        return counters.drain().values().stream().mapToLong(java.util.concurrent.atomic.LongAdder::sum).sum();
    }
}
