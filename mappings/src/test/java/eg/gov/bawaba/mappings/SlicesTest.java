package eg.gov.bawaba.mappings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A batch's indexes visited once each, slice by slice on the workers, with a failure passed on as thrown. */
class SlicesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void visitsEveryIndexOnceInSlicesRunOnTheWorkers() {
        AtomicIntegerArray visits = new AtomicIntegerArray(1_003);
        AtomicInteger tasks = new AtomicInteger();

        Slices.forEach(visits.length(), 100, task -> {
            tasks.incrementAndGet();
            pool.execute(task);
        }, i -> visits.incrementAndGet(i));

        assertThat(tasks).hasValue(11);
        for (int i = 0; i < visits.length(); i++) {
            assertThat(visits.get(i)).as("index %d", i).isEqualTo(1);
        }
    }

    @Test
    void passesOnTheFailureOfASliceAsItWasThrown() {
        IllegalStateException broken = new IllegalStateException("record 250 cannot be read");

        assertThatThrownBy(() -> Slices.forEach(1_000, 100, pool, i -> {
            if (i == 250) {
                throw broken;
            }
        })).isSameAs(broken);
    }

    @Test
    void doesNothingForAnEmptyBatch() {
        AtomicInteger tasks = new AtomicInteger();

        Slices.forEach(0, 100, task -> tasks.incrementAndGet(), i -> { });

        assertThat(tasks).hasValue(0);
    }
}
