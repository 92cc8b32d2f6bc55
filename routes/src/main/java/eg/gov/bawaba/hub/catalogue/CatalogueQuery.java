package eg.gov.bawaba.hub.catalogue;

/**
 * Filters of a catalogue listing; null means "any". {@code status} defaults to ACTIVE at the API.
 *
 * @param page zero-based page number
 */
public record CatalogueQuery(String kind, String category, String entity, String country, String text, String status,
                             int page, int size) {}
