package eg.gov.bawaba.hub.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import eg.gov.bawaba.hub.catalogue.CatalogueQuery;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.Category;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Recommends active catalogue entries that admit the profile's country: those the catalogue's Lucene search finds for
 * each interest (Arabic-aware, as the catalogue search is), and those popular among residents of the same country
 * (and occupation) over the last {@code bawaba.insights.popularity-days} days.
 */
@Component
public class CatalogueRecommendations implements RecommendationSource {

    static final String KIND = "CATALOGUE_ENTRY";
    private static final int PER_INTEREST = 20;

    private final CatalogueIndex index;
    private final Insights insights;
    private final Clock clock;
    private final int days;
    // popularity changes slowly, and reading it costs two GROUP BY queries: recomputed once a minute per group
    private final Cache<String, Map<String, Long>> popularity;

    public CatalogueRecommendations(CatalogueIndex index, Insights insights, Clock clock,
                                    @Value("${bawaba.insights.popularity-days:30}") int days,
                                    @Value("${bawaba.insights.popularity-cache:PT1M}") Duration cacheFor) {
        this.index = index;
        this.insights = insights;
        this.clock = clock;
        this.days = days;
        this.popularity = Caffeine.newBuilder().maximumSize(2_000).expireAfterWrite(cacheFor).build();
    }

    @Override
    public List<Recommendation> recommend(Profile profile, int limit) {
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (String interest : profile.interests()) {
            Optional<Category> category = category(interest);
            CatalogueQuery query = category
                    .map(c -> new CatalogueQuery(null, c.name(), null, profile.country(), null, "ACTIVE", 0, PER_INTEREST))
                    .orElseGet(() -> new CatalogueQuery(null, null, null, profile.country(), interest, "ACTIVE", 0,
                            PER_INTEREST));
            List<String> documents = index.search(query).documents();
            for (int rank = 0; rank < documents.size(); rank++) {
                Candidate c = candidates.computeIfAbsent(id(documents.get(rank)), id -> new Candidate());
                c.document = documents.get(rank);
                // the first hits of an interest weigh most; several interests matched add up
                c.interest += 1.0 / (1 + rank * 0.25);
                c.reasons.add(profile.language().equals("en")
                        ? "matches your interest '" + interest + "'"
                        : "يطابق اهتمامك '" + interest + "'");
            }
        }
        addPopular(candidates, profile, null);
        if (profile.occupation() != null) {
            addPopular(candidates, profile, profile.occupation());
        }
        double maxInterest = candidates.values().stream().mapToDouble(c -> c.interest).max().orElse(0);
        List<Recommendation> ranked = new ArrayList<>();
        for (Map.Entry<String, Candidate> e : candidates.entrySet()) {
            Candidate c = e.getValue();
            JsonNode entry = read(c.document);
            if (!eligible(entry, profile.country())) {
                continue;
            }
            double interest = maxInterest == 0 ? 0 : c.interest / maxInterest;
            // interests the person named outweigh what others did: 0.7 against 0.3
            double score = 0.7 * interest + 0.3 * Math.max(c.popular, c.popularInOccupation);
            String title = entry.path("title").path(profile.language()).asText(entry.path("title").path("ar").asText());
            ranked.add(new Recommendation(KIND, e.getKey(), title, Math.round(score * 1000) / 1000.0,
                    List.copyOf(c.reasons)));
        }
        ranked.sort(Comparator.comparingDouble(Recommendation::score).reversed().thenComparing(Recommendation::id));
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }

    private void addPopular(Map<String, Candidate> candidates, Profile profile, String occupation) {
        Map<String, Long> popular = popular(profile.country(), occupation);
        long max = popular.values().stream().mapToLong(Long::longValue).max().orElse(0);
        popular.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(PER_INTEREST)
                .forEach(p -> {
                    Optional<String> document = candidates.containsKey(p.getKey())
                            ? Optional.of(candidates.get(p.getKey()).document) : index.document(p.getKey());
                    if (document.isEmpty()) {
                        return;
                    }
                    Candidate c = candidates.computeIfAbsent(p.getKey(), id -> new Candidate());
                    c.document = document.get();
                    double share = (double) p.getValue() / max;
                    boolean en = profile.language().equals("en");
                    if (occupation == null) {
                        c.popular = share;
                        c.reasons.add(en ? "popular among residents of " + profile.country()
                                : "شائع بين المقيمين في " + profile.country());
                    } else {
                        c.popularInOccupation = share;
                        c.reasons.add(en ? "popular among " + occupation + " residents of " + profile.country()
                                : "شائع بين المقيمين في " + profile.country() + " من فئة " + occupation);
                    }
                });
    }

    private Map<String, Long> popular(String country, String occupation) {
        return popularity.get(country + "|" + occupation, key -> {
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            return insights.popularity(country, occupation, today.minusDays(days - 1L), today);
        });
    }

    /** Drops cached popularity (after the counts were reset). */
    public void forgetPopularity() {
        popularity.invalidateAll();
    }

    private static boolean eligible(JsonNode entry, String country) {
        if (!"ACTIVE".equals(entry.path("provenance").path("status").asText())) {
            return false;
        }
        JsonNode countries = entry.path("eligibility").path("countries");
        if (!countries.isArray() || countries.isEmpty()) {
            return true;
        }
        for (JsonNode c : countries) {
            if (c.asText().equalsIgnoreCase(country)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Category> category(String interest) {
        try {
            return Optional.of(Category.valueOf(interest.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String id(String document) {
        return read(document).path("id").asText();
    }

    private static JsonNode read(String document) {
        try {
            return CanonicalJson.mapper().readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Candidate {
        String document;
        double interest;
        double popular;
        double popularInOccupation;
        final List<String> reasons = new ArrayList<>();
    }
}
