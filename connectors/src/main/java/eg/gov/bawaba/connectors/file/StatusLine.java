package eg.gov.bawaba.connectors.file;

/**
 * One line of an entity's status file, as {@link FileApplicationStatus#REPORT} receives it (the exchange body): the
 * application (the entity's reference or Bawaba's application id), the status the entity reports and its note. The
 * hub settles it with {@link #applied()}, {@link #unchanged()} or {@link #refused(String)}.
 */
public final class StatusLine {

    /** What became of a line. */
    public enum Outcome { PENDING, APPLIED, UNCHANGED, REFUSED }

    private final String entityId;
    private final int number;
    private final String reference;
    private final String status;
    private final String note;
    private volatile Outcome outcome = Outcome.PENDING;
    private volatile String problem;

    public StatusLine(String entityId, int number, String reference, String status, String note) {
        this.entityId = entityId;
        this.number = number;
        this.reference = reference;
        this.status = status;
        this.note = note;
    }

    public String entityId() {
        return entityId;
    }

    /** The line's number among the file's status lines, from 1. */
    public int number() {
        return number;
    }

    /** The entity's reference of the application (the delivered file's name) or Bawaba's application id. */
    public String reference() {
        return reference;
    }

    /** IN_REVIEW, APPROVED, REJECTED or COMPLETED. */
    public String status() {
        return status;
    }

    /** The entity's words, or null. */
    public String note() {
        return note;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String problem() {
        return problem;
    }

    /** The application moved to the reported status. */
    public void applied() {
        outcome = Outcome.APPLIED;
    }

    /** The application had already reached the reported status: the line was applied before (e.g. a file re-dropped). */
    public void unchanged() {
        outcome = Outcome.UNCHANGED;
    }

    /** The line could not be applied: unknown application, or a status change the rules do not allow. */
    public void refused(String why) {
        outcome = Outcome.REFUSED;
        problem = why;
    }
}
