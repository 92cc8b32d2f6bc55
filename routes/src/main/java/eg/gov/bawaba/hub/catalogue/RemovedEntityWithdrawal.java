package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.hub.entities.EntityDefinitionsLoadedEvent;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.EntityRemovedEvent;
import eg.gov.bawaba.hub.ops.OpsAudit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Withdraws the entries of an entity whose definition was removed (versioned, in the change feed, audited with the
 * reason); putting the definition back republishes them at its next sync. Its held applications are not touched: they
 * stay queued and visible. A single hub does it when the definition goes, and at start for definitions that went while
 * it was stopped; in a cluster only the leader of {@code bawaba-removed-entities} does it, on a timer
 * ({@link RemovedEntitiesRoutes}), since every hub sees the same definition go.
 */
@Component
public class RemovedEntityWithdrawal {

    /** The actor of these withdrawals in the ops audit. */
    public static final String ACTOR = "bawaba-definitions";
    static final String REMOVED = "its definition was removed";
    static final String ABSENT = "it has no definition (removed while the hub was stopped, or by another hub's watch)";
    private static final Logger LOG = LoggerFactory.getLogger(RemovedEntityWithdrawal.class);

    private final CatalogueSyncService sync;
    private final EntityRegistry registry;
    private final OpsAudit audit;
    private final boolean cluster;

    public RemovedEntityWithdrawal(CatalogueSyncService sync, EntityRegistry registry, OpsAudit audit,
                                   @Value("${bawaba.cluster.enabled:false}") boolean cluster) {
        this.sync = sync;
        this.registry = registry;
        this.audit = audit;
        this.cluster = cluster;
    }

    @EventListener
    public void onRemoved(EntityRemovedEvent removed) {
        if (!cluster) {
            withdraw(removed.entityId(), REMOVED);
        }
    }

    @EventListener
    public void onLoaded(EntityDefinitionsLoadedEvent loaded) {
        if (!cluster) {
            withdrawAbsent();
        }
    }

    /**
     * Withdraws the ACTIVE entries of every entity that has no definition now, once the definitions are loaded; the
     * definitions are read again first, so a definition just put back is not taken for a removed one. Answers the
     * entities withdrawn.
     */
    public synchronized List<String> withdrawAbsent() {
        if (!registry.loaded()) {
            return List.of();
        }
        registry.reconcile();
        List<String> withdrawn = new ArrayList<>();
        for (String entityId : sync.entitiesWithActiveEntries()) {
            if (!registry.isKnown(entityId) && withdraw(entityId, ABSENT)) {
                withdrawn.add(entityId);
            }
        }
        return withdrawn;
    }

    private boolean withdraw(String entityId, String reason) {
        try {
            int withdrawn = sync.withdrawRemoved(entityId);
            LOG.info("Entity {}: {} catalogue entries withdrawn: {}", entityId, withdrawn, reason);
            if (withdrawn > 0) {
                audit.record(ACTOR, "catalogue-withdraw", entityId, entityId, OpsAudit.Outcome.DONE,
                        withdrawn + " entries withdrawn; reason: " + reason);
            }
            return withdrawn > 0;
        } catch (RuntimeException e) {
            // the entity is gone either way; its entries stay ACTIVE until it is put back and synced, withdrawn at
            // the next start (or the leader's next round), or by POST /ops/v1/entities/{id}/catalogue/withdraw
            LOG.error("Entity {}: its catalogue entries could not be withdrawn ({}): {}", entityId, reason,
                    e.getMessage(), e);
            return false;
        }
    }
}
