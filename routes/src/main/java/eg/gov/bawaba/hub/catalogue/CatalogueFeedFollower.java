package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import jakarta.annotation.PostConstruct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * In profile cluster, keeps this hub's catalogue index in step with syncs other hubs ran: reads the change feed after
 * the last change it applied and puts each changed entry's document into the index (ADR 0002). It follows once before
 * the hub starts serving, then every {@code bawaba.cluster.catalogue-follow-interval} (ClusterFollowRoutes).
 *
 * <p>The feed's sequence is handed out when a sync writes, not when it commits: a change may appear after a later
 * one. The cursor, and the index generation (the ETag) this follower reports, stay before such a gap until the missing
 * change arrives, or until every transaction that could still commit it has ended ({@link FeedWriters}), which shows
 * it was rolled back; the changes after the gap are applied meanwhile, and again once it closes. No clock decides it:
 * a sync that takes minutes to commit is waited for.
 */
@Component
@ConditionalOnProperty(name = "bawaba.cluster.enabled", havingValue = "true")
public class CatalogueFeedFollower {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueFeedFollower.class);
    private static final int BATCH = 2000;

    private final CatalogueStore store;
    private final CatalogueIndex index;
    private final FeedWriters writers;
    private long cursor;
    private long gapAfter = -1;
    private List<FeedWriters.Writer> gapWriters = List.of();
    private List<FeedWriters.Writer> writersAtStart = List.of();
    private long loadedUpTo;

    public CatalogueFeedFollower(CatalogueStore store, CatalogueIndex index, FeedWriters writers,
                                 // the index is loaded from the database first; this follower starts where it ended
                                 CatalogueSyncService loaded) {
        this.store = store;
        this.index = index;
        this.writers = writers;
    }

    /** Catches up before the hub serves: a hub that starts late answers with the catalogue the others serve. */
    @PostConstruct
    void catchUp() {
        cursor = index.generation();
        // a sync still committing when the index was loaded may hold changes numbered below where the load ended
        writersAtStart = writers.now();
        loadedUpTo = cursor;
        int applied = follow();
        LOG.info("Catalogue index follows the change feed from change {} ({} changes applied at start)", cursor,
                applied);
    }

    /** Applies the changes committed since the last call; answers how many it read. */
    public synchronized int follow() {
        // asked before reading: if every transaction that could fill the gap had ended, a change it committed is read
        boolean gapSettled = gapAfter >= 0 && !writers.anyRunning(gapWriters);
        applyWhatSyncsRunningAtStartCommitted();
        int read = 0;
        try {
            while (true) {
                List<CatalogueChange> changes = store.changesAfter(cursor, BATCH);
                if (changes.isEmpty()) {
                    return read;
                }
                read += changes.size();
                long contiguous = cursor;
                boolean gap = false;
                Map<String, CatalogueEntry> latest = new LinkedHashMap<>();
                for (CatalogueChange change : changes) {
                    if (!gap && change.seq() == contiguous + 1) {
                        contiguous = change.seq();
                    } else if (!gap && gapSettled && gapAfter == contiguous) {
                        LOG.info("Change {} of the catalogue feed was rolled back: following on", contiguous + 1);
                        contiguous = change.seq();
                        gapSettled = false;
                    } else if (!gap) {
                        gap = true;
                        if (gapAfter != contiguous) {
                            gapAfter = contiguous;
                            gapWriters = writers.now();
                        }
                    }
                    latest.remove(change.entryId());
                    latest.put(change.entryId(), CanonicalJson.entryFromJson(change.document()));
                }
                index.apply(latest.values(), contiguous);
                if (contiguous == cursor) {
                    // stuck before a gap: the changes after it are applied; look again next time
                    return read;
                }
                cursor = contiguous;
                if (gap || changes.size() < BATCH) {
                    return read;
                }
            }
        } finally {
            if (gapAfter >= 0 && cursor > gapAfter) {
                gapAfter = -1;
                gapWriters = List.of();
            }
        }
    }

    private void applyWhatSyncsRunningAtStartCommitted() {
        if (writersAtStart.isEmpty() || writers.anyRunning(writersAtStart)) {
            return;
        }
        List<CatalogueEntry> late = writers.documentsWrittenBy(writersAtStart, loadedUpTo).stream()
                .map(CanonicalJson::entryFromJson).toList();
        if (!late.isEmpty()) {
            index.apply(late, index.generation());
            LOG.info("Applied {} changes a sync running while the index loaded committed afterwards", late.size());
        }
        writersAtStart = List.of();
    }

    /** The last change this follower applied with every change before it. */
    public synchronized long cursor() {
        return cursor;
    }
}
