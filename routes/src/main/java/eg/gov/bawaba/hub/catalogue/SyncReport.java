package eg.gov.bawaba.hub.catalogue;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one catalogue sync of one entity, as recorded in the sync journal.
 *
 * <p>{@code warnings} say what in a successful sync looks wrong although nothing failed: a record element or pointer
 * that matched nothing, an empty feed, fields the mapping never reads, a next page the definition ignores.
 */
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
        String error,
        List<String> warnings) {

    public SyncReport {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A report without warnings. */
    public SyncReport(long id, String entityId, String trigger, Instant startedAt, Instant finishedAt, Outcome outcome,
                      int received, int added, int updated, int withdrawn, int unchanged, int quarantined, String error) {
        this(id, entityId, trigger, startedAt, finishedAt, outcome, received, added, updated, withdrawn, unchanged,
                quarantined, error, List.of());
    }

    /** SUCCEEDED: the feed was read and applied; FAILED: nothing changed and {@code error} says why. */
    public enum Outcome { SUCCEEDED, FAILED }
}
