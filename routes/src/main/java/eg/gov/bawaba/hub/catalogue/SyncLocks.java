package eg.gov.bawaba.hub.catalogue;

/**
 * Who else may be syncing an entity's catalogue: nobody for a single hub ({@link #LOCAL}); in profile cluster the other
 * hubs, asked through the shared database, so an operator's sync now on one hub and the leader's scheduled sync never
 * run at once.
 */
public interface SyncLocks {

    /** A single hub: its own bookkeeping in {@link CatalogueSyncService} is the whole truth. */
    SyncLocks LOCAL = new SyncLocks() {
        @Override
        public boolean tryLock(String entityId) {
            return true;
        }

        @Override
        public void unlock(String entityId) {
            // nothing held
        }
    };

    /** Takes the entity's lock for this hub; false when another hub holds it. */
    boolean tryLock(String entityId);

    /** Gives the lock back; called once for each successful {@link #tryLock}, possibly on another thread. */
    void unlock(String entityId);
}
