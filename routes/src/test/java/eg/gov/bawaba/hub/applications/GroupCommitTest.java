package eg.gov.bawaba.hub.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Writes of concurrent callers share a commit, each caller returns once it is done, and a bad write fails alone. */
class GroupCommitTest {

    private JdbcTemplate jdbc;
    private JdbcTemplate reader;
    private GroupCommit commits;
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @BeforeEach
    void database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:group-commit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(h2);
        jdbc = new JdbcTemplate(transactions.getDataSource());
        reader = new JdbcTemplate(h2);
        jdbc.execute("CREATE TABLE written (id VARCHAR(40) PRIMARY KEY)");
        commits = new GroupCommit(transactions, 64);
    }

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        commits.close();
    }

    @Test
    void eachCallerFindsItsWriteCommittedWhenItReturns() throws Exception {
        List<Future<Integer>> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "row-" + i;
            seen.add(callers.submit(() -> {
                commits.run(() -> jdbc.update("INSERT INTO written (id) VALUES (?)", id));
                // another connection: only what is committed is visible to it
                return reader.queryForObject("SELECT COUNT(*) FROM written WHERE id = ?", Integer.class, id);
            }));
        }

        for (Future<Integer> f : seen) {
            assertThat(f.get()).isEqualTo(1);
        }
    }

    @Test
    void aWriteThatFailsInASharedCommitFailsOnlyItsOwnCaller() throws Exception {
        jdbc.update("INSERT INTO written (id) VALUES ('taken')");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // holds the committer inside its transaction until the next two writes wait together behind it
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> commits.run(() -> {
            inside.countDown();
            hold(release);
            return jdbc.update("INSERT INTO written (id) VALUES ('first')");
        }), callers);
        hold(inside);
        Future<Integer> good = callers.submit(() -> commits.run(
                () -> jdbc.update("INSERT INTO written (id) VALUES ('good')")));
        Future<Throwable> duplicate = callers.submit(() -> {
            try {
                commits.run(() -> jdbc.update("INSERT INTO written (id) VALUES ('taken')"));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        await().until(() -> commits.waiting() == 2);

        release.countDown();

        assertThat(first.get()).isEqualTo(1);
        assertThat(good.get()).isEqualTo(1);
        assertThat(duplicate.get()).isInstanceOf(DuplicateKeyException.class);
        assertThat(reader.queryForList("SELECT id FROM written ORDER BY id", String.class))
                .containsExactly("first", "good", "taken");
    }

    @Test
    void runsAloneInsideACallersOwnTransaction() {
        Integer written = new org.springframework.transaction.support.TransactionTemplate(
                new DataSourceTransactionManager(jdbc.getDataSource())).execute(status -> {
                    int n = commits.run(() -> jdbc.update("INSERT INTO written (id) VALUES ('inside')"));
                    status.setRollbackOnly();
                    return n;
                });

        assertThat(written).isEqualTo(1);
        // the caller rolled back its transaction, and the write with it: it was never committed on its own
        assertThat(reader.queryForObject("SELECT COUNT(*) FROM written", Integer.class)).isZero();
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
