package eg.gov.bawaba.connectors.definition;

import eg.gov.bawaba.mappings.model.Bilingual;
import java.util.Optional;

/**
 * One government entity as configured in {@code config/entities/<id>.yaml}, already validated: how its catalogue
 * arrives and, when it accepts applications through Bawaba, how they are delivered (either may be absent).
 */
public record EntityDefinition(String id, Bilingual names, CatalogueFeed catalogue, ApplicationsFeed applications,
                               String sourceFile) {

    public EntityDefinition(String id, Bilingual names, CatalogueFeed catalogue, String sourceFile) {
        this(id, names, catalogue, null, sourceFile);
    }

    public Optional<CatalogueFeed> catalogueFeed() {
        return Optional.ofNullable(catalogue);
    }
}
