package eg.gov.bawaba.hub.catalogue;

import java.time.Instant;

/** The outcome of one catalogue sync of one entity, as recorded in the sync journal. */
public record SyncReport(
        long id,
        String entityId,
        String trigger,
        Instant startedAt,
        Instant finishedAt,
        Outcome outcome,
        int received,
        int added,
        int updated,
        int withdrawn,
        int unchanged,
        int quarantined,
        String error) {

    /** SUCCEEDED: the feed was read and applied; FAILED: nothing changed and {@code error} says why. */
    public enum Outcome { SUCCEEDED, FAILED }
}
