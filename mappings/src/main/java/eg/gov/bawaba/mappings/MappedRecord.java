package eg.gov.bawaba.mappings;

import eg.gov.bawaba.mappings.model.CatalogueEntry;

/**
 * What one native record of a feed became: a canonical entry, a quarantined record with the reason, or a record the
 * mapping left out on purpose ({@code {"$exclude": "reason"}}, see {@link CatalogueMapping#EXCLUDE}) with its reason
 * and, when the mapping named it, the entity's code of the entry it would have been.
 */
public record MappedRecord(CatalogueEntry entry, QuarantinedRecord quarantined, String excludedReason,
                           String excludedCode) {

    public MappedRecord(CatalogueEntry entry, QuarantinedRecord quarantined) {
        this(entry, quarantined, null, null);
    }

    public static MappedRecord mapped(CatalogueEntry entry) {
        return new MappedRecord(entry, null);
    }

    public static MappedRecord quarantined(QuarantinedRecord record) {
        return new MappedRecord(null, record);
    }

    /** A record left out on purpose; {@code code} may be null. */
    public static MappedRecord excluded(String reason, String code) {
        return new MappedRecord(null, null, reason, code);
    }

    public boolean excluded() {
        return excludedReason != null;
    }
}
