package eg.gov.bawaba.hub.catalogue;

/** A sync was asked for while the same entity's previous sync is still running. */
public class SyncAlreadyRunningException extends RuntimeException {

    public SyncAlreadyRunningException(String entityId) {
        super("a catalogue sync of entity '" + entityId + "' is already running");
    }

    /** As above, saying where it runs. */
    public SyncAlreadyRunningException(String entityId, String where) {
        super("a catalogue sync of entity '" + entityId + "' is already running " + where);
    }
}
