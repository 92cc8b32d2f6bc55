package eg.gov.bawaba.hub.entities;

/**
 * Published once the hub has read every entity definition at start: from then on an entity the registry does not
 * know has no definition, and entries it still has ACTIVE are left from a definition removed while the hub was stopped.
 */
public record EntityDefinitionsLoadedEvent() {}
