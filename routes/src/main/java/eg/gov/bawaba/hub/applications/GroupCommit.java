package eg.gov.bawaba.hub.applications;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the database writes of concurrent requests and deliveries in one transaction and commit, returning to each
 * caller only once that commit is done, and running a failed batch again one write at a time so that each caller gets
 * its own outcome (no linger: a batch is what arrived while the previous commit ran).
 */
@Component
public class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** One caller's write and what came of it. */
    private record Pending<T>(Supplier<T> work, CompletableFuture<T> outcome) {

        @SuppressWarnings("unchecked")
        void complete(Object result) {
            outcome.complete((T) result);
        }
    }

    private final TransactionTemplate transactions;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending<?>> pending = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean open = true;

    public GroupCommit(PlatformTransactionManager transactionManager,
                       @Value("${bawaba.applications.group-commit.max-batch:64}") int maxBatch) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.maxBatch = maxBatch;
        if (maxBatch > 1) {
            committer = new Thread(this::commitLoop, "group-commit");
            committer.setDaemon(true);
            committer.start();
        } else {
            committer = null;
        }
    }

    /**
     * Runs {@code work} (writes through the store's {@code @Transactional} methods, which join the batch's transaction)
     * and returns its result once committed, or throws what it threw. Alone in its own transaction when grouping is
     * off or the caller is already in a transaction (whose commit must stay the caller's).
     */
    public <T> T run(Supplier<T> work) {
        if (committer == null || !open || TransactionSynchronizationManager.isActualTransactionActive()) {
            return transactions.execute(status -> work.get());
        }
        Pending<T> mine = new Pending<>(work, new CompletableFuture<>());
        pending.add(mine);
        if (!open && pending.remove(mine)) {
            // closed while it was queued, and the committer has not taken it: it may have ended already
            return transactions.execute(status -> work.get());
        }
        try {
            return mine.outcome().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void commitLoop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (open || !pending.isEmpty()) {
            try {
                Pending<?> first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pending.drainTo(batch, maxBatch - 1);
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        try {
            transactions.executeWithoutResult(status -> {
                for (Pending<?> p : batch) {
                    results.add(p.work().get());
                }
            });
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).outcome().completeExceptionally(e);
                return;
            }
            // what ran inside the rolled-back transaction is void: each write runs again alone, for its own outcome
            LOG.debug("A group commit of {} writes failed ({}); each runs alone", batch.size(), e.toString());
            for (Pending<?> p : batch) {
                try {
                    p.complete(transactions.execute(status -> p.work().get()));
                } catch (RuntimeException | Error alone) {
                    p.outcome().completeExceptionally(alone);
                }
            }
            return;
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("Committed {} writes at once", batch.size());
        }
        // only now, committed: the callers answer and acknowledge
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
        }
    }

    /** Writes waiting for the committer. */
    int waiting() {
        return pending.size();
    }

    @PreDestroy
    void close() throws InterruptedException {
        // what is queued still commits before the loop ends; later callers run alone
        open = false;
        if (committer != null) {
            committer.join(10_000);
        }
    }
}
