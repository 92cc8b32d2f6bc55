package eg.gov.bawaba.hub.catalogue;

import java.time.Instant;

/** One record of the catalogue change feed; {@code seq} orders the feed and is the cursor. */
public record CatalogueChange(long seq, String entryId, String entityId, ChangeType change, long version,
                              Instant changedAt, String document) {}
