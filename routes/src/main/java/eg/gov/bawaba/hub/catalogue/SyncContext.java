package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.connectors.CatalogueConnector;

/** Exchange properties that carry one sync through the catalogue routes (properties, so they never reach an entity). */
public final class SyncContext {

    public static final String ENTITY_ID = CatalogueConnector.ENTITY_ID;
    public static final String TRIGGER = CatalogueConnector.TRIGGER;
    public static final String STARTED_AT = "bawabaSyncStartedAt";

    private SyncContext() {}
}
