package eg.gov.bawaba.hub.insights;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns anonymous events into counts and counts into reports, never reporting a group of fewer than k events
 * ({@code bawaba.insights.k-anonymity}).
 */
@Component
public class Insights {

    private final InsightCounters counters;
    private final InsightStore store;
    private final CatalogueFacts facts;
    // one flush at a time (the timer's, a shutdown's, a test's)
    private final Object flushing = new Object();
    // reports read the database and the counts not yet in it under the read lock; a flush moves counts from memory
    // to the database under the write lock, so a report sees each count exactly once. Fair: a waiting report gets in
    // between two chunks instead of waiting for the whole flush
    private final ReentrantReadWriteLock visibility = new ReentrantReadWriteLock(true);
    private Map<InsightKey, Long> unwritten = new HashMap<>();
    private final Clock clock;
    private final int k;

    public Insights(InsightCounters counters, InsightStore store, CatalogueFacts facts, Clock clock,
                    @Value("${bawaba.insights.k-anonymity:10}") int k) {
        if (k < 1) {
            throw new IllegalArgumentException("bawaba.insights.k-anonymity must be at least 1, not " + k);
        }
        this.counters = counters;
        this.store = store;
        this.facts = facts;
        this.clock = clock;
        this.k = k;
    }

    public int k() {
        return k;
    }

    /** Counts events already checked against the event schema. */
    public void record(List<JsonNode> events) {
        List<InsightKey> keys = new ArrayList<>(events.size() + 8);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        for (JsonNode event : events) {
            String type = event.get("type").asText();
            String country = event.get("countryOfResidence").asText().toUpperCase(Locale.ROOT);
            JsonNode occupationNode = event.get("occupationCategory");
            String occupation = occupationNode == null ? "" : occupationNode.asText();
            JsonNode at = event.get("occurredAt");
            LocalDate day = at == null ? today
                    : OffsetDateTime.parse(at.asText()).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
            if (InsightKey.SEARCH.equals(type)) {
                String query = QueryText.normalise(event.get("query").asText());
                if (query.isEmpty()) {
                    continue;
                }
                keys.add(new InsightKey(day, InsightKey.SEARCH, country, occupation, query));
                if (event.get("resultCount").asLong() == 0) {
                    keys.add(new InsightKey(day, InsightKey.SEARCH_EMPTY, country, occupation, query));
                }
            } else {
                keys.add(new InsightKey(day, type, country, occupation, event.get("entryId").asText()));
            }
        }
        counters.add(keys);
    }

    /**
     * Writes the counts gathered since the last flush, in transactions of a few thousand cells; a failed write puts
     * what was not written back for the next one. Reports see the counts still on their way as well (see
     * {@link #totals}), so they never wait for a flush: at most for the one chunk being committed.
     */
    public void flush() {
        synchronized (flushing) {
            List<Map.Entry<InsightKey, Long>> cells;
            visibility.writeLock().lock();
            try {
                Map<InsightKey, LongAdder> drained = counters.drain();
                if (drained.isEmpty()) {
                    return;
                }
                Map<InsightKey, Long> drainedSums = new HashMap<>(drained.size() * 2);
                drained.forEach((key, n) -> drainedSums.put(key, n.sum()));
                unwritten = drainedSums;
                cells = new ArrayList<>(drainedSums.size());
                drainedSums.forEach((key, n) -> cells.add(Map.entry(key, n)));
            } finally {
                visibility.writeLock().unlock();
            }
            int chunk = store.chunkSize();
            try {
                for (int from = 0; from < cells.size(); from += chunk) {
                    List<Map.Entry<InsightKey, Long>> part = cells.subList(from, Math.min(cells.size(), from + chunk));
                    // committed and no longer pending in one step, so that a report counts each cell once
                    visibility.writeLock().lock();
                    try {
                        store.addChunk(part);
                        part.forEach(cell -> unwritten.remove(cell.getKey()));
                    } finally {
                        visibility.writeLock().unlock();
                    }
                }
            } catch (RuntimeException e) {
                visibility.writeLock().lock();
                try {
                    counters.restore(unwritten);
                    unwritten = new HashMap<>();
                } finally {
                    visibility.writeLock().unlock();
                }
                throw e;
            }
        }
    }

    /** Cells counted in memory and not yet committed: those pending and the rest of a running flush. */
    public int cellsNotWritten() {
        return counters.pendingCells() + unwrittenCells();
    }

    /** Cells drained by the running flush and not yet committed. */
    int unwrittenCells() {
        visibility.readLock().lock();
        try {
            return unwritten.size();
        } finally {
            visibility.readLock().unlock();
        }
    }

    @PreDestroy
    void flushAtShutdown() {
        flush();
    }

    /** An entry with the counts that reach k (null when below), and its category. */
    public record EntryInterest(String entryId, String category, Long views, Long applicationsStarted) {}

    /** A category with the counts that reach k (null when below). */
    public record CategoryInterest(String category, Long views, Long applicationsStarted) {}

    public record TopInterests(List<EntryInterest> entries, List<CategoryInterest> categories) {}

