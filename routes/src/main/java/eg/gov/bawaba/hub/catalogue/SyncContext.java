package eg.gov.bawaba.hub.catalogue;

/** Exchange properties that carry one sync through the catalogue routes (properties, so they never reach an entity). */
public final class SyncContext {

    public static final String ENTITY_ID = "bawabaEntityId";
    public static final String TRIGGER = "bawabaSyncTrigger";
    public static final String STARTED_AT = "bawabaSyncStartedAt";

    private SyncContext() {}
}
