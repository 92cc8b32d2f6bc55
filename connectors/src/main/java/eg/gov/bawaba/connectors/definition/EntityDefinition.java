package eg.gov.bawaba.connectors.definition;

import eg.gov.bawaba.mappings.model.Bilingual;
import java.util.Optional;

/**
 * One government entity as configured in {@code config/entities/<id>.yaml}, already validated: how its catalogue
 * arrives, when it accepts applications through Bawaba how they are delivered, and when it subscribes to expert
 * profiles how they reach it (each may be absent).
 */
public record EntityDefinition(String id, Bilingual names, CatalogueFeed catalogue, ApplicationsFeed applications,
                               ExpertsFeed experts, String sourceFile) {

    public EntityDefinition(String id, Bilingual names, CatalogueFeed catalogue, ApplicationsFeed applications,
                            String sourceFile) {
        this(id, names, catalogue, applications, null, sourceFile);
    }

    public EntityDefinition(String id, Bilingual names, CatalogueFeed catalogue, String sourceFile) {
        this(id, names, catalogue, null, sourceFile);
    }

    public Optional<CatalogueFeed> catalogueFeed() {
        return Optional.ofNullable(catalogue);
    }
}
