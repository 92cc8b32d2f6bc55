package eg.gov.bawaba.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A connector kind that brings an entity's native catalogue records to the hub, implemented as a Camel route template
 * whose parameters are documented by the kind's JSON Schema ({@link #parameterSchema()}).
 *
 * <p>A <em>fetching</em> kind ({@link #scheduled()} true: REST, SOAP) consumes from {@link #fetchEndpoint(String)} and
 * replies with a {@code List<JsonNode>} of native records; the hub calls it on the entity's schedule or on demand, and
 * any failure is thrown to the hub, which journals a failed sync. An <em>event-driven</em> kind (file drops) consumes
 * from its own source and sends each batch of records to {@link #INGEST} with the {@link #ENTITY_ID} and
 * {@link #TRIGGER} exchange properties set; {@link #INGEST} throws when the batch could not be applied.
 */
public interface CatalogueConnector {

    /** The hub endpoint that maps and stores records an event-driven connector delivers. */
    String INGEST = "direct:catalogue-ingest";
    /** Exchange property: the entity the records belong to. */
    String ENTITY_ID = "bawabaEntityId";
    /** Exchange property: what started the sync (SCHEDULE, ON_DEMAND, FILE …), as journaled. */
    String TRIGGER = "bawabaSyncTrigger";
    /**
     * Exchange property a connector may set: a {@code List<String>} of warnings about the feed it read (a record
     * element that matched nothing, a next page the definition ignores), shown in the sync and dry-run reports.
     */
    String WARNINGS = "bawabaFeedWarnings";
    /**
     * Exchange property a connector may set: a {@code List<String>} as long as the records, naming where each one was
     * in the feed ({@code row 4}, {@code page 2, record 3}); quarantine reasons start with it. Without it a record is
     * named by its position, {@code record N}.
     */
    String RECORD_LOCATIONS = "bawabaRecordLocations";
    /** Exchange property a connector may set: the name of the file the records came from, for quarantine reasons. */
    String SOURCE_NAME = "bawabaFeedSourceName";

    /** The {@code kind} value in an entity definition, such as {@code rest}. */
    String kind();

    /** The id of the route template this kind registers. */
    String templateId();

    /** The canonical source protocol recorded in every entry's provenance (REST, SOAP, FILE, SFTP). */
    String sourceProtocol();

    /** Template parameters for one entity, from the connector section of its definition. */
    Map<String, Object> templateParameters(String entityId, JsonNode connector);

    /** Classpath resource of the JSON Schema that validates the connector section of a definition of this kind. */
    default String parameterSchema() {
        return "/schema/connectors/" + kind() + ".schema.json";
    }

    /** True when the hub fetches on a schedule; false when the connector delivers records as they arrive. */
    default boolean scheduled() {
        return true;
    }

    static String fetchEndpoint(String entityId) {
        return "direct:" + entityId + "-catalogue-fetch";
    }

    /** The route id of the entity's connector route, whatever its kind. */
    static String fetchRouteId(String entityId) {
        return entityId + "-catalogue-fetch";
    }
}
