package eg.gov.bawaba.hub.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import eg.gov.bawaba.hub.catalogue.CatalogueTextAnalyzer;
import eg.gov.bawaba.hub.experts.ExpertCallPosted;
import eg.gov.bawaba.hub.experts.ExpertTaxonomy;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Recommends open calls for experts (closing after now) whose fields match one of the profile's interests (a taxonomy
 * id, its Arabic or English label, or words of it as the catalogue's Arabic-aware analyser reads them) and that admit
 * the profile's country (the call names none, or names it).
 */
@Component
public class ExpertCallRecommendations implements RecommendationSource {

    static final String KIND = "CALL_FOR_EXPERTS";

    /** An open call as this source needs it, parsed once per refresh. */
    record OpenCall(String id, String titleAr, String titleEn, List<String> fields, Set<String> countries,
                    Instant closesAt) {}

    private final JdbcTemplate jdbc;
    private final ExpertTaxonomy taxonomy;
    private final Clock clock;
    private final Analyzer analyzer = new CatalogueTextAnalyzer();
    // taxonomy id -> the analysed words of the id and both labels; the taxonomy is fixed while the hub runs
    private final Map<String, Set<String>> fieldWords = new LinkedHashMap<>();
    // normalised id or label -> taxonomy id
    private final Map<String, String> fieldNames = new HashMap<>();
    // one key: every open call. Reading them costs a query, so requests share one list that is refreshed in the
    // background once older than calls-refresh (a posted call is seen at once, ExpertCallPosted; a closed one too)
    private final LoadingCache<Boolean, List<OpenCall>> calls;

    public ExpertCallRecommendations(JdbcTemplate jdbc, ExpertTaxonomy taxonomy, Clock clock,
                                     @Value("${bawaba.insights.calls-refresh:PT30S}") Duration refresh) {
        this.jdbc = jdbc;
        this.taxonomy = taxonomy;
        this.clock = clock;
        taxonomy.fields().forEach((id, label) -> {
            Set<String> words = new HashSet<>(words(id));
            words.addAll(words(label.ar()));
            words.addAll(words(label.en()));
            fieldWords.put(id, Set.copyOf(words));
            fieldNames.put(QueryText.normalise(id), id);
            fieldNames.put(QueryText.normalise(label.ar()), id);
            fieldNames.put(QueryText.normalise(label.en()), id);
        });
        this.calls = Caffeine.newBuilder().refreshAfterWrite(refresh).build(all -> load());
    }

    @Override
    public List<Recommendation> recommend(Profile profile, int limit) {
        if (profile.interests().isEmpty()) {
            return List.of();
        }
        // per interest, the taxonomy fields it names: worked out once, then checked against each call
        Map<String, Set<String>> fieldsOf = new LinkedHashMap<>();
        for (String interest : profile.interests()) {
            Set<String> fields = fields(interest);
            if (!fields.isEmpty()) {
                fieldsOf.put(interest, fields);
            }
        }
        if (fieldsOf.isEmpty()) {
            return List.of();
        }
        boolean en = "en".equals(profile.language());
        Instant now = clock.instant();
        List<Recommendation> ranked = new ArrayList<>();
        for (OpenCall call : calls.get(Boolean.TRUE)) {
            // the list is refreshed every few seconds; a call that closed since is not open any more
            if (!call.closesAt().isAfter(now)
                    || (!call.countries().isEmpty() && !call.countries().contains(profile.country()))) {
                continue;
            }
            List<String> reasons = new ArrayList<>();
            int matched = 0;
            for (Map.Entry<String, Set<String>> interest : fieldsOf.entrySet()) {
                List<String> shared = call.fields().stream().filter(interest.getValue()::contains).toList();
                if (!shared.isEmpty()) {
                    matched++;
                    reasons.add(en ? "matches your interest '" + interest.getKey() + "' (field: " + labels(shared, true)
                            + ")" : "يطابق اهتمامك '" + interest.getKey() + "' (مجال: " + labels(shared, false) + ")");
                }
            }
            if (matched == 0) {
                continue;
            }
            boolean named = !call.countries().isEmpty();
            if (named) {
                reasons.add(en ? "looking for experts living in " + profile.country()
                        : "يبحث عن خبراء مقيمين في " + profile.country());
            }
            String closes = call.closesAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
            reasons.add(en ? "open until " + closes : "مفتوح حتى " + closes);
            // as for catalogue entries, 0.7 for the interests; the other 0.3 when the call asks for this country
            double score = 0.7 * matched / profile.interests().size() + (named ? 0.3 : 0);
            String title = en && !call.titleEn().isEmpty() ? call.titleEn() : call.titleAr();
            ranked.add(new Recommendation(KIND, call.id(), title, Math.round(score * 1000) / 1000.0,
                    List.copyOf(reasons)));
        }
        ranked.sort(Comparator.comparingDouble(Recommendation::score).reversed().thenComparing(Recommendation::id));
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }

    /** Reads the calls again at the next request (after a call was posted, or in tests). */
    public void refresh() {
        calls.invalidateAll();
    }

    @EventListener
    public void onCallPosted(ExpertCallPosted posted) {
        refresh();
    }

    /** The taxonomy fields an interest names: its id or label exactly, else every field having all of its words. */
    Set<String> fields(String interest) {
        String exact = fieldNames.get(QueryText.normalise(interest));
        if (exact != null) {
            return Set.of(exact);
        }
        Set<String> words = words(interest);
        if (words.isEmpty()) {
            return Set.of();
        }
        Set<String> fields = new LinkedHashSet<>();
        fieldWords.forEach((id, known) -> {
            if (known.containsAll(words)) {
                fields.add(id);
            }
        });
        return fields;
    }

    private String labels(List<String> fields, boolean en) {
        List<String> labels = new ArrayList<>();
        for (String field : fields) {
            labels.add(taxonomy.label(field).map(l -> en ? l.en() : l.ar()).orElse(field));
        }
        return String.join(en ? ", " : "، ", labels);
    }

    private List<OpenCall> load() {
        // read here rather than through the experts registry, which offers no listing: only open calls, only the
        // columns needed; the schema of expert_call is V6's
        return jdbc.query("SELECT id, body, closes_at FROM expert_call WHERE closes_at > ? ORDER BY closes_at, id",
                (rs, n) -> call(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant()),
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private static OpenCall call(String id, String body, Instant closesAt) {
        JsonNode json;
        try {
            json = CanonicalJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> fields = new ArrayList<>();
        json.path("fields").forEach(f -> fields.add(f.asText()));
        Set<String> countries = new HashSet<>();
        json.path("countries").forEach(c -> countries.add(c.asText().toUpperCase(Locale.ROOT)));
        return new OpenCall(id, json.path("title").path("ar").asText(""), json.path("title").path("en").asText(""),
                List.copyOf(fields), Set.copyOf(countries), closesAt);
    }

    private Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        try (TokenStream tokens = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                words.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
