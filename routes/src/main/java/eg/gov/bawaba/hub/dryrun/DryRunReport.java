package eg.gov.bawaba.hub.dryrun;

import eg.gov.bawaba.mappings.QuarantinedRecord;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.util.List;

/**
 * What an entity definition would produce from a sample or a live fetch: the canonical entries, every quarantine
 * reason, the problems that kept it from running at all (definition errors, a failed fetch), and the warnings a sync
 * of the same feed would report (an element or pointer that matched nothing, an empty feed, fields the mapping never
 * reads, a next page the definition ignores).
 */
public record DryRunReport(String entityId, String kind, String source, int received, List<CatalogueEntry> entries,
                           List<QuarantinedRecord> quarantined, List<String> problems, List<String> warnings) {

    public DryRunReport {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** 0 when every record maps, 2 when some are quarantined, 1 when the definition or the fetch failed. */
    public int exitCode() {
        if (!problems.isEmpty()) {
            return 1;
        }
        return quarantined.isEmpty() ? 0 : 2;
    }

    static DryRunReport failed(String entityId, String kind, String source, List<String> problems) {
        return new DryRunReport(entityId, kind, source, 0, List.of(), List.of(), problems, List.of());
    }
}
