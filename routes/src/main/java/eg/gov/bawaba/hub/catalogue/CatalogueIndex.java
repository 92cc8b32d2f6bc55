package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.Slices;
import eg.gov.bawaba.mappings.model.Bilingual;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Lucene read model of the catalogue that serves every listing and search, kept in a folder of its own (or in memory)
 * and brought level with the database at start; updated after each committed sync. Its generation is the last
 * change-feed sequence it reflects.
 */
@Component
public class CatalogueIndex implements AutoCloseable {

    /** Commit data: the change-feed sequence the committed index reflects. */
    public static final String COMMITTED_GENERATION = "generation";
    /** Commit data: which database the committed index was built from ({@link CatalogueStore#databaseIdentity}). */
    public static final String COMMITTED_DATABASE = "database";

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueIndex.class);
    /** Entries one worker adds: a large sync's are shared out, a small one's stay on the calling thread. */
    private static final int SLICE = 2000;

    private static final String ALL_COUNTRIES = "*";
    private static final Sort BY_ID = new Sort(new SortField("id_sort", SortField.Type.STRING));
    private static final Sort BY_RELEVANCE = new Sort(SortField.FIELD_SCORE, new SortField("id_sort", SortField.Type.STRING));

    private final CatalogueTextAnalyzer analyzer = new CatalogueTextAnalyzer();
    private final Directory directory;
    private final Path folder;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicLong generation = new AtomicLong();
    private volatile String database = "";
    private final Executor workers;

    /** An index in memory, for tools and tests that build one of their own. */
    public CatalogueIndex() throws IOException {
        this("");
    }

    /** As below, adding on the calling thread only. */
    public CatalogueIndex(String folder) throws IOException {
        this(folder, Runnable::run);
    }

    @Autowired
    CatalogueIndex(@Value("${bawaba.catalogue.index-dir:}") String folder, CatalogueWorkers workers)
            throws IOException {
        this(folder, workers.executor());
    }

    /**
     * An index in {@code folder} (created if missing) that outlives the process, or in memory when the folder is
     * blank; one hub per folder, which Lucene's lock enforces. Large batches are analysed on {@code workers}.
     */
    public CatalogueIndex(String folder, Executor workers) throws IOException {
        this.workers = workers;
        this.folder = folder == null || folder.isBlank() ? null : Path.of(folder).toAbsolutePath();
        directory = this.folder == null ? new ByteBuffersDirectory()
                : FSDirectory.open(Files.createDirectories(this.folder));
        writer = openWriter();
        writer.commit();
        searchers = new SearcherManager(writer, null);
    }

    private IndexWriter openWriter() throws IOException {
        try {
            return new IndexWriter(directory, config());
        } catch (LockObtainFailedException e) {
            directory.close();
            throw new IllegalStateException("The catalogue index folder " + folder + " is in use by another hub (or"
                    + " another hub context in this process); give each hub a folder of its own"
                    + " (bawaba.catalogue.index-dir, BAWABA_CATALOGUE_INDEX_DIR)", e);
        } catch (IOException | IllegalArgumentException e) {
            // the index is a copy of the database: one that cannot be opened (damaged, another sort, another
            // version) is started again and refilled at start
            LOG.warn("The catalogue index in {} cannot be opened ({}); starting it again from the database", folder,
                    e.toString());
            // Lucene reads the old commit even to replace it, so the damaged files go first
            for (String file : directory.listAll()) {
                directory.deleteFile(file);
            }
            return new IndexWriter(directory, config().setOpenMode(IndexWriterConfig.OpenMode.CREATE));
        }
    }

    private IndexWriterConfig config() {
        // segments keep their documents in id order, so a listing by id can stop collecting once a page is full
        // instead of sorting every match; the searches still sort explicitly, since ids are ordered within a segment
        return new IndexWriterConfig(analyzer).setIndexSort(BY_ID);
    }

    /** Whether the index is kept in a folder, so that a restart finds it and only catches up. */
    public boolean persistent() {
        return folder != null;
    }

    /**
     * What the index's last commit recorded ({@link #COMMITTED_GENERATION}, {@link #COMMITTED_DATABASE}); empty for
     * an index in memory or one never committed with data.
     */
    public Map<String, String> committed() {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    /** Names the database later commits are made from, so a restart on another database starts the index again. */
    public void belongsTo(String databaseIdentity) {
        database = databaseIdentity == null ? "" : databaseIdentity;
    }

    /** The change-feed sequence the index reflects; it changes whenever the catalogue does. */
    public long generation() {
        return generation.get();
    }

    /** Adds or replaces entries, then makes them visible to searches (and, in a folder, durable). */
    public synchronized void apply(Collection<CatalogueEntry> entries, long upToSeq) {
        try {
            add(entries);
            searchers.maybeRefreshBlocking();
            generation.accumulateAndGet(upToSeq, Math::max);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds or replaces entries without making them visible yet; for loading many batches at start, which
     * {@link #apply} then publishes at once.
     */
    public synchronized void add(Collection<CatalogueEntry> entries) {
        if (entries.size() <= SLICE) {
            addAll(entries);
            return;
        }
        // Lucene's writer analyses on every thread that adds; the last of an id wins, so each id goes to one slice
        Map<String, CatalogueEntry> byId = new LinkedHashMap<>();
        entries.forEach(entry -> byId.put(entry.id(), entry));
        List<CatalogueEntry> unique = new ArrayList<>(byId.values());
        Slices.forEach(unique.size(), SLICE, workers, i -> addOne(unique.get(i)));
    }

    private void addAll(Collection<CatalogueEntry> entries) {
        entries.forEach(this::addOne);
    }

    private void addOne(CatalogueEntry entry) {
        try {
            writer.updateDocument(new Term("id", entry.id()), document(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes entries by id; for entries the database no longer has, which happens only when rows were deleted. */
    public synchronized void delete(Collection<String> ids) {
        try {
            for (String id : ids) {
                writer.deleteDocuments(new Term("id", id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void clear() {
        try {
            writer.deleteAll();
            searchers.maybeRefreshBlocking();
            generation.set(0);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void commit() throws IOException {
        if (folder != null) {
            writer.setLiveCommitData(Map.of(COMMITTED_GENERATION, Long.toString(generation.get()),
                    COMMITTED_DATABASE, database).entrySet());
            writer.commit();
        }
    }

    /**
     * The state ({@link #state}) of every entry in the index, by id, read from doc values without loading a stored
     * document; at start it is compared with the database's to find what changed while the hub was down.
     */
    public Map<String, String> states() {
        return withSearcher(searcher -> {
            Map<String, String> states = new HashMap<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                SortedDocValues ids = DocValues.getSorted(leaf.reader(), "id_sort");
                BinaryDocValues stateValues = DocValues.getBinary(leaf.reader(), "state");
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    String state = stateValues.advanceExact(doc) ? stateValues.binaryValue().utf8ToString() : "";
                    states.put(ids.lookupOrd(ids.ordValue()).utf8ToString(), state);
                }
            }
            return states;
        });
    }

    /** What tells one stored version of an entry from another: its version and content hash. */
    public static String state(long version, String contentHash) {
        return version + ":" + contentHash;
    }

    public CataloguePage search(CatalogueQuery q) {
        Query query = query(q);
        Sort sort = q.text() == null ? BY_ID : BY_RELEVANCE;
        return withSearcher(searcher -> {
            int wanted = (q.page() + 1) * q.size();
            TopDocs top = searcher.search(query, Math.max(1, wanted), sort, false);
            List<String> documents = new ArrayList<>();
            var stored = searcher.storedFields();
            for (int i = q.page() * q.size(); i < top.scoreDocs.length && i < wanted; i++) {
                ScoreDoc hit = top.scoreDocs[i];
                documents.add(stored.document(hit.doc).get("json"));
            }
            // Sorted collection stops counting past a threshold; count exactly only when it did.
            long total = top.totalHits.relation == TotalHits.Relation.EQUAL_TO
                    ? top.totalHits.value : searcher.count(query);
            return new CataloguePage(q.page(), q.size(), total, documents);
        });
    }

    /**
     * The ids of the entries a query finds, in the order {@link #search} lists them; reads the ids from the sort
     * values, so that no stored document is loaded or parsed (the recommendations ask this many times per request).
     */
    public List<String> searchIds(CatalogueQuery q) {
        Query query = query(q);
        Sort sort = q.text() == null ? BY_ID : BY_RELEVANCE;
        int idField = sort.getSort().length - 1;
        return withSearcher(searcher -> {
            int wanted = (q.page() + 1) * q.size();
            TopDocs top = searcher.search(query, Math.max(1, wanted), sort, false);
            List<String> ids = new ArrayList<>();
            for (int i = q.page() * q.size(); i < top.scoreDocs.length && i < wanted; i++) {
                ids.add(((BytesRef) ((FieldDoc) top.scoreDocs[i]).fields[idField]).utf8ToString());
            }
            return ids;
        });
    }

    /** The canonical JSON of one entry, whatever its status. */
    public Optional<String> document(String id) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term("id", id)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.<String>empty();
            }
            return Optional.of(searcher.storedFields().document(top.scoreDocs[0].doc).get("json"));
        });
    }

    private Query query(CatalogueQuery q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        filter(b, "kind", q.kind());
        filter(b, "category", q.category());
        filter(b, "entity", q.entity());
        filter(b, "status", q.status());
        if (q.country() != null) {
            b.add(new BooleanQuery.Builder()
                    .add(new TermQuery(new Term("country", q.country().toUpperCase())), Occur.SHOULD)
                    .add(new TermQuery(new Term("country", ALL_COUNTRIES)), Occur.SHOULD)
                    .build(), Occur.FILTER);
        }
        if (q.text() != null) {
            Query text = new QueryBuilder(analyzer).createBooleanQuery("text", q.text(), Occur.MUST);
            b.add(text == null ? new MatchNoDocsQuery() : text, Occur.MUST);
        }
        BooleanQuery built = b.build();
        // a query of filters alone matches what they all match; matching everything first only made Lucene walk every
        // document (and add a constant to every text score, which changed no order)
        return built.clauses().isEmpty() ? new MatchAllDocsQuery() : built;
    }

    private static void filter(BooleanQuery.Builder b, String field, String value) {
        if (value != null) {
            b.add(new TermQuery(new Term(field, value)), Occur.FILTER);
        }
    }

    private static Document document(CatalogueEntry e) {
        Document doc = new Document();
        doc.add(new StringField("id", e.id(), Field.Store.NO));
        doc.add(new SortedDocValuesField("id_sort", new BytesRef(e.id())));
        doc.add(new BinaryDocValuesField("state",
                new BytesRef(state(e.provenance().version(), e.provenance().contentHash()))));
        doc.add(new StringField("entity", e.entityId(), Field.Store.NO));
        doc.add(new StringField("kind", e.kind().name(), Field.Store.NO));
        doc.add(new StringField("category", e.category().name(), Field.Store.NO));
        doc.add(new StringField("status", e.provenance().status().name(), Field.Store.NO));
        if (e.eligibility().countries().isEmpty()) {
            doc.add(new StringField("country", ALL_COUNTRIES, Field.Store.NO));
        }
        for (String country : e.eligibility().countries()) {
            doc.add(new StringField("country", country.toUpperCase(), Field.Store.NO));
        }
        doc.add(new TextField("text", searchableText(e), Field.Store.NO));
        doc.add(new StoredField("json", CanonicalJson.toJson(e)));
        return doc;
    }

    private static String searchableText(CatalogueEntry e) {
        StringBuilder text = new StringBuilder();
        append(text, e.title());
        append(text, e.summary());
        e.eligibility().conditions().forEach(c -> append(text, c));
        if (e.content() != null) {
            // a guide is found by what it explains, not only by its headline
            append(text, e.content().body());
        }
        return text.toString();
    }

    private static void append(StringBuilder text, Bilingual b) {
        if (b != null) {
            text.append(b.ar()).append('\n').append(b.en()).append('\n');
        }
    }

    private <T> T withSearcher(SearchFunction<T> fn) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return fn.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }
}
