package eg.gov.bawaba.hub.insights;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import eg.gov.bawaba.hub.catalogue.CatalogueQuery;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What the insights need to know of each catalogue entry (kind, category, status, countries, titles), parsed once per
 * catalogue change instead of once per request.
 */
@Component
public class CatalogueFacts {

    /** One entry's facts; {@code countries} empty means every country. */
    public record Entry(String id, String kind, String category, boolean active, Set<String> countries, String titleAr,
                        String titleEn) {

        boolean admits(String country) {
            return countries.isEmpty() || countries.contains(country);
        }

        String title(String language) {
            return "en".equals(language) && titleEn != null && !titleEn.isEmpty() ? titleEn : titleAr;
        }
    }

    private record Snapshot(long generation, Map<String, Entry> entries) {}

    private final CatalogueIndex index;
    private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of());

    public CatalogueFacts(CatalogueIndex index) {
        this.index = index;
    }

    /** The facts of an entry of the catalogue as it is now (any status). */
    public Optional<Entry> find(String id) {
        return Optional.ofNullable(entries().get(id));
    }

    /** Every entry by id, rebuilt when the catalogue index has changed since the last call. */
    public Map<String, Entry> entries() {
        Snapshot current = snapshot;
        if (current.generation() != index.generation()) {
            current = rebuild();
        }
        return current.entries();
    }

    private synchronized Snapshot rebuild() {
        // read the generation first: documents newer than it only make the next call rebuild again
        long generation = index.generation();
        if (snapshot.generation() == generation) {
            return snapshot;
        }
        int total = (int) index.search(new CatalogueQuery(null, null, null, null, null, null, 0, 1)).total();
        List<String> documents = total == 0 ? List.of()
                : index.search(new CatalogueQuery(null, null, null, null, null, null, 0, total)).documents();
        Map<String, Entry> entries = new HashMap<>(documents.size() * 2);
        for (String document : documents) {
            Entry entry = entry(document);
            entries.put(entry.id(), entry);
        }
        snapshot = new Snapshot(generation, Map.copyOf(entries));
        return snapshot;
    }

    private static Entry entry(String document) {
        JsonNode json;
        try {
            json = CanonicalJson.mapper().readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> countries = new HashSet<>();
        for (JsonNode c : json.path("eligibility").path("countries")) {
            countries.add(c.asText().toUpperCase(Locale.ROOT));
        }
        return new Entry(json.path("id").asText(), json.path("kind").asText(null), json.path("category").asText(null),
                "ACTIVE".equals(json.path("provenance").path("status").asText()), Set.copyOf(countries),
                json.path("title").path("ar").asText(""), json.path("title").path("en").asText(""));
    }
}
