package eg.gov.bawaba.hub.cluster;

/** A hub of profile cluster cannot run safely as configured: it stops before serving anything, saying what to fix. */
public class ClusterMisconfiguredException extends IllegalStateException {

    private final String action;

    public ClusterMisconfiguredException(String description, String action) {
        super(description);
        this.action = action;
    }

    public ClusterMisconfiguredException(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    /** What the operator should do about it. */
    public String action() {
        return action;
    }
}
