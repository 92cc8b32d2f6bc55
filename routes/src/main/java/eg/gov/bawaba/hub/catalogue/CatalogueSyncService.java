package eg.gov.bawaba.hub.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.EntityTls;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.hub.metrics.HubMetrics;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The steps of one catalogue sync after the connector has fetched the feed: map, store, journal, re-index. */
@Service
public class CatalogueSyncService {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueSyncService.class);
    static final int WITHDRAW_CHUNK = 1000;

    private final CatalogueStore store;
    private final SyncJournal journal;
    private final CatalogueIndex index;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final UnchangedRecords unchangedRecords;
    private final HubMetrics metrics;
    // Not a lock: a retried fetch may resume on another thread, so the sync may end on a thread it did not begin on.
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final SyncLocks otherHubs;

    public CatalogueSyncService(CatalogueStore store, SyncJournal journal, CatalogueIndex index, TransactionTemplate tx,
                                Clock clock, UnchangedRecords unchangedRecords, HubMetrics metrics,
                                ObjectProvider<SyncLocks> otherHubs) {
        this.otherHubs = otherHubs.getIfAvailable(() -> SyncLocks.LOCAL);
        this.unchangedRecords = unchangedRecords;
        this.store = store;
        this.journal = journal;
        this.index = index;
        this.tx = tx;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Brings the index level with the database before the hub serves (an index kept in a folder only catches up). */
    @PostConstruct
    void loadIndex() {
        CatalogueIndexLoader.Loaded loaded = new CatalogueIndexLoader(store, index).load();
        LOG.info("Catalogue index loaded up to change {}: {}", loaded.upTo(), loaded);
    }

    /**
     * Marks the start of an entity's sync; refuses a second one while the first runs, on this hub or, in a cluster, on
     * any other.
     */
    public Instant begin(String entityId) {
        if (!running.add(entityId)) {
            throw new SyncAlreadyRunningException(entityId);
        }
        boolean locked = false;
        try {
            locked = otherHubs.tryLock(entityId);
        } finally {
            if (!locked) {
                running.remove(entityId);
            }
        }
        if (!locked) {
            throw new SyncAlreadyRunningException(entityId, "on another hub of the cluster");
        }
        return clock.instant();
    }

    public void end(String entityId) {
        try {
            otherHubs.unlock(entityId);
        } finally {
            running.remove(entityId);
        }
    }

    /**
     * Maps the fetched native records, skipping those unchanged since the last sync; records the connector could not
     * read are quarantined by the mapping.
     */
    public MappedFeed map(String entityId, CatalogueFeed feed, String sourceProtocol, List<JsonNode> fetched,
                          Instant startedAt) {
        return map(entityId, feed, sourceProtocol, fetched, null, List.of(), startedAt);
    }

    /**
     * As above, with where each record was ({@code locations}, null for "record N") and the connector's own warnings,
     * to which the feed's are added: an empty feed, fields the mapping never reads ({@link #feedWarnings}).
     */
    public MappedFeed map(String entityId, CatalogueFeed feed, String sourceProtocol, List<JsonNode> fetched,
                          List<String> locations, List<String> connectorWarnings, Instant startedAt) {
        // CatalogueStore.apply reads the stored states again inside its transaction: that read, not this one, decides
        // versions and withdrawals, so nothing written between the two can be overwritten
        MappedFeed mapped = unchangedRecords.map(entityId, feed, sourceProtocol, fetched, locations, startedAt,
                () -> store.storedStates(entityId));
        List<String> warnings = new ArrayList<>(feedWarnings(feed, fetched, connectorWarnings));
        warnings.addAll(mapped.warnings());
        return mapped.withWarnings(warnings);
    }

    /** The connector's warnings, then the feed's: an empty feed, fields the records carry that the mapping never reads. */
    public static List<String> feedWarnings(CatalogueFeed feed, List<JsonNode> fetched, List<String> connectorWarnings) {
        List<String> warnings = new ArrayList<>(connectorWarnings == null ? List.of() : connectorWarnings);
        if (fetched.isEmpty()) {
            warnings.add("the feed is empty: no records were received; if the entity does list entries, check "
                    + "recordsPointer / recordElement and the entity's export");
        }
        feed.mapping().unreadFieldsWarning(fetched).ifPresent(warnings::add);
        return warnings;
    }

    /** Stores a mapped feed, its quarantine and its journal record in one transaction, then refreshes the index. */
    public SyncReport apply(String entityId, String trigger, Instant startedAt, CatalogueFeed feed, MappedFeed mapped) {
        int received = mapped.received();
        if (feed.fullSnapshot() && mapped.kept() == 0) {
            long active = store.activeCounts().getOrDefault(entityId, 0L);
            if (active > 0) {
                // far more often a wrong recordsPointer / recordElement, a broken export or a wrong exclusion rule
                // than a real closure; a real one is withdrawn on purpose, with a reason, by an operator
                throw new IllegalStateException("the full feed " + (received == 0 ? "is empty"
                        : "has only records the mapping left out (" + received + ")") + "; refusing to withdraw all "
                        + active + " active entries of " + entityId + " (if the entity really offers nothing now,"
                        + " withdraw them on purpose: POST /ops/v1/entities/" + entityId + "/catalogue/withdraw with a"
                        + " reason)" + (mapped.warnings().isEmpty() ? ""
                        : "; warnings: " + String.join("; ", mapped.warnings())));
            }
        }
        StoreOutcome[] outcome = new StoreOutcome[1];
        SyncReport report = tx.execute(status -> {
            outcome[0] = store.apply(entityId, mapped.entries(), mapped.unchangedIds(), mapped.excludedIds(),
                    feed.fullSnapshot(), startedAt);
            StoreOutcome o = outcome[0];
            SyncReport recorded = journal.record(new SyncReport(0, entityId, trigger, startedAt, clock.instant(),
                    SyncReport.Outcome.SUCCEEDED, received, o.added(), o.updated(), o.withdrawn(), o.unchanged(),
                    mapped.quarantined().size(), null, mapped.warnings()));
            journal.replaceQuarantine(entityId, recorded.id(), mapped.quarantined(), startedAt);
            return recorded;
        });
        index.apply(outcome[0].written(), outcome[0].lastChangeSeq());
        unchangedRecords.remember(entityId, feed, mapped);
        // the sync ends when the app can read its result: after the commit and the index update
        report = journal.finished(report, clock.instant());
        LOG.info("Catalogue sync of {} succeeded: {} received, {} added, {} updated, {} withdrawn, {} unchanged, {} quarantined",
                entityId, received, report.added(), report.updated(), report.withdrawn(), report.unchanged(),
                report.quarantined());
        if (!report.warnings().isEmpty()) {
            LOG.warn("Catalogue sync of {} has warnings: {}", entityId, String.join(" | ", report.warnings()));
        }
        metrics.syncFinished(report);
        return report;
    }

    /**
     * Withdraws every active entry of an entity (new versions, WITHDRAWN rows in the change feed) and refreshes the
     * index, {@value #WITHDRAW_CHUNK} entries per transaction; refused with {@link SyncAlreadyRunningException} while
     * the entity syncs, so the two never interleave. Answers how many entries were withdrawn.
     */
    public int withdrawAll(String entityId) {
        Instant at = begin(entityId);
        try {
            return withdrawAllNow(entityId, at);
        } finally {
            end(entityId);
        }
    }

    /** How many active entries the entity has. */
    public long activeEntries(String entityId) {
        return store.activeCounts().getOrDefault(entityId, 0L);
    }

    /** The entities that have ACTIVE entries, whether or not they have a definition now. */
    public Set<String> entitiesWithActiveEntries() {
        return store.activeCounts().keySet();
    }

    /** As {@link #withdrawAll}, for an entity whose routes are already stopped (its definition was removed). */
    public int withdrawRemoved(String entityId) {
        return withdrawAllNow(entityId, clock.instant());
    }

    private int withdrawAllNow(String entityId, Instant at) {
        // in chunks: reading and rewriting 150,000 entries in one go exhausted a hub's heap at start; a stop half-way
        // leaves the rest active, and the removal (or the operator's withdrawal) runs again
        int withdrawn = 0;
        StoreOutcome outcome;
        do {
            outcome = tx.execute(status -> store.withdrawActive(entityId, at, WITHDRAW_CHUNK));
            index.apply(outcome.written(), outcome.lastChangeSeq());
            withdrawn += outcome.withdrawn();
        } while (outcome.withdrawn() == WITHDRAW_CHUNK);
        LOG.info("Catalogue of {}: {} active entries withdrawn", entityId, withdrawn);
        return withdrawn;
    }

    /** Journals a sync that failed before anything was stored; the catalogue stays as it was. */
    public SyncReport failed(String entityId, String trigger, Instant startedAt, Throwable cause) {
        String error = describe(cause) + EntityTls.hint(entityId, cause);
        LOG.warn("Catalogue sync of {} failed: {}", entityId, error);
        SyncReport report = journal.record(new SyncReport(0, entityId, trigger, startedAt, clock.instant(),
                SyncReport.Outcome.FAILED, 0, 0, 0, 0, 0, 0, error));
        metrics.syncFinished(report);
        return report;
    }

    static String describe(Throwable cause) {
        Throwable root = cause;
        StringBuilder text = new StringBuilder(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            text.append(" <- ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage());
        }
        return text.toString();
    }
}
