package eg.gov.bawaba.hub.catalogue;

import java.time.Instant;

/** A native record that could not become a canonical entry, kept with the reason for the entity's engineers. */
public record QuarantineItem(long id, String entityId, long syncId, Instant quarantinedAt, String reason,
                             String sourceRecord) {}
