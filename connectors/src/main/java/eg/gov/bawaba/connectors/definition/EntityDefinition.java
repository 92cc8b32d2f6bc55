package eg.gov.bawaba.connectors.definition;

import eg.gov.bawaba.mappings.model.Bilingual;
import java.util.Optional;

/** One government entity as configured in {@code config/entities/<id>.yaml}, already validated. */
public record EntityDefinition(String id, Bilingual names, CatalogueFeed catalogue, String sourceFile) {

    public Optional<CatalogueFeed> catalogueFeed() {
        return Optional.ofNullable(catalogue);
    }
}
