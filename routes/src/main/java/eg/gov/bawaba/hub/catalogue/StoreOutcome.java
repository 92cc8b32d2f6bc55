package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.util.List;

/** What applying one feed did to the stored catalogue, with the entries it wrote at their new versions. */
public record StoreOutcome(int added, int updated, int withdrawn, int unchanged, List<CatalogueEntry> written,
                           long lastChangeSeq) {}
