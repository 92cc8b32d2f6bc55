package eg.gov.bawaba.hub.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.MappingResult;
import eg.gov.bawaba.mappings.QuarantinedRecord;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.EntryStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Skips mapping native records that are byte-for-byte what the last sync mapped, under the same compiled mapping:
 * entities resend their whole catalogue every few minutes, and mapping plus schema validation is most of a sync's
 * cost. A record counts as unchanged only while the stored entry still has the content hash it produced; anything
 * else (first sync after a start, a new mapping, a changed record) is mapped as usual.
 */
@Component
public class UnchangedRecords {

    /** What one native record produced last time. */
    public record Known(String entryId, String contentHash) {}

    private record Remembered(CatalogueFeed feed, Map<String, Known> byFingerprint) {}

    private final Map<String, Remembered> lastSync = new ConcurrentHashMap<>();

    /** Maps the records that changed; {@code stored} is the entity's stored id → (content hash, status). */
    public MappedFeed map(String entityId, CatalogueFeed feed, String sourceProtocol, List<JsonNode> records,
                          Instant syncedAt, Map<String, CatalogueStore.Stored> stored) {
        Remembered remembered = lastSync.get(entityId);
        Map<String, Known> previous = remembered != null && remembered.feed() == feed ? remembered.byFingerprint() : Map.of();
        List<CatalogueEntry> entries = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<QuarantinedRecord> quarantined = new ArrayList<>();
        Map<String, Known> fingerprints = new HashMap<>();
        Set<String> seenIds = new HashSet<>();
        Set<String> seenFingerprints = new HashSet<>();
        for (JsonNode record : records) {
            String fingerprint = fingerprint(record);
            boolean repeated = !seenFingerprints.add(fingerprint);
            Known known = repeated ? null : previous.get(fingerprint);
            CatalogueStore.Stored current = known == null ? null : stored.get(known.entryId());
            if (current != null && current.status() == EntryStatus.ACTIVE && current.hash().equals(known.contentHash())
                    && seenIds.add(known.entryId())) {
                unchanged.add(known.entryId());
                fingerprints.put(fingerprint, known);
                continue;
            }
            // one record at a time, so each entry can be traced back to the record it came from
            MappingResult one = feed.mapping().map(List.of(record), sourceProtocol, syncedAt);
            quarantined.addAll(one.quarantined());
            for (CatalogueEntry entry : one.entries()) {
                if (!seenIds.add(entry.id())) {
                    quarantined.add(new QuarantinedRecord(entityId, CanonicalJson.toJson(record), "duplicate code "
                            + entry.id().substring(entityId.length() + 1) + " in feed: an earlier record has it"));
                    continue;
                }
                entries.add(entry);
                fingerprints.put(fingerprint, new Known(entry.id(), entry.provenance().contentHash()));
            }
        }
        return new MappedFeed(entries, unchanged, quarantined, fingerprints);
    }

    /** Remembers a feed once it is stored, replacing what the entity's previous sync left. */
    public void remember(String entityId, CatalogueFeed feed, MappedFeed mapped) {
        lastSync.put(entityId, new Remembered(feed, Map.copyOf(mapped.fingerprints())));
    }

    private static String fingerprint(JsonNode record) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(record.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
