package eg.gov.bawaba.hub.entities;

import eg.gov.bawaba.mappings.model.Bilingual;
import java.util.List;

/**
 * What the hub knows of one entity definition file: RUNNING with its connector kinds, or DISABLED with the problems
 * that keep it from running (the other entities run regardless).
 */
public record EntityStatus(String id, Bilingual names, State state, List<String> connectorKinds, String file,
                           List<String> problems) {

    public enum State { RUNNING, DISABLED }
}
