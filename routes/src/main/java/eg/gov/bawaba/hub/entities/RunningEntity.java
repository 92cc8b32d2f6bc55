package eg.gov.bawaba.hub.entities;

import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.connectors.definition.EntityDefinition;

/** An entity whose definition is valid and whose routes run, with the connector kind that feeds its catalogue. */
public record RunningEntity(EntityDefinition definition, CatalogueConnector connector) {

    public CatalogueFeed catalogue() {
        return definition.catalogue();
    }
}
