package eg.gov.bawaba.hub.applications;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends applications committed as QUEUED with their outbox row ({@link ApplicationStore#insertQueued}) and removes the
 * rows of confirmed sends in batches, so that a request pays one database commit, not two.
 */
@Component
public class ApplicationOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationOutbox.class);
    private static final int BATCH = 500;

    private final ApplicationStore store;
    private final ApplicationQueues queues;
    // confirmed sends whose outbox rows are still to be removed; lost in a crash, they are only sent again, and the
    // delivery of an application already DELIVERED (or the entity's Idempotency-Key) absorbs the repeat
    private final ConcurrentLinkedQueue<String> confirmed = new ConcurrentLinkedQueue<>();

    public ApplicationOutbox(ApplicationStore store, ApplicationQueues queues) {
        this.store = store;
        this.queues = queues;
    }

    /**
     * Sends a committed application; false if the broker did not confirm it, and then its outbox row stays for the
     * sweep to send.
     */
    public boolean send(StoredApplication application) {
        try {
            queues.send(application);
        } catch (RuntimeException e) {
            LOG.warn("Application {} is stored but its send to {} failed ({}); the requeue sweep sends it",
                    application.id(), queues.queue(application.entityId()), e.toString());
            return false;
        }
        confirmed.add(application.id());
        return true;
    }

    /** Removes the outbox rows of the sends confirmed so far; how many. */
    public int flush() {
        int removed = 0;
        List<String> batch = new ArrayList<>();
        for (String id = confirmed.poll(); id != null; id = confirmed.poll()) {
            batch.add(id);
            if (batch.size() == BATCH) {
                removed += remove(batch);
                batch = new ArrayList<>();
            }
        }
        return removed + remove(batch);
    }

    /**
     * Sends the applications whose outbox rows are older than {@code before} and not confirmed, {@code batch} at a
     * time until none is left or the broker refuses one; how many.
     */
    public int sweep(Instant before, int batch) {
        int sent = 0;
        int found = 0;
        while (true) {
            // the rows of confirmed sends go first, so that the next query finds the rows still to send
            flush();
            List<StoredApplication> stranded = store.outboxBefore(before, batch);
            int sentNow = 0;
            for (StoredApplication application : stranded) {
                if (send(application)) {
                    sentNow++;
                }
            }
            sent += sentNow;
            found += stranded.size();
            if (stranded.size() < batch || sentNow < stranded.size()) {
                break;
            }
        }
        flush();
        if (found > 0) {
            LOG.info("Sent {} of {} applications stored as QUEUED whose send was not confirmed", sent, found);
        }
        return sent;
    }

    @PreDestroy
    void stop() {
        // on a clean stop, nothing confirmed is sent again at the next start
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Outbox rows of confirmed sends not removed at stop ({}); they are sent again at start",
                    e.toString());
        }
    }

    private int remove(List<String> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            store.sent(batch);
        } catch (RuntimeException e) {
            // kept for the next flush: removing them later is harmless, sending them again would only be a repeat
            confirmed.addAll(batch);
            throw e;
        }
        return batch.size();
    }
}
