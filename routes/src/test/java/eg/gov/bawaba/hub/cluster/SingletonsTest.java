package eg.gov.bawaba.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A singleton job runs on one hub of a cluster at a time, and moves to another hub when its leader stops: two Camel
 * contexts (two hubs) with the file-lock leadership of profile cluster on one shared folder.
 */
class SingletonsTest {

    private static final Duration INTERVAL = Duration.ofMillis(500);

    private final Path locks = tempLocks();
    private final Hub first = new Hub("hub-1");
    private final Hub second = new Hub("hub-2");

    @AfterEach
    void stopHubs() {
        first.camel.stop();
        second.camel.stop();
    }

    @Test
    void runsTheJobOnOneHubOnlyAndMovesItWhenTheLeaderStops() throws Exception {
        first.start();
        second.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> first.runs.get() + second.runs.get() >= 5);
        Hub leader = first.runs.get() > 0 ? first : second;
        Hub follower = leader == first ? second : first;
        await().atMost(Duration.ofSeconds(20)).until(() -> leader.runs.get() >= 20);
        assertThat(follower.runs.get()).as("the follower ran the job while the leader did").isZero();

        Instant stopped = Instant.now();
        leader.camel.stop();

        await().atMost(Duration.ofSeconds(30)).until(() -> follower.runs.get() > 0);
        assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(30));
        int leaderRuns = leader.runs.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> follower.runs.get() >= 5);
        assertThat(leader.runs.get()).as("the stopped hub runs nothing").isEqualTo(leaderRuns);
    }

    @Test
    void leavesTheConsumerOfASingleHubAsItIs() {
        Singletons single = new Singletons(false);

        assertThat(single.from("applications-requeue", "timer:applications-requeue?period=30000"))
                .isEqualTo("timer:applications-requeue?period=30000");
        assertThat(single.prefix("lab-catalogue")).isEmpty();
        assertThat(new Singletons(true).from("lab-status", "timer:lab-status-poll"))
                .isEqualTo("master:bawaba-lab-status:timer:lab-status-poll");
    }

    /** A hub as far as leadership goes: a Camel context with the cluster's leadership and one singleton job. */
    private final class Hub {
        final DefaultCamelContext camel = new DefaultCamelContext();
        final AtomicInteger runs = new AtomicInteger();
        final String id;

        Hub(String id) {
            this.id = id;
        }

        void start() throws Exception {
            camel.getCamelContextExtension().setName(id);
            camel.addService(ClusterLeadership.fileLockService(locks, id, INTERVAL));
            Singletons singletons = new Singletons(true);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(singletons.from("sweep", "timer:sweep?period=50")).routeId("sweep")
                            .process(e -> runs.incrementAndGet());
                }
            });
            camel.start();
        }
    }

    private static Path tempLocks() {
        try {
            return Files.createDirectories(Path.of("target", "test-data", "locks-" + System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
