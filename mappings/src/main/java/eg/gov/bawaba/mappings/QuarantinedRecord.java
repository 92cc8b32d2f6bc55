package eg.gov.bawaba.mappings;

/**
 * A native record that was not published, with why.
 *
 * @param entityId     the entity whose feed carried the record
 * @param sourceRecord the native record as JSON text (for an unreadable CSV row, a JSON array of its cells)
 * @param reason       human-readable problems naming the failing fields, several joined with {@code "; "}
 */
public record QuarantinedRecord(String entityId, String sourceRecord, String reason) {}
