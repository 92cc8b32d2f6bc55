package eg.gov.bawaba.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated government entity systems, served together on one loopback port until closed. */
public final class SandboxEntities implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxEntities.class);
    private static final int THREADS = 4;

    static {
        // the JDK's server writes a response's headers and body apart; with Nagle's algorithm on, the body waits for
        // the caller's delayed ACK (about 40 ms on Linux) and every call to a simulated entity would take that long,
        // as no real entity's web server does (docs/benchmarks.md, "Delivery waited for the stub")
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AutoCloseable consularServices;
    private final SandboxFaults faults;

    private SandboxEntities(HttpServer server, ExecutorService executor, AutoCloseable consularServices,
                            SandboxFaults faults) {
        this.server = server;
        this.executor = executor;
        this.consularServices = consularServices;
        this.faults = faults;
    }

    /**
     * Starts every simulated entity on 127.0.0.1 at the given port (0 picks a free one); the emigration API key
     * is read from {@code EMIGRATION_API_KEY} at each request, the foreign affairs SOAP account from
     * {@code FOREIGN_AFFAIRS_USER} and {@code FOREIGN_AFFAIRS_PASSWORD}; their status callbacks are signed with
     * {@code EMIGRATION_CALLBACK_SECRET} and {@code FOREIGN_AFFAIRS_CALLBACK_SECRET}.
     */
    public static SandboxEntities start(int port) {
        return start(port, () -> SandboxSettings.lookup(SandboxSettings.EMIGRATION_API_KEY));
    }

    static SandboxEntities start(int port, Supplier<Optional<String>> emigrationApiKey) {
        return start(port, emigrationApiKey, ForeignAffairsConsularServices::credentialsFromSettings);
    }

    static SandboxEntities start(int port, Supplier<Optional<String>> emigrationApiKey,
                                 Supplier<Optional<UsernameTokenCheck.Credentials>> consularAccount) {
        HttpServer server;
        try {
            // loopback only: the sandbox holds demo credentials and must never be reachable from the network
            InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
            server = HttpServer.create(new InetSocketAddress(loopback, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox entities on 127.0.0.1:" + port, e);
        }
        // every entity sits behind the fault switch (docs/sandbox-faults.md); without a fault it touches nothing
        SandboxFaults faults = new SandboxFaults();
        server.createContext(EmigrationPrivilegesApi.PATH,
                new EmigrationPrivilegesApi(SandboxData.records("emigration/privileges.json"), emigrationApiKey))
                .getFilters().add(faults.rest("emigration", SandboxFaults.Scope.CATALOGUE, "PrivilegeServlet"));
        server.createContext(OpenApiDocumentApi.EMIGRATION_PATH, new OpenApiDocumentApi(
                OpenApiDocumentApi.EMIGRATION_PATH, "emigration/privileges-openapi.yaml"));
        EmigrationApplicationsApi emigrationApplications = new EmigrationApplicationsApi(emigrationApiKey,
                ForeignAffairsConsularServices::hubUrlFromSettings,
                () -> SandboxSettings.lookup(SandboxSettings.EMIGRATION_CALLBACK_SECRET),
                List.of(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        server.createContext(EmigrationApplicationsApi.PATH, emigrationApplications)
                .getFilters().add(faults.rest("emigration", SandboxFaults.Scope.APPLICATIONS, "ApplicationServlet"));
        server.createContext(DigitalEgyptServicesApi.PATH,
                new DigitalEgyptServicesApi(SandboxData.records("digital-egypt/services.json")))
                .getFilters().add(faults.rest("digital-egypt", SandboxFaults.Scope.CATALOGUE, "CatalogController"));
        server.createContext(OffsetPagedFeedApi.TRAINING_PATH, new OffsetPagedFeedApi(OffsetPagedFeedApi.TRAINING_PATH,
                "data", SandboxData.records("digital-training/programmes.json")))
                .getFilters().add(faults.rest("digital-training", SandboxFaults.Scope.CATALOGUE, "ProgrammeFeed"));
        server.createContext(HigherEducationScientistsApi.PATH, new HigherEducationScientistsApi(
                () -> SandboxSettings.lookup(HigherEducationScientistsApi.API_KEY)))
                .getFilters().add(faults.rest("higher-education", SandboxFaults.Scope.APPLICATIONS, "ScientistsRegistry"));
        server.createContext(OffsetPagedFeedApi.CONTENT_PATH, new OffsetPagedFeedApi(OffsetPagedFeedApi.CONTENT_PATH,
                "items", SandboxData.records("mcit-content/content.json")))
                .getFilters().add(faults.rest("mcit-content", SandboxFaults.Scope.CATALOGUE, "ContentFeed"));
        server.createContext(SandboxFaultsApi.PATH, new SandboxFaultsApi(faults));
        server.createContext(SandboxLedgerApi.PATH,
                new SandboxLedgerApi(Map.of("emigration", emigrationApplications::ledger)));
        server.createContext("/", exchange -> {
            try {
                JsonExchange.send(exchange, 404, Map.of("error", "not_found", "message", "No simulated entity here"));
            } finally {
                exchange.close();
            }
        });
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "sandbox-entities-" + threadNumber.incrementAndGet());
            // a forgotten close() must not keep the demo's JVM alive
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        AutoCloseable consularServices = ForeignAffairsConsularServices.publish(server, consularAccount,
                List.of(faults.soap("foreign-affairs", "SubmitConsularApplication", "ConsularRegistryBean")));
        server.start();
        SandboxEntities entities = new SandboxEntities(server, executor, consularServices, faults);
        LOG.info("Sandbox entities listening on {} ({}, {}, {}, {}, {}, {} over SOAP; fault switch {})",
                entities.baseUrl(), EmigrationPrivilegesApi.PATH, DigitalEgyptServicesApi.PATH,
                OffsetPagedFeedApi.TRAINING_PATH, OffsetPagedFeedApi.CONTENT_PATH, HigherEducationScientistsApi.PATH,
                ForeignAffairsConsularServices.PATH, SandboxFaultsApi.PATH);
        return entities;
    }

    /** The port actually bound, useful when started on port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The root URL of the simulated entities, e.g. {@code http://127.0.0.1:8091}. */
    public String baseUrl() {
        return "http://" + address().getAddress().getHostAddress() + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        faults.close();
        try {
            consularServices.close();
        } catch (Exception e) {
            LOG.warn("Could not stop the simulated consular services cleanly: {}", e.getMessage());
        }
    }
}
