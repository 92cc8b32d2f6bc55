package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.mappings.QuarantinedRecord;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.util.List;
import java.util.Map;

/**
 * A fetched feed after mapping: the entries mapped now, the ids of entries whose native record is unchanged since the
 * last sync (not mapped again), the quarantine, the native-record fingerprint of every entry, for the next sync, and
 * the warnings about the feed for the sync report; {@code excluded} counts the records the mapping left out on
 * purpose, and {@code excludedIds} are the ids of those it named by code (a delta feed withdraws them).
 */
public record MappedFeed(List<CatalogueEntry> entries, List<String> unchangedIds, List<QuarantinedRecord> quarantined,
                         Map<String, UnchangedRecords.Known> fingerprints, List<String> warnings, int excluded,
                         List<String> excludedIds) {

    public MappedFeed(List<CatalogueEntry> entries, List<String> unchangedIds, List<QuarantinedRecord> quarantined,
                      Map<String, UnchangedRecords.Known> fingerprints, List<String> warnings) {
        this(entries, unchangedIds, quarantined, fingerprints, warnings, 0, List.of());
    }

    public MappedFeed(List<CatalogueEntry> entries, List<String> unchangedIds, List<QuarantinedRecord> quarantined,
                      Map<String, UnchangedRecords.Known> fingerprints) {
        this(entries, unchangedIds, quarantined, fingerprints, List.of());
    }

    /** The same feed with these warnings. */
    public MappedFeed withWarnings(List<String> newWarnings) {
        return new MappedFeed(entries, unchangedIds, quarantined, fingerprints, List.copyOf(newWarnings), excluded,
                excludedIds);
    }

    /** Every record the feed carried, those left out by the mapping included. */
    public int received() {
        return kept() + excluded;
    }

    /** The records that are published, unchanged or quarantined: all but those the mapping left out. */
    public int kept() {
        return entries.size() + unchangedIds.size() + quarantined.size();
    }
}
