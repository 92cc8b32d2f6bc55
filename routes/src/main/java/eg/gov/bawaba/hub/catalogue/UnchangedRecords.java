package eg.gov.bawaba.hub.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.CatalogueMapping;
import eg.gov.bawaba.mappings.MappedRecord;
import eg.gov.bawaba.mappings.QuarantinedRecord;
import eg.gov.bawaba.mappings.Slices;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.EntryStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Skips mapping native records that are byte-for-byte what the last sync mapped, under the same compiled mapping:
 * entities resend their whole catalogue every few minutes, and mapping plus schema validation is most of a sync's
 * cost. A record counts as unchanged only while the stored entry still has the content hash it produced; anything
 * else (first sync after a start, a new mapping, a changed record) is mapped as usual.
 */
@Component
public class UnchangedRecords {

    private static final int SLICE = 2000;
    private static final ObjectWriter COMPACT = new ObjectMapper().writer();

    /** What one native record produced last time. */
    public record Known(String entryId, String contentHash) {}

    private record Remembered(CatalogueFeed feed, Map<String, Known> byFingerprint) {}

    private final Map<String, Remembered> lastSync = new ConcurrentHashMap<>();
    private final Executor workers;

    /** Maps and fingerprints on the calling thread; for tests and tools. */
    public UnchangedRecords() {
        this(Runnable::run);
    }

    @Autowired
    public UnchangedRecords(CatalogueWorkers workers) {
        this(workers.executor());
    }

    UnchangedRecords(Executor workers) {
        this.workers = workers;
    }

    /**
     * Maps the records that changed; {@code storedStates} gives the entity's stored id → (content hash, status), and is
     * asked only when the previous sync left something that could be skipped (it reads every stored entry).
     */
    public MappedFeed map(String entityId, CatalogueFeed feed, String sourceProtocol, List<JsonNode> records,
                          Instant syncedAt, Supplier<Map<String, CatalogueStore.Stored>> storedStates) {
        return map(entityId, feed, sourceProtocol, records, null, syncedAt, storedStates);
    }

    /**
     * As above; {@code locations} (one per record, or null for "record N") start each quarantine reason, so an
     * engineer finds the record in the entity's feed or file.
     */
    public MappedFeed map(String entityId, CatalogueFeed feed, String sourceProtocol, List<JsonNode> records,
                          List<String> locations, Instant syncedAt,
                          Supplier<Map<String, CatalogueStore.Stored>> storedStates) {
        Remembered remembered = lastSync.get(entityId);
        Map<String, Known> previous = remembered != null && remembered.feed() == feed ? remembered.byFingerprint() : Map.of();
        Map<String, CatalogueStore.Stored> stored = previous.isEmpty() ? Map.of() : storedStates.get();
        List<CatalogueEntry> entries = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<QuarantinedRecord> quarantined = new ArrayList<>();
        Map<String, Known> fingerprints = new HashMap<>();
        // first the records that may be skipped; the others are mapped in one call, so the mapping's limits (a
        // runaway expression stops the feed after a few timeouts) apply to the feed and not to each record
        List<String> recordFingerprints = fingerprints(records);
        List<Known> skippable = new ArrayList<>(records.size());
        List<JsonNode> changed = new ArrayList<>();
        Set<String> seenFingerprints = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            String fingerprint = recordFingerprints.get(i);
            boolean repeated = !seenFingerprints.add(fingerprint);
            Known known = repeated ? null : previous.get(fingerprint);
            CatalogueStore.Stored current = known == null ? null : stored.get(known.entryId());
            boolean same = current != null && current.status() == EntryStatus.ACTIVE
                    && current.hash().equals(known.contentHash());
            skippable.add(same ? known : null);
            if (!same) {
                changed.add(record);
            }
        }
        Iterator<MappedRecord> mapped = feed.mapping().mapEach(changed, sourceProtocol, syncedAt, workers).iterator();
        Set<String> seenIds = new HashSet<>();
        int excluded = 0;
        List<String> excludedIds = new ArrayList<>();
        List<String> excludedExamples = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Known known = skippable.get(i);
            if (known != null) {
                if (seenIds.add(known.entryId())) {
                    unchanged.add(known.entryId());
                    fingerprints.put(recordFingerprints.get(i), known);
                } else {
                    quarantined.add(duplicate(entityId, records.get(i), known.entryId()).at(location(locations, i)));
                }
                continue;
            }
            MappedRecord one = mapped.next();
            if (one.excluded()) {
                excluded++;
                if (one.excludedCode() != null) {
                    excludedIds.add(entityId + "." + one.excludedCode());
                }
                if (excludedExamples.size() < 3) {
                    excludedExamples.add(location(locations, i) + ": " + one.excludedReason());
                }
            } else if (one.entry() == null) {
                quarantined.add(one.quarantined().at(location(locations, i)));
            } else if (!seenIds.add(one.entry().id())) {
                quarantined.add(duplicate(entityId, records.get(i), one.entry().id()).at(location(locations, i)));
            } else {
                entries.add(one.entry());
                fingerprints.put(recordFingerprints.get(i),
                        new Known(one.entry().id(), one.entry().provenance().contentHash()));
            }
        }
        // not a fault: said in the report so that received minus what was published adds up
        List<String> notes = excluded == 0 ? List.of() : List.of(excluded + " record" + (excluded == 1 ? " was" : "s were")
                + " left out by the mapping on purpose (" + CatalogueMapping.EXCLUDE + "), e.g. "
                + String.join("; ", excludedExamples));
        return new MappedFeed(entries, unchanged, quarantined, fingerprints, notes, excluded,
                excludedIds.stream().filter(id -> !seenIds.contains(id)).distinct().toList());
    }

    /** Remembers a feed once it is stored, replacing what the entity's previous sync left. */
    public void remember(String entityId, CatalogueFeed feed, MappedFeed mapped) {
        lastSync.put(entityId, new Remembered(feed, Map.copyOf(mapped.fingerprints())));
    }

    private static QuarantinedRecord duplicate(String entityId, JsonNode record, String entryId) {
        return new QuarantinedRecord(entityId, CanonicalJson.toJson(record), "duplicate code "
                + entryId.substring(entityId.length() + 1) + " in feed: an earlier record has it");
    }

    /** Where record {@code index} was: the connector's name for it, or its position in the feed. */
    public static String location(List<String> locations, int index) {
        return locations != null && index < locations.size() ? locations.get(index) : "record " + (index + 1);
    }

    /** The records' fingerprints, in order, computed in slices on the workers (a large feed has 100,000). */
    private List<String> fingerprints(List<JsonNode> records) {
        String[] fingerprints = new String[records.size()];
        Slices.forEach(fingerprints.length, SLICE, workers, i -> fingerprints[i] = fingerprint(records.get(i)));
        return Arrays.asList(fingerprints);
    }

    private static String fingerprint(JsonNode record) {
        // the same bytes as record.toString(), written straight into the digest without a String in between
        try (DigestOutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(),
                MessageDigest.getInstance("SHA-256"))) {
            COMPACT.writeValue(digest, record);
            return HexFormat.of().formatHex(digest.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
