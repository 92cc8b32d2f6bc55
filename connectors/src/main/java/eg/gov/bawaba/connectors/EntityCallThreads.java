package eg.gov.bawaba.connectors;

import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * The threads on which an entity's circuit breaker runs its calls under a time limit: a pool of its own per route,
 * made from one thread pool profile, whose threads are kept between calls.
 *
 * <p>Without it Camel hands each call to {@code CompletableFuture.supplyAsync}, which runs it on the JVM's common
 * fork-join pool, or, on a machine of one or two cores, on a new thread for every call (docs/benchmarks.md, "A thread
 * per entity call"). The common pool is sized for computation, not for calls that wait on an entity: on a larger
 * machine every entity's calls would have queued behind its few threads.
 */
public final class EntityCallThreads {

    /** The thread pool profile each breaker makes its route's pool from. */
    public static final String PROFILE = "bawaba-entity-calls";
    /**
     * Threads of one route at most: its consumers' calls and the calls that outlived their time limit (the limit stops
     * the wait, not the call). Beyond it a call is refused and counts as a failed attempt.
     */
    static final int MAX_THREADS = 64;

    private EntityCallThreads() {}

    /** Runs the breaker's calls on a pool of its route's own ({@link #registerFor} its template). */
    public static void use(Resilience4jConfigurationDefinition breaker) {
        breaker.setTimeoutExecutorService(PROFILE);
    }

    /**
     * Registers the profile when the template makes a route; without it the breaker would fall back to a thread per
     * call, silently.
     */
    public static void registerFor(RouteTemplateDefinition template) {
        template.configure(rtc -> register(rtc.getCamelContext()));
    }

    /** Registers the profile once per Camel context. */
    public static void register(CamelContext context) {
        ExecutorServiceManager threads = context.getExecutorServiceManager();
        synchronized (threads) {
            if (threads.getThreadPoolProfile(PROFILE) == null) {
                threads.registerThreadPoolProfile(new ThreadPoolProfileBuilder(PROFILE)
                        // a core of 1, not 0: Camel turns a pool of 0 without a queue into a pool of one thread
                        .poolSize(1).maxPoolSize(MAX_THREADS).maxQueueSize(0)
                        .keepAliveTime(60L, TimeUnit.SECONDS).allowCoreThreadTimeOut(true)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort)
                        .build());
            }
        }
    }
}
