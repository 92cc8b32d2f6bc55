package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings the catalogue index level with the database at start: an index kept in a folder, committed from the same
 * database, re-reads only the entries whose stored version differs from its own; any other index is filled from every
 * stored entry.
 */
public class CatalogueIndexLoader {

    private static final int BATCH = 1000;

    private final CatalogueStore store;
    private final CatalogueIndex index;

    public CatalogueIndexLoader(CatalogueStore store, CatalogueIndex index) {
        this.store = store;
        this.index = index;
    }

    /** What a load did: caught up (kept, re-read, removed) or filled from every stored entry, and how long it took. */
    public record Loaded(long upTo, boolean caughtUp, int kept, int read, int removed, String why, long millis) {
        @Override
        public String toString() {
            return (caughtUp ? "caught up: kept " + kept + " indexed entries, re-read " + read + ", removed " + removed
                    : "filled with " + read + " stored entries (" + why + ")") + ", in " + millis + " ms";
        }

        private Loaded took(long upToSeq, long tookMillis) {
            return new Loaded(upToSeq, caughtUp, kept, read, removed, why, tookMillis);
        }
    }

    public Loaded load() {
        long started = System.nanoTime();
        // read first: whatever commits while the entries are read is in the index too, and in the feed after upTo
        long upTo = store.latestChangeSeq();
        String database = store.databaseIdentity();
        Map<String, String> committed = index.committed();
        index.belongsTo(database);
        Loaded loaded;
        if (!index.persistent()) {
            loaded = fill("an index in memory");
        } else if (committed.isEmpty()) {
            loaded = fill("a new index folder");
        } else if (database.isEmpty() || !database.equals(committed.get(CatalogueIndex.COMMITTED_DATABASE))) {
            // ids and versions start again in another database, so the folder's versions say nothing about it
            loaded = fill("the folder's index was built from another database");
        } else {
            loaded = catchUp();
        }
        // publishes (and commits) what was added, with the generation the load reached
        index.apply(List.of(), upTo);
        return loaded.took(upTo, (System.nanoTime() - started) / 1_000_000);
    }

    private Loaded fill(String why) {
        index.clear();
        List<CatalogueEntry> batch = new ArrayList<>();
        int[] read = {0};
        store.forEachEntry(entry -> {
            batch.add(entry);
            read[0]++;
            if (batch.size() == BATCH) {
                index.add(batch);
                batch.clear();
            }
        });
        index.add(batch);
        return new Loaded(0, false, 0, read[0], 0, why, 0);
    }

    private Loaded catchUp() {
        Map<String, String> indexed = index.states();
        List<String> stale = new ArrayList<>();
        int stored = 0;
        for (String entityId : store.entityIds()) {
            for (CatalogueStore.Stored s : store.storedStates(entityId).values()) {
                stored++;
                if (!CatalogueIndex.state(s.version(), s.hash()).equals(indexed.remove(s.id()))) {
                    stale.add(s.id());
                }
            }
        }
        // what is left was indexed but is no longer stored: rows deleted while the hub was down
        index.delete(indexed.keySet());
        for (int from = 0; from < stale.size(); from += BATCH) {
            index.add(store.entries(stale.subList(from, Math.min(stale.size(), from + BATCH))));
        }
        return new Loaded(0, true, stored - stale.size(), stale.size(), indexed.size(), null, 0);
    }
}
