package eg.gov.bawaba.hub.experts;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.catalogue.CatalogueTextAnalyzer;
import eg.gov.bawaba.mappings.model.Bilingual;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.springframework.stereotype.Component;

/**
 * In-memory read model of the consenting experts: a Lucene index for search (text analysed like the catalogue's, so
 * Arabic spelling variants and diacritics match) and the decrypted profiles it answers with. Withdrawn profiles are
 * never in it.
 */
@Component
public class ExpertsIndex implements AutoCloseable {

    /** A consenting expert as the index holds it, with the client (and citizen hash) that owns the profile. */
    public record Entry(String id, List<String> scope, java.time.Instant consentGivenAt, JsonNode profile,
                        String ownerClientId, String ownerCitizenHash) {

        public boolean allows(String part) {
            return scope.contains(part);
        }
    }

    private static final Sort BY_RELEVANCE = new Sort(SortField.FIELD_SCORE, new SortField("id_sort", SortField.Type.STRING));

    private final CatalogueTextAnalyzer analyzer = new CatalogueTextAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ExpertTaxonomy taxonomy;

    public ExpertsIndex(ExpertTaxonomy taxonomy) {
        this.taxonomy = taxonomy;
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
            writer.commit();
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds or replaces a profile and makes it visible to searches before returning. */
    public synchronized void put(Entry entry) {
        try {
            writer.updateDocument(new Term("id", entry.id()), document(entry));
            entries.put(entry.id(), entry);
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a profile; it is gone from searches and lookups before this returns. */
    public synchronized void remove(String id) {
        try {
            entries.remove(id);
            writer.deleteDocuments(new Term("id", id));
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties the index, before a rebuild. */
    public synchronized void clear() {
        try {
            entries.clear();
            writer.deleteAll();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Entry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    public Collection<Entry> all() {
        return entries.values();
    }

    /**
     * Consenting experts with the field, residence country and contribution kind asked for (any when null) whose
     * text matches {@code q} (any when blank), the most relevant first.
     */
    public List<Entry> search(String field, String q, String country, String contribution, int limit) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(new MatchAllDocsQuery(), Occur.FILTER);
        if (field != null) {
            query.add(new TermQuery(new Term("field", field)), Occur.FILTER);
        }
        if (country != null) {
            query.add(new TermQuery(new Term("country", country)), Occur.FILTER);
        }
        if (contribution != null) {
            query.add(new TermQuery(new Term("contribution", contribution)), Occur.FILTER);
        }
        if (q != null && !q.isBlank()) {
            // every word of the query must be found, as in the catalogue's search
            Query text = new QueryBuilder(analyzer).createBooleanQuery("text", q, Occur.MUST);
            // only stop words, e.g. "في": nothing to look for
            query.add(text == null ? new MatchNoDocsQuery() : text, Occur.MUST);
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                List<Entry> found = new ArrayList<>();
                for (ScoreDoc hit : searcher.search(query.build(), limit, BY_RELEVANCE, true).scoreDocs) {
                    String id = searcher.storedFields().document(hit.doc).get("id");
                    Entry entry = entries.get(id);
                    if (entry != null) {
                        found.add(entry);
                    }
                }
                return found;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Document document(Entry entry) {
        JsonNode p = entry.profile();
        Document doc = new Document();
        doc.add(new StringField("id", entry.id(), Field.Store.YES));
        doc.add(new SortedDocValuesField("id_sort", new BytesRef(entry.id())));
        doc.add(new StringField("country", p.path("countryOfResidence").asText(), Field.Store.NO));
        for (JsonNode kind : p.path("contributions")) {
            doc.add(new StringField("contribution", kind.asText(), Field.Store.NO));
        }
        StringBuilder text = new StringBuilder();
        append(text, p.at("/name/ar").asText(null));
        append(text, p.at("/name/en").asText(null));
        for (JsonNode field : p.path("fields")) {
            doc.add(new StringField("field", field.asText(), Field.Store.NO));
            Optional<Bilingual> label = taxonomy.label(field.asText());
            label.ifPresent(l -> {
                append(text, l.ar());
                append(text, l.en());
            });
        }
        for (JsonNode keyword : p.path("keywords")) {
            append(text, keyword.asText());
        }
        for (JsonNode degree : p.path("degrees")) {
            append(text, degree.path("title").asText(null));
            append(text, degree.path("institution").asText(null));
        }
        append(text, p.path("institution").asText(null));
        append(text, p.path("city").asText(null));
        doc.add(new TextField("text", text.toString(), Field.Store.NO));
        return doc;
    }

    private static void append(StringBuilder text, String part) {
        if (part != null && !part.isBlank()) {
            text.append(part).append('\n');
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }
}
