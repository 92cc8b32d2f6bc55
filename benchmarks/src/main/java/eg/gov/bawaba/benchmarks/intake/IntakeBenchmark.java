package eg.gov.bawaba.benchmarks.intake;

import eg.gov.bawaba.hub.BawabaApplication;
import eg.gov.bawaba.hub.security.DevTokenKey;
import eg.gov.bawaba.hub.security.Scopes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Durable application intake benchmark (docs/benchmarks.md, "Durable application intake"): starts the real hub in
 * this JVM (embedded Artemis and H2 included) with one entity whose catalogue feed and REST application endpoint are
 * an in-process stub, then drives {@code POST /api/v1/applications} closed-loop with N clients, each application with
 * its own Idempotency-Key, and counts the deliveries the stub receives until the entity's queue drains.
 *
 * <p>Settings ({@code -Dbench.intake.*}): clients (comma-separated levels, default 8,32), warmupSeconds (10),
 * measureSeconds (30), consumers (the entity's delivery consumers, 8), drainSeconds (120), out (the markdown
 * fragment written, default target/intake-java.md), keepData (false), hubArgs (extra Spring Boot arguments for the
 * hub, space-separated, e.g. {@code --spring.jms.cache.session-cache-size=64}).
 */
public final class IntakeBenchmark {

    static final String ENTITY = "bench-intake";

    private IntakeBenchmark() {}

