package eg.gov.bawaba.connectors.definition;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.CatalogueMapping;
import java.time.Duration;

/**
 * How an entity's catalogue reaches Bawaba: a connector kind with its parameters, a schedule and a compiled mapping.
 *
 * @param connectorKind lower-case kind name ({@code rest}, later {@code soap}, {@code file}, {@code sftp})
 * @param connector     the kind's own parameters exactly as written in the definition (placeholders resolved)
 * @param fullSnapshot  true when each feed is the entity's whole catalogue, so entries it lacks are withdrawn
 */
public record CatalogueFeed(
        String connectorKind,
        JsonNode connector,
        Duration every,
        Duration initialDelay,
        boolean fullSnapshot,
        String mappingFile,
        CatalogueMapping mapping) {}
