package eg.gov.bawaba.hub.insights;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import eg.gov.bawaba.hub.catalogue.CatalogueQuery;
import eg.gov.bawaba.mappings.model.Category;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Recommends active catalogue entries (services, privileges, training, content) that admit the profile's country:
 * those the catalogue's Lucene search finds for each interest (Arabic-aware, as the catalogue search is), and those
 * popular among residents of the same country (and occupation) over the last {@code bawaba.insights.popularity-days}
 * days.
 */
@Component
public class CatalogueRecommendations implements RecommendationSource {

    static final String KIND = "CATALOGUE_ENTRY";
    private static final int PER_INTEREST = 20;
    // popular entries kept per group, so that entries the profile is not eligible for can be skipped
    private static final int POPULAR_KEPT = 200;

    private final CatalogueIndex index;
    private final CatalogueFacts facts;
    private final Insights insights;
    private final Clock clock;
    private final int days;
    // popularity changes slowly, and reading it costs two GROUP BY queries: per group, read once and then refreshed
    // in the background after cacheFor, so a request waits for the database only the first time its group is asked
    private final LoadingCache<String, List<Map.Entry<String, Long>>> popularity;

    public CatalogueRecommendations(CatalogueIndex index, CatalogueFacts facts, Insights insights, Clock clock,
                                    @Value("${bawaba.insights.popularity-days:30}") int days,
                                    @Value("${bawaba.insights.popularity-cache:PT1M}") Duration cacheFor) {
        this.index = index;
        this.facts = facts;
        this.insights = insights;
        this.clock = clock;
        this.days = days;
        this.popularity = Caffeine.newBuilder().maximumSize(2_000).refreshAfterWrite(cacheFor)
                .expireAfterAccess(cacheFor.multipliedBy(10)).build(this::loadPopular);
    }

    @Override
    public List<Recommendation> recommend(Profile profile, int limit) {
        boolean en = profile.language().equals("en");
        Map<String, CatalogueFacts.Entry> entries = facts.entries();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (String interest : profile.interests()) {
            Optional<Category> category = category(interest);
            CatalogueQuery query = category
                    .map(c -> new CatalogueQuery(null, c.name(), null, profile.country(), null, "ACTIVE", 0, PER_INTEREST))
                    .orElseGet(() -> new CatalogueQuery(null, null, null, profile.country(), interest, "ACTIVE", 0,
                            PER_INTEREST));
            // ids only (from the index's sort values): the facts of each entry are already parsed
            List<String> ids = index.searchIds(query);
            for (int rank = 0; rank < ids.size(); rank++) {
                Candidate c = candidates.computeIfAbsent(ids.get(rank), id -> new Candidate());
                // the first hits of an interest weigh most; several interests matched add up
                c.interest += 1.0 / (1 + rank * 0.25);
                c.reasons.add(en ? "matches your interest '" + interest + "'" : "يطابق اهتمامك '" + interest + "'");
            }
        }
        addPopular(candidates, entries, profile, null);
        if (profile.occupation() != null) {
            addPopular(candidates, entries, profile, profile.occupation());
        }
        double maxInterest = candidates.values().stream().mapToDouble(c -> c.interest).max().orElse(0);
        List<Recommendation> ranked = new ArrayList<>();
        for (Map.Entry<String, Candidate> e : candidates.entrySet()) {
            CatalogueFacts.Entry entry = entries.get(e.getKey());
            // the index may already hold an entry the facts do not yet: it is recommended once they do
            if (entry == null || !entry.active() || !entry.admits(profile.country())) {
                continue;
            }
            Candidate c = e.getValue();
            double interest = maxInterest == 0 ? 0 : c.interest / maxInterest;
            // interests the person named outweigh what others did: 0.7 against 0.3
            double score = 0.7 * interest + 0.3 * Math.max(c.popular, c.popularInOccupation);
            ranked.add(new Recommendation(KIND, e.getKey(), entry.title(profile.language()),
                    Math.round(score * 1000) / 1000.0, List.copyOf(c.reasons)));
        }
        ranked.sort(Comparator.comparingDouble(Recommendation::score).reversed().thenComparing(Recommendation::id));
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }

    private void addPopular(Map<String, Candidate> candidates, Map<String, CatalogueFacts.Entry> entries,
                            Profile profile, String occupation) {
        List<Map.Entry<String, Long>> popular = popularity.get(profile.country() + "|" + occupation);
        if (popular.isEmpty()) {
            return;
        }
        // the share of the group's most popular entry, eligible or not, as before the cache kept a top list
        long max = popular.get(0).getValue();
        boolean en = profile.language().equals("en");
        int taken = 0;
        for (Map.Entry<String, Long> p : popular) {
            if (taken == PER_INTEREST) {
                break;
            }
            CatalogueFacts.Entry entry = entries.get(p.getKey());
            if (entry == null || !entry.active() || !entry.admits(profile.country())) {
                continue;
            }
            taken++;
            Candidate c = candidates.computeIfAbsent(p.getKey(), id -> new Candidate());
            double share = (double) p.getValue() / max;
            if (occupation == null) {
                c.popular = share;
                c.reasons.add(en ? "popular among residents of " + profile.country()
                        : "شائع بين المقيمين في " + profile.country());
            } else {
                c.popularInOccupation = share;
                c.reasons.add(en ? "popular among " + occupation + " residents of " + profile.country()
                        : "شائع بين المقيمين في " + profile.country() + " من فئة " + occupation);
            }
        }
    }

    /** The group's most popular entries ("country|occupation", occupation "null" for any), most popular first. */
    private List<Map.Entry<String, Long>> loadPopular(String group) {
        int bar = group.indexOf('|');
        String country = group.substring(0, bar);
        String occupation = group.substring(bar + 1);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Map<String, Long> scores = insights.popularity(country, occupation.equals("null") ? null : occupation,
                today.minusDays(days - 1L), today);
        return scores.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(POPULAR_KEPT)
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    /** Drops cached popularity (after the counts were reset). */
    public void forgetPopularity() {
        popularity.invalidateAll();
    }

    private static Optional<Category> category(String interest) {
        try {
            return Optional.of(Category.valueOf(interest.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static final class Candidate {
        double interest;
        double popular;
        double popularInOccupation;
        final List<String> reasons = new ArrayList<>();
    }
}