    public static void main(String[] args) {
        int status = 0;
        try {
            run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        // Artemis and Camel leave non-daemon threads behind after the context closes
        System.exit(status);
    }

    /** One concurrency level's outcome. */
    record Level(int clients, long accepted, long errors, double seconds, Histogram latency, double cpuPercent,
                 long deliveredDuring, long totalAccepted, double drainSeconds, double endToEndSeconds,
                 boolean drained, double cpuMillisPerApplication) {

        double intakeRate() {
            return accepted / seconds;
        }

        double deliveryRateDuring() {
            return deliveredDuring / seconds;
        }

        double endToEndRate() {
            return totalAccepted / endToEndSeconds;
        }
    }

    private static void run() throws Exception {
        List<Integer> levels = Arrays.stream(System.getProperty("bench.intake.clients", "8,32").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        int warmup = Integer.getInteger("bench.intake.warmupSeconds", 10);
        int measure = Integer.getInteger("bench.intake.measureSeconds", 30);
        int consumers = Integer.getInteger("bench.intake.consumers", 8);
        int drainSeconds = Integer.getInteger("bench.intake.drainSeconds", 120);
        boolean keepData = Boolean.getBoolean("bench.intake.keepData");
        List<String> hubArgs = Arrays.stream(System.getProperty("bench.intake.hubArgs", "").trim().split("\\s+"))
                .filter(a -> !a.isEmpty()).toList();
        Path moduleDir = Path.of("").toAbsolutePath();
        Path repoRoot = repositoryRoot(moduleDir);
        Path target = Files.createDirectories(moduleDir.resolve("target"));
        Path out = Path.of(System.getProperty("bench.intake.out", target.resolve("intake-java.md").toString()));
        Path dataDir = target.resolve("intake-data").resolve(UUID.randomUUID().toString());
        String machine = machine();
        log(machine);
        String settings = "clients=" + levels + ", warmup=" + warmup + "s, measure=" + measure + "s, consumers="
                + consumers + (hubArgs.isEmpty() ? "" : ", hubArgs=" + hubArgs);
        log("Settings: " + settings);

        List<Level> results = new ArrayList<>();
        ConfigurableApplicationContext hub = null;
        try (EntityStub stub = new EntityStub(repoRoot, 8)) {
            int port = freePort();
            Path entities = entitiesFolder(repoRoot, stub, consumers);
            long t0 = System.nanoTime();
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + port,
                    "--server.address=127.0.0.1",
                    // every /api and /ops call needs a bearer token: profile dev trusts the local development key,
                    // whose token (all scopes) is minted below, after start
                    "--spring.profiles.active=dev",
                    "--bawaba.entities.dir=" + entities,
                    "--bawaba.data-dir=" + dataDir.toAbsolutePath(),
                    "--bawaba.catalogue.scheduling=false",
                    // the load comes from one client; it measures the hub, not its rate limit
                    "--bawaba.rate-limit.enabled=false",
                    "--spring.main.banner-mode=off",
                    "--logging.level.root=WARN"));
            args.addAll(hubArgs);
            hub = SpringApplication.run(BawabaApplication.class, args.toArray(String[]::new));
            log("Hub started in " + seconds(t0) + " s on port " + port);
            URI base = URI.create("http://127.0.0.1:" + port);
            // far longer than any run; one token for every request, so minting costs nothing inside the measurement
            String authorization = "Bearer " + hub.getBean(DevTokenKey.class).mint("bawaba-bench", Scopes.ALL,
                    Duration.ofHours(24));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> sync = http.send(HttpRequest.newBuilder(base.resolve("/ops/v1/entities/" + ENTITY + "/sync"))
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (sync.statusCode() != 200 || !sync.body().contains("SUCCEEDED")) {
                throw new IllegalStateException("catalogue sync answered " + sync.statusCode() + ": " + sync.body());
            }
            log("Catalogue synced: " + sync.body());
            byte[] body = applicationBody();
            for (int clients : levels) {
                Level level = level(http, base, authorization, body, stub, clients, warmup, measure, drainSeconds);
                results.add(level);
                log(describe(level));
            }
            Files.writeString(out, report(machine, settings, body.length, results),
                    StandardCharsets.UTF_8);
            log("Wrote " + out);
        } finally {
            if (hub != null) {
                hub.close();
            }
            if (!keepData) {
                deleteRecursively(dataDir);
            }
        }
    }

    private static Level level(HttpClient http, URI base, String authorization, byte[] body, EntityStub stub,
                               int clients, int warmup, int measure, int drainSeconds) throws InterruptedException {
        URI submit = base.resolve("/api/v1/applications");
        Recorder recorder = new Recorder(60_000_000_000L, 3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong total = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long deliveredBefore = stub.delivered();
        long levelStart = System.nanoTime();
        long cpuAtLevelStart = processCpuNanos();
        long stopAt = levelStart + (warmup + measure) * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < stopAt) {
                    HttpRequest request = HttpRequest.newBuilder(submit)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .header("Authorization", authorization)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - start;
                        if (response.statusCode() == 202) {
                            recorder.recordValue(Math.min(took, 59_000_000_000L));
                            accepted.incrementAndGet();
                            total.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, response.statusCode() + " " + response.body());
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "intake-client-" + i);
            t.start();
            threads.add(t);
        }
        Thread.sleep(warmup * 1000L);
        recorder.getIntervalHistogram(); // discards the warm-up
        long acceptedAtStart = accepted.get();
        long errorsAtStart = errors.get();
        long deliveredAtStart = stub.delivered();
        long cpuAtStart = processCpuNanos();
        long measureStart = System.nanoTime();
        Thread.sleep(measure * 1000L);
        Histogram latency = recorder.getIntervalHistogram();
        double window = seconds(measureStart);
        long acceptedInWindow = accepted.get() - acceptedAtStart;
        long errorsInWindow = errors.get() - errorsAtStart;
        long deliveredInWindow = stub.delivered() - deliveredAtStart;
        double cpu = (processCpuNanos() - cpuAtStart) / 1e9 / window / Runtime.getRuntime().availableProcessors() * 100;
        for (Thread t : threads) {
            t.join();
        }
        long loadStopped = System.nanoTime();
        if (firstError.get() != null) {
            log("First error at " + clients + " clients: " + firstError.get());
        }
        long expected = deliveredBefore + total.get();
        long drainDeadline = loadStopped + drainSeconds * 1_000_000_000L;
        while (stub.delivered() < expected && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        boolean drained = stub.delivered() >= expected;
        long last = drained ? stub.lastDeliveryNanos() : System.nanoTime();
        // the whole JVM's CPU (hub, broker, database, load generator and stub) from the first request to the last
        // delivery, per application: less at the mercy of other processes than a rate on a shared machine
        double cpuPerApplication = (processCpuNanos() - cpuAtLevelStart) / 1e6 / Math.max(1, total.get());
        return new Level(clients, acceptedInWindow, errorsInWindow, window, latency, cpu, deliveredInWindow,
                total.get(), Math.max(0, last - loadStopped) / 1e9, (last - levelStart) / 1e9, drained,
                cpuPerApplication);
    }

    private static Path entitiesFolder(Path repoRoot, EntityStub stub, int consumers) throws IOException {
        Path entities = Files.createTempDirectory("bawaba-intake-entities");
        Path mappings = Files.createDirectories(entities.resolve("bench"));
        for (String file : new String[] {"catalogue.jsonata", "code-lists.yaml", "application.jsonata"}) {
            Files.copy(repoRoot.resolve("config/entities/emigration").resolve(file), mappings.resolve(file));
        }
        Files.writeString(entities.resolve(ENTITY + ".yaml"), """
                id: %s
                names: {ar: جهة قياس أداء الطلبات, en: Applications intake benchmark entity}
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: %s
                    path: %s
                    recordsPointer: /items
                    paging: {style: page, pageParam: page, sizeParam: size, firstPage: 0, pageSize: 100}
                    timeout: 30s
                    retries: 0
                  # never due: the benchmark syncs on demand only
                  schedule: {every: 365d, initialDelay: 365d}
                  mapping: bench/catalogue.jsonata
                  codeLists: bench/code-lists.yaml
                applications:
                  connector:
                    kind: rest
                    baseUrl: %s
                    path: %s
                    referencePointer: /reference
                    timeout: 10s
                    consumers: %d
                  mapping: bench/application.jsonata
                  maxAttempts: 5
                """.formatted(ENTITY, stub.feedBaseUrl(), EntityStub.FEED_PATH, stub.entityBaseUrl(),
                EntityStub.APPLICATIONS_PATH, consumers), StandardCharsets.UTF_8);
        return entities;
    }

    /** The car-import application of the hub's ApplicationsTest, for this benchmark's entity. */
    private static byte[] applicationBody() {
        String nationalId = "29001011234567";
        String passport = "A12345678";
        return """
                {"entryId": "%s.CAR-IMPORT-01",
                 "applicant": {"nationalId": "%s", "passportNumber": "%s",
                               "name": {"ar": "أحمد محمد علي", "en": "Ahmed Mohamed Aly"},
                               "countryOfResidence": "SA", "contact": {"email": "ahmed@example.com", "phone": "+966501234567"}},
                 "fields": {"nationalId": "%s", "passportNumber": "%s", "residenceCountry": "SA",
                            "vehicleVin": "1HGCM82633A004352", "vehicleModelYear": 2024}}
                """.formatted(ENTITY, nationalId, passport, nationalId, passport).getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(Level l) {
        Histogram h = l.latency();
        return String.format(Locale.ROOT, "%d clients: intake %.0f applications/s (%d accepted, %d errors in %.1f s), "
                        + "latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f, JVM CPU %.0f%%; delivered during intake "
                        + "%.0f/s; end to end %d applications in %.1f s = %.0f/s, drained %.1f s after load, JVM CPU %.2f ms "
                        + "per application end to end%s",
                l.clients(), l.intakeRate(), l.accepted(), l.errors(), l.seconds(), ms(h, 50), ms(h, 90), ms(h, 99),
                h.getMaxValue() / 1e6, l.cpuPercent(), l.deliveryRateDuring(), l.totalAccepted(), l.endToEndSeconds(),
                l.endToEndRate(), l.drainSeconds(), l.cpuMillisPerApplication(),
                l.drained() ? "" : " (NOT DRAINED before the deadline)");
    }

    private static String report(String machine, String settings, int bodyBytes, List<Level> results) {
        StringBuilder md = new StringBuilder();
        md.append("Hub run: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(". ")
                .append(machine).append("\n\n")
                .append(String.format(Locale.ROOT, "Settings: %s. Closed loop, warm-up then measured window per "
                        + "level; %d-byte application body (car import), unique Idempotency-Key each; hub, embedded "
                        + "Artemis, H2, load generator and entity stub in one JVM.%n%n", settings, bodyBytes))
                .append("| clients | intake applications/s | p50 ms | p90 ms | p99 ms | max ms | errors | JVM CPU "
                        + "| delivered/s during intake | end-to-end applications | end-to-end applications/s | drain after load s "
                        + "| JVM CPU ms per application |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Level l : results) {
            Histogram h = l.latency();
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %.0f%% | %.0f | %d | %.0f%s | %.1f | %.2f |%n",
                    l.clients(), l.intakeRate(), ms(h, 50), ms(h, 90), ms(h, 99), h.getMaxValue() / 1e6, l.errors(),
                    l.cpuPercent(), l.deliveryRateDuring(), l.totalAccepted(), l.endToEndRate(),
                    l.drained() ? "" : " (not drained)", l.drainSeconds(), l.cpuMillisPerApplication()));
        }
        md.append("\nEnd-to-end applications/s: all applications accepted in the level (warm-up included) divided by "
                + "the time from the level's first request to the stub's last delivery. JVM CPU ms per application: "
                + "the process's CPU time over that same span divided by those applications.\n");
        return md.toString();
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static String machine() {
        String cpu = "?";
        String mem = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.1f", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
                    .findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            // best effort
        }
        Runtime rt = Runtime.getRuntime();
        return "Machine: " + cpu + ", " + rt.availableProcessors() + " cores, " + mem + " GiB RAM; JDK "
                + System.getProperty("java.runtime.version") + ", max heap " + rt.maxMemory() / 1048576 + " MiB.";
    }

    private static Path repositoryRoot(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/entities/emigration/application.jsonata"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from the repository or its benchmarks module: no config/entities above " + from);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void log(String message) {
        System.out.println("[intake-bench] " + message);
    }
}
