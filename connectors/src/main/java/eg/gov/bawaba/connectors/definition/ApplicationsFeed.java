package eg.gov.bawaba.connectors.definition;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.ApplicationMapping;

/**
 * How applications reach an entity: a delivery connector kind with its parameters, the mapping from the canonical
 * application to the entity's request, and how many delivery attempts a technical failure gets before the
 * application is dead-lettered.
 */
public record ApplicationsFeed(String connectorKind, JsonNode connector, String mappingFile, ApplicationMapping mapping,
                               int maxAttempts, String statusMode) {}
