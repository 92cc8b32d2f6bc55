package eg.gov.bawaba.hub.entities;

/**
 * Published when an entity's definition file is gone and its routes are stopped (not when a definition turns invalid:
 * the previous one keeps running then), so the catalogue stops offering what can no longer be applied for.
 */
public record EntityRemovedEvent(String entityId) {}
