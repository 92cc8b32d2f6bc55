package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * In profile cluster, keeps this hub's catalogue index in step with syncs other hubs ran: reads the change feed after
 * the last change it applied and puts each changed entry's document into the index (ADR 0002). It follows once before
 * the hub starts serving, then every {@code bawaba.cluster.catalogue-follow-interval} (ClusterFollowRoutes).
 *
 * <p>The feed's sequence is handed out when a sync writes, not when it commits: a change may appear after a later
 * one. The cursor, and the index generation (the ETag) this follower reports, stay before such a gap until the missing
 * change arrives, or until {@code bawaba.cluster.catalogue-gap-wait} shows it was rolled back; the changes after the
 * gap are applied meanwhile, and again once it closes.
 */
@Component
@ConditionalOnProperty(name = "bawaba.cluster.enabled", havingValue = "true")
public class CatalogueFeedFollower {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueFeedFollower.class);
    private static final int BATCH = 2000;

    private final CatalogueStore store;
    private final CatalogueIndex index;
    private final Clock clock;
    private final Duration gapWait;
    private long cursor;
    private long gapAfter = -1;
    private Instant gapSeen;

    public CatalogueFeedFollower(CatalogueStore store, CatalogueIndex index, Clock clock,
                                 // the index is loaded from the database first; this follower starts where it ended
                                 CatalogueSyncService loaded,
                                 @Value("${bawaba.cluster.catalogue-gap-wait:60s}") Duration gapWait) {
        this.store = store;
        this.index = index;
        this.clock = clock;
        this.gapWait = gapWait;
    }

    /** Catches up before the hub serves: a hub that starts late answers with the catalogue the others serve. */
    @PostConstruct
    void catchUp() {
        cursor = index.generation();
        int applied = follow();
        LOG.info("Catalogue index follows the change feed from change {} ({} changes applied at start)", cursor,
                applied);
    }

    /** Applies the changes committed since the last call; answers how many it read. */
    public synchronized int follow() {
        int read = 0;
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
                } else if (!gap) {
                    gap = !gapIsOld(contiguous);
                    if (!gap) {
                        contiguous = change.seq();
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
    }

    /** The change after {@code before} is missing: whether it has been missing so long it never comes. */
    private boolean gapIsOld(long before) {
        Instant now = clock.instant();
        if (gapAfter != before) {
            gapAfter = before;
            gapSeen = now;
            return false;
        }
        if (Duration.between(gapSeen, now).compareTo(gapWait) >= 0) {
            LOG.info("Change {} of the catalogue feed never arrived (rolled back): following on", before + 1);
            gapAfter = -1;
            return true;
        }
        return false;
    }

    /** The last change this follower applied with every change before it. */
    public synchronized long cursor() {
        return cursor;
    }
}
