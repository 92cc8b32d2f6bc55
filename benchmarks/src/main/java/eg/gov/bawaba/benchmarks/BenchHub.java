package eg.gov.bawaba.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.hub.BawabaApplication;
import eg.gov.bawaba.hub.security.DevTokenKey;
import eg.gov.bawaba.hub.security.Scopes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The real hub, started in this JVM on a free port with a temporary entities folder of benchmark entities. */
final class BenchHub implements AutoCloseable {

    /** The outcome of one on-demand sync: its wall-clock time as the caller saw it and the hub's sync report. */
    record SyncRun(String entityId, int records, double seconds, JsonNode report, CpuMeter.Usage cpu) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far longer than any run: the token is minted once, after start, and sent with every request. */
    private static final Duration TOKEN_VALIDITY = Duration.ofHours(24);

    private final ConfigurableApplicationContext context;
    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private BenchHub(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.authorization = "Bearer " + context.getBean(DevTokenKey.class).mint("bawaba-bench", Scopes.ALL,
                TOKEN_VALIDITY);
    }

    /**
     * Starts the hub with one rest entity per name, each reading the feed of the same name from {@code feeds}.
     *
     * @param repoRoot the repository, whose emigration mapping and code lists every benchmark entity uses
     */
    static BenchHub start(Path repoRoot, FeedServer feeds, List<String> entityIds, int pageSize, Path dataDir,
                          List<String> extraArgs) throws IOException {
        int port = freePort();
        List<String> args = arguments(repoRoot, feeds, entityIds, pageSize, dataDir, extraArgs, port);
        ConfigurableApplicationContext context = SpringApplication.run(BawabaApplication.class,
                args.toArray(String[]::new));
        return new BenchHub(context, port);
    }

    /**
     * The hub's command-line arguments for the entities, data folder and port given; a process started apart uses them
     * too.
     */
    static List<String> arguments(Path repoRoot, FeedServer feeds, List<String> entityIds, int pageSize, Path dataDir,
                                  List<String> extraArgs, int port) throws IOException {
        Path entities = Files.createTempDirectory("bawaba-bench-entities");
        Path mappings = Files.createDirectories(entities.resolve("bench"));
        for (String file : new String[] {"catalogue.jsonata", "code-lists.yaml"}) {
            Files.copy(repoRoot.resolve("config/entities/emigration").resolve(file), mappings.resolve(file));
        }
        for (String id : entityIds) {
            Files.writeString(entities.resolve(id + ".yaml"), definition(id, feeds.baseUrl(id), pageSize),
                    StandardCharsets.UTF_8);
        }
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                // every /api and /ops call needs a bearer token: profile dev trusts the local development key, whose
                // token (all scopes) the benchmark mints after start
                "--spring.profiles.active=dev",
                "--bawaba.entities.dir=" + entities,
                "--bawaba.data-dir=" + dataDir.toAbsolutePath(),
                "--bawaba.catalogue.scheduling=false",
                // the load comes from one client; it measures the hub, not its rate limit
                "--bawaba.rate-limit.enabled=false",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                // the ops sync answers through Spring MVC async processing, whose default 30 s timeout would answer 503
                // while a long sync carries on (see docs/benchmarks.md)
                "--spring.mvc.async.request-timeout=30m",
                // a measured sync of a large feed answers with its report, however long it takes
                "--bawaba.ops.sync-wait=30m"));
        args.addAll(extraArgs);
        return args;
    }

    private static String definition(String id, String baseUrl, int pageSize) {
        return """
                id: %s
                names:
                  ar: وزارة الهجرة - بيانات قياس الأداء
                  en: Ministry of Emigration - benchmark data
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: %s
                    path: %s
                    recordsPointer: /items
                    paging: {style: page, pageParam: page, sizeParam: size, firstPage: 0, pageSize: %d}
                    # generous: one page of %d records must never be cut off by the breaker's time limit
                    timeout: 120s
                    retries: 0
                  # never due: the benchmark syncs on demand only
                  schedule: {every: 365d, initialDelay: 365d}
                  mapping: bench/catalogue.jsonata
                  codeLists: bench/code-lists.yaml
                """.formatted(id, baseUrl, FeedServer.PATH, pageSize, pageSize);
    }

    URI base() {
        return base;
    }

    /** A bean of the hub running in this JVM, for what the benchmark observes but no API shows. */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The Authorization header value every request to the hub carries: a token of the development key, all scopes. */
    String authorization() {
        return authorization;
    }

    /** Runs {@code POST /ops/v1/entities/{id}/sync} and times it end to end. */
    SyncRun sync(String entityId, int records) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/ops/v1/entities/" + entityId + "/sync"))
                .timeout(Duration.ofMinutes(30))
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        CpuMeter cpu = CpuMeter.start();
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        CpuMeter.Usage usage = cpu == null ? null : cpu.stop();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sync of " + entityId + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        JsonNode report = JSON.readTree(response.body());
        if (!"SUCCEEDED".equals(report.path("outcome").asText())) {
            throw new IllegalStateException("sync of " + entityId + " failed: " + report);
        }
        return new SyncRun(entityId, records, seconds, report, usage);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The hub's own data folder for this run, inside the module's target folder. */
    static Path newDataDir(Path moduleDir) {
        return moduleDir.resolve("target/bench-data").resolve(UUID.randomUUID().toString());
    }

    @Override
    public void close() {
        context.close();
    }
}
