package eg.gov.bawaba.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A connector kind that fetches an entity's native catalogue records, implemented as a Camel route template.
 *
 * <p>An instance of the template consumes from {@link #fetchEndpoint(String)} and replies with a
 * {@code List<JsonNode>} body of native records (see {@code NativeRecords}); any failure is thrown to the caller, which records a failed sync.
 */
public interface CatalogueConnector {

    /** The {@code kind} value in an entity definition, such as {@code rest}. */
    String kind();

    /** The id of the route template this kind registers. */
    String templateId();

    /** The canonical source protocol recorded in every entry's provenance (REST, SOAP, FILE, SFTP). */
    String sourceProtocol();

    /** Template parameters for one entity, from the connector section of its definition. */
    Map<String, Object> templateParameters(String entityId, JsonNode connector);

    static String fetchEndpoint(String entityId) {
        return "direct:" + entityId + "-catalogue-fetch";
    }

    static String fetchRouteId(String entityId) {
        return entityId + "-catalogue-fetch";
    }
}
