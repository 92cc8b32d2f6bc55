package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.hub.entities.EntityRemovedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Withdraws the entries of an entity whose definition was removed; putting the definition back republishes them at
 * its next sync. Its held applications are not touched: they stay queued and visible.
 */
@Component
public class RemovedEntityWithdrawal {

    private static final Logger LOG = LoggerFactory.getLogger(RemovedEntityWithdrawal.class);

    private final CatalogueSyncService sync;

    public RemovedEntityWithdrawal(CatalogueSyncService sync) {
        this.sync = sync;
    }

    @EventListener
    public void onRemoved(EntityRemovedEvent removed) {
        try {
            int withdrawn = sync.withdrawRemoved(removed.entityId());
            LOG.info("Entity {} removed: {} catalogue entries withdrawn", removed.entityId(), withdrawn);
        } catch (RuntimeException e) {
            // the entity is gone either way; its entries stay ACTIVE until it is put back and synced, or withdrawn
            // by POST /ops/v1/entities/{id}/catalogue/withdraw
            LOG.error("Entity {} removed, but its catalogue entries could not be withdrawn: {}", removed.entityId(),
                    e.getMessage(), e);
        }
    }
}