    /** A normalised search text that found nothing, with how many searches. */
    public record DemandGap(String query, long searches) {}

    public TopInterests topInterests(String country, LocalDate from, LocalDate to, int limit) {
        Map<String, Long> views = asMap(totals(InsightKey.VIEW, country, null, from, to));
        Map<String, Long> started = asMap(totals(InsightKey.APPLICATION_STARTED, country, null, from, to));
        Map<String, long[]> byEntry = new LinkedHashMap<>();
        views.forEach((id, n) -> byEntry.computeIfAbsent(id, x -> new long[2])[0] = n);
        started.forEach((id, n) -> byEntry.computeIfAbsent(id, x -> new long[2])[1] = n);
        Map<String, long[]> byCategory = new HashMap<>();
        List<EntryInterest> entries = new ArrayList<>();
        byEntry.forEach((id, n) -> {
            String category = category(id).orElse(null);
            if (category != null) {
                long[] sum = byCategory.computeIfAbsent(category, x -> new long[2]);
                sum[0] += n[0];
                sum[1] += n[1];
            }
            if (n[0] >= k || n[1] >= k) {
                entries.add(new EntryInterest(id, category, reportable(n[0]), reportable(n[1])));
            }
        });
        entries.sort(Comparator.comparingLong((EntryInterest e) -> orZero(e.views()) + orZero(e.applicationsStarted()))
                .reversed().thenComparing(EntryInterest::entryId));
        List<CategoryInterest> categories = new ArrayList<>();
        byCategory.forEach((category, n) -> {
            if (n[0] >= k || n[1] >= k) {
                categories.add(new CategoryInterest(category, reportable(n[0]), reportable(n[1])));
            }
        });
        categories.sort(Comparator.comparingLong(
                        (CategoryInterest c) -> orZero(c.views()) + orZero(c.applicationsStarted()))
                .reversed().thenComparing(CategoryInterest::category));
        return new TopInterests(entries.subList(0, Math.min(limit, entries.size())),
                categories.subList(0, Math.min(limit, categories.size())));
    }

    public List<DemandGap> demandGaps(String country, LocalDate from, LocalDate to, int limit) {
        List<DemandGap> gaps = new ArrayList<>();
        for (InsightStore.Total t : totals(InsightKey.SEARCH_EMPTY, country, null, from, to)) {
            if (t.events() >= k && gaps.size() < limit) {
                gaps.add(new DemandGap(t.subject(), t.events()));
            }
        }
        return gaps;
    }

    /**
     * Popularity of entries among residents of a country (and of an occupation, when given) over the period: views
     * plus three times applications started, only for entries whose own count reaches k.
     */
    public Map<String, Long> popularity(String country, String occupation, LocalDate from, LocalDate to) {
        Map<String, Long> score = new HashMap<>();
        for (InsightStore.Total t : store.totals(InsightKey.VIEW, country, occupation, from, to)) {
            if (t.events() >= k) {
                score.merge(t.subject(), t.events(), Long::sum);
            }
        }
        for (InsightStore.Total t : store.totals(InsightKey.APPLICATION_STARTED, country, occupation, from, to)) {
            if (t.events() >= k) {
                score.merge(t.subject(), 3 * t.events(), Long::sum);
            }
        }
        return score;
    }

    /**
     * Totals per subject, largest first, of every accepted event: those in the database plus those still counted in
     * memory (pending, or drained by a flush that has not committed them yet).
     */
    List<InsightStore.Total> totals(String kind, String country, String occupation, LocalDate from, LocalDate to) {
        Map<String, Long> sums = new HashMap<>();
        BiConsumer<InsightKey, Long> inMemory = (key, n) -> {
            if (key.kind().equals(kind) && !key.day().isBefore(from) && !key.day().isAfter(to)
                    && (country == null || key.country().equals(country))
                    && (occupation == null || key.occupation().equals(occupation))) {
                sums.merge(key.subject(), n, Long::sum);
            }
        };
        visibility.readLock().lock();
        try {
            for (InsightStore.Total t : store.totals(kind, country, occupation, from, to)) {
                sums.put(t.subject(), t.events());
            }
            unwritten.forEach(inMemory);
            counters.forEachPending(inMemory);
        } finally {
            visibility.readLock().unlock();
        }
        List<InsightStore.Total> totals = new ArrayList<>(sums.size());
        sums.forEach((subject, n) -> totals.add(new InsightStore.Total(subject, n)));
        totals.sort(Comparator.comparingLong(InsightStore.Total::events).reversed()
                .thenComparing(InsightStore.Total::subject));
        return totals;
    }

    private Optional<String> category(String entryId) {
        return facts.find(entryId).map(CatalogueFacts.Entry::category);
    }

    private Long reportable(long n) {
        return n >= k ? n : null;
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }

    private static Map<String, Long> asMap(List<InsightStore.Total> totals) {
        Map<String, Long> map = new LinkedHashMap<>();
        totals.forEach(t -> map.put(t.subject(), t.events()));
        return map;
    }
}
