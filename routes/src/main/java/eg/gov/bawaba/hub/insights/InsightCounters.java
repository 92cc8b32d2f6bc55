package eg.gov.bawaba.hub.insights;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.springframework.stereotype.Component;

/**
 * Counts events in memory until the next flush, so that ingestion costs a map update rather than a database write;
 * events themselves are never kept, only these counts.
 */
@Component
public class InsightCounters {

    private final AtomicReference<ConcurrentHashMap<InsightKey, LongAdder>> pending =
            new AtomicReference<>(new ConcurrentHashMap<>());
    // counting holds the read lock so that a flush, which takes the write lock to swap maps, never loses an increment
    // made to the map it just took away
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();

    /** Counts one event per key (one request's batch, under one lock). */
    public void add(Iterable<InsightKey> keys) {
        swap.readLock().lock();
        try {
            ConcurrentHashMap<InsightKey, LongAdder> counts = pending.get();
            for (InsightKey key : keys) {
                counts.computeIfAbsent(key, k -> new LongAdder()).increment();
            }
        } finally {
            swap.readLock().unlock();
        }
    }

    /** The counts since the last call, which start again from zero. */
    public Map<InsightKey, LongAdder> drain() {
        swap.writeLock().lock();
        try {
            return pending.getAndSet(new ConcurrentHashMap<>());
        } finally {
            swap.writeLock().unlock();
        }
    }

    /** Adds back counts a flush could not write. */
    public void restore(Map<InsightKey, ? extends Number> counts) {
        swap.readLock().lock();
        try {
            ConcurrentHashMap<InsightKey, LongAdder> now = pending.get();
            counts.forEach((key, n) -> now.computeIfAbsent(key, k -> new LongAdder()).add(n.longValue()));
        } finally {
            swap.readLock().unlock();
        }
    }

    /** Visits the counts not yet drained (a weakly consistent view: counts being added may or may not be seen). */
    public void forEachPending(BiConsumer<InsightKey, Long> visitor) {
        pending.get().forEach((key, n) -> visitor.accept(key, n.sum()));
    }

    public int pendingCells() {
        return pending.get().size();
    }
}
