package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.mappings.QuarantinedRecord;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.util.List;
import java.util.Map;

/**
 * A fetched feed after mapping: the entries mapped now, the ids of entries whose native record is unchanged since the
 * last sync (not mapped again), the quarantine, and the native-record fingerprint of every entry, for the next sync.
 */
public record MappedFeed(List<CatalogueEntry> entries, List<String> unchangedIds, List<QuarantinedRecord> quarantined,
                         Map<String, UnchangedRecords.Known> fingerprints) {

    public int received() {
        return entries.size() + unchangedIds.size() + quarantined.size();
    }
}
