package eg.gov.bawaba.hub.insights;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import eg.gov.bawaba.mappings.CanonicalJson;
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
    private final CatalogueIndex index;
    private final Clock clock;
    private final int k;

    public Insights(InsightCounters counters, InsightStore store, CatalogueIndex index, Clock clock,
                    @Value("${bawaba.insights.k-anonymity:10}") int k) {
        if (k < 1) {
            throw new IllegalArgumentException("bawaba.insights.k-anonymity must be at least 1, not " + k);
        }
        this.counters = counters;
        this.store = store;
        this.index = index;
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

    /** Writes the counts gathered since the last flush; a failed write puts them back for the next one. */
    public synchronized void flush() {
        var drained = counters.drain();
        try {
            store.add(drained);
        } catch (RuntimeException e) {
            counters.restore(drained);
            throw e;
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
        flush();
        Map<String, Long> views = asMap(store.totals(InsightKey.VIEW, country, null, from, to));
        Map<String, Long> started = asMap(store.totals(InsightKey.APPLICATION_STARTED, country, null, from, to));
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
        flush();
        List<DemandGap> gaps = new ArrayList<>();
        for (InsightStore.Total t : store.totals(InsightKey.SEARCH_EMPTY, country, null, from, to)) {
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

    private Optional<String> category(String entryId) {
        return index.document(entryId).map(json -> {
            try {
                return CanonicalJson.mapper().readTree(json).path("category").asText(null);
            } catch (Exception e) {
                return null;
            }
        });
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
