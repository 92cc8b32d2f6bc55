package eg.gov.bawaba.mappings;

import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.util.List;

/**
 * What one feed mapped into: the valid canonical entries, in feed order, and the records that were quarantined instead.
 */
public record MappingResult(List<CatalogueEntry> entries, List<QuarantinedRecord> quarantined) {

    public MappingResult {
        entries = entries == null ? List.of() : List.copyOf(entries);
        quarantined = quarantined == null ? List.of() : List.copyOf(quarantined);
    }
}
