package eg.gov.bawaba.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool a breaker's route makes from the entity-call profile: concurrent, kept, and bounded. */
class EntityCallThreadsTest {

    private CamelContext camel;
    private ExecutorService calls;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void aRoutesPool() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        EntityCallThreads.register(camel);
        EntityCallThreads.register(camel);
        calls = camel.getExecutorServiceManager().newThreadPool(this, "CircuitBreaker", EntityCallThreads.PROFILE);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        camel.getExecutorServiceManager().shutdownNow(calls);
        camel.close();
    }

    @Test
    void runsTheCallsOfEightConsumersAtOnce() throws Exception {
        CountDownLatch running = new CountDownLatch(8);
        for (int i = 0; i < 8; i++) {
            calls.submit(() -> {
                running.countDown();
                release.await();
                return null;
            });
        }
        assertThat(running.await(10, TimeUnit.SECONDS)).as("all eight calls running together").isTrue();
    }

    @Test
    void keepsItsThreadsForTheNextCalls() throws Exception {
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            calls.submit(() -> used.add(Thread.currentThread())).get(10, TimeUnit.SECONDS);
        }
        // a call may come before the last one's thread is back waiting, and get a second thread; not one per call
        assertThat(used).hasSizeLessThan(5).allSatisfy(t -> assertThat(t.getName()).endsWith("CircuitBreaker"));
    }

    @Test
    void refusesACallBeyondItsThreadsInsteadOfQueueingIt() throws Exception {
        CountDownLatch running = new CountDownLatch(EntityCallThreads.MAX_THREADS);
        List<Future<?>> held = new ArrayList<>();
        for (int i = 0; i < EntityCallThreads.MAX_THREADS; i++) {
            held.add(calls.submit(() -> {
                running.countDown();
                release.await();
                return null;
            }));
        }
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> calls.submit(() -> null)).isInstanceOf(RejectedExecutionException.class);
        assertThat(held).hasSize(EntityCallThreads.MAX_THREADS);
    }
}
