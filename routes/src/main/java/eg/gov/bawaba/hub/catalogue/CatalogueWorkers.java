package eg.gov.bawaba.hub.catalogue;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The threads a catalogue sync maps and fingerprints a large feed on, one per core unless configured. */
@Component
public class CatalogueWorkers {

    // not a bean of type Executor: one would make Spring Boot drop its own task executor, which serves the API
    private final ExecutorService pool;

    public CatalogueWorkers(@Value("${bawaba.catalogue.sync-threads:0}") int configured) {
        int threads = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
        AtomicInteger created = new AtomicInteger();
        // a fixed pool with a queue: syncs of several entities at once share the cores instead of multiplying threads
        pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "catalogue-sync-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public Executor executor() {
        return pool;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
