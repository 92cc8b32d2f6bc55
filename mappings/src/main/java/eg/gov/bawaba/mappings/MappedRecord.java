package eg.gov.bawaba.mappings;

import eg.gov.bawaba.mappings.model.CatalogueEntry;

/** What one native record of a feed became: a canonical entry, or a quarantined record with the reason. */
public record MappedRecord(CatalogueEntry entry, QuarantinedRecord quarantined) {

    public static MappedRecord mapped(CatalogueEntry entry) {
        return new MappedRecord(entry, null);
    }

    public static MappedRecord quarantined(QuarantinedRecord record) {
        return new MappedRecord(null, record);
    }
}
