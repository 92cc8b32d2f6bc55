package eg.gov.bawaba.benchmarks;

import eg.gov.bawaba.hub.insights.Insights;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Interest insights benchmark (docs/benchmarks.md, "Interest insights"): starts the real hub with a generated
 * catalogue, drives {@code POST /api/v1/insights/events} with batches of anonymous events closed-loop and reports
 * events/s, then drives {@code GET /api/v1/insights/recommendations} and reports its latency.
 *
 * <p>Settings ({@code -Dbench.insights.*}): entries (catalogue size, 5000), batch (events per request, 500),
 * clients (ingestion clients, 4), rate (events/s the ingestion clients send together, paced; 0 = as fast as they can,
 * the default), recClients (recommendation clients, 4), warmupSeconds (10), measureSeconds (20), hubArgs (extra hub
 * arguments, space-separated). After ingestion it times the first report and how long the flush takes to write every
 * count still in memory.
 */
public final class InsightsBenchmark {

    private static final String ENTITY = "bench-insights";
    private static final String CODE_PREFIX = "PRV";
    private static final List<String> OCCUPATIONS = List.of("STUDENT", "HEALTHCARE", "ENGINEERING",
            "INFORMATION_TECHNOLOGY", "EDUCATION_RESEARCH", "BUSINESS_FINANCE", "SKILLED_TRADES", "RETIRED", "OTHER");

    private InsightsBenchmark() {}

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

    private static void run() throws Exception {
        int entries = Integer.getInteger("bench.insights.entries", 5000);
        int batch = Integer.getInteger("bench.insights.batch", 500);
        int clients = Integer.getInteger("bench.insights.clients", 4);
        int recClients = Integer.getInteger("bench.insights.recClients", 4);
        int rate = Integer.getInteger("bench.insights.rate", 0);
        int warmup = Integer.getInteger("bench.insights.warmupSeconds", 10);
        int measure = Integer.getInteger("bench.insights.measureSeconds", 20);
        List<String> hubArgs = List.of(System.getProperty("bench.insights.hubArgs", "").trim().split("\\s+")).stream()
                .filter(a -> !a.isEmpty()).toList();
        Path moduleDir = Path.of("").toAbsolutePath();
        Path repoRoot = repositoryRoot(moduleDir);
        Path target = Files.createDirectories(moduleDir.resolve("target"));
        String settings = "entries=" + entries + ", batch=" + batch + ", clients=" + clients
                + ", rate=" + (rate == 0 ? "unpaced" : rate + " events/s") + ", recClients="
                + recClients + ", warmup=" + warmup + "s, measure=" + measure + "s";
        log(Machine.describe());
        log("Settings: " + settings);
        StringBuilder md = new StringBuilder("# Interest insights\n\n").append(Machine.describe()).append("\n\n")
                .append("Settings: ").append(settings).append("\n\n");
        try (FeedServer feeds = new FeedServer()) {
            feeds.serve(ENTITY, NativeFeed.generate(CODE_PREFIX, entries, 20261128L));
            try (BenchHub hub = BenchHub.start(repoRoot, feeds, List.of(ENTITY), 1000,
                    BenchHub.newDataDir(moduleDir), hubArgs)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                awaitCatalogue(http, hub, entries - entries / NativeFeed.QUARANTINE_EVERY);

                List<byte[]> bodies = new ArrayList<>();
                SplittableRandom random = new SplittableRandom(7);
                for (int i = 0; i < 64; i++) {
                    bodies.add(events(random, entries, batch));
                }
                // per client, one batch every this many nanoseconds (0: the next as soon as the last is answered)
                long interval = rate == 0 ? 0 : (long) (1e9 * clients * batch / rate);
                Result ingest = ingest(http, hub, bodies, batch, clients, interval, warmup, measure);
                Insights insights = hub.bean(Insights.class);
                int notWritten = insights.cellsNotWritten();
                log(String.format("Counts still in memory after ingestion: %,d cells", notWritten));
                log(String.format("Ingestion: %,.0f events/s (%,.0f requests/s of %d events), request p50 %.1f ms, "
                                + "p99 %.1f ms, errors %d", ingest.rate() * batch, ingest.rate(), batch,
                        ingest.latency.getValueAtPercentile(50) / 1000.0,
                        ingest.latency.getValueAtPercentile(99) / 1000.0, ingest.errors));
                // the counts must be in the reports: a 202 that counted nothing would not be ingestion
                long asked = System.nanoTime();
                HttpResponse<String> top = http.send(HttpRequest.newBuilder(
                                hub.base().resolve("/api/v1/insights/top-interests?country=SA&limit=3"))
                        .header("Authorization", hub.authorization()).timeout(Duration.ofMinutes(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                double reportSeconds = (System.nanoTime() - asked) / 1e9;
                // the report reads the database plus the counts still in memory: it waits for no flush
                log(String.format("top-interests after ingestion: %.2f s, %d %s", reportSeconds, top.statusCode(),
                        top.body()));
                md.append(String.format("First report after ingestion: %.2f s%n%n", reportSeconds));
                if (top.statusCode() != 200 || !top.body().contains("\"views\"")) {
                    throw new IllegalStateException("ingested events are not in the report: " + top.body());
                }
                // the flush timer writes what is left; reports do not wait for it, but memory does
                long drainFrom = System.nanoTime();
                long drainUntil = drainFrom + Duration.ofMinutes(10).toNanos();
                while (insights.cellsNotWritten() > 0 && System.nanoTime() < drainUntil) {
                    Thread.sleep(100);
                }
                double drainSeconds = (System.nanoTime() - drainFrom) / 1e9;
                int left = insights.cellsNotWritten();
                log(String.format("Backlog of %,d cells written by the flush timer in %.1f s (%,d left)", notWritten,
                        drainSeconds, left));
                md.append(String.format("Counts in memory after ingestion: %,d cells; written by the flush timer "
                        + "within %.1f s after the report (%,d left)%n%n", notWritten, drainSeconds, left));

                Result recommend = recommend(http, hub, recClients, warmup, measure);
                log(String.format("Recommendations: %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d",
                        recommend.rate(), recommend.latency.getValueAtPercentile(50) / 1000.0,
                        recommend.latency.getValueAtPercentile(99) / 1000.0,
                        recommend.latency.getMaxValue() / 1000.0, recommend.errors));

                md.append("| measure | clients | rate | p50 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|\n")
                        .append(String.format("| ingestion (events/s, batches of %d) | %d | %,.0f | %.1f | %.1f | %.1f | %d |%n",
                                batch, clients, ingest.rate() * batch, ingest.latency.getValueAtPercentile(50) / 1000.0,
                                ingest.latency.getValueAtPercentile(99) / 1000.0, ingest.latency.getMaxValue() / 1000.0,
                                ingest.errors))
                        .append(String.format("| recommendations (requests/s) | %d | %,.0f | %.2f | %.2f | %.2f | %d |%n",
                                recClients, recommend.rate(), recommend.latency.getValueAtPercentile(50) / 1000.0,
                                recommend.latency.getValueAtPercentile(99) / 1000.0,
                                recommend.latency.getMaxValue() / 1000.0, recommend.errors));
            }
        }
        Files.writeString(target.resolve("insights-results.md"), md.toString());
        log("Written: " + target.resolve("insights-results.md"));
    }

    /** Requests per second over the measured window, their latency in microseconds, and failed requests. */
    record Result(long requests, double seconds, Histogram latency, long errors) {

        double rate() {
            return requests / seconds;
        }
    }

    private static Result ingest(HttpClient http, BenchHub hub, List<byte[]> bodies, int batch, int clients,
                                 long interval, int warmup, int measure) throws InterruptedException {
        URI uri = hub.base().resolve("/api/v1/insights/events");
        return closedLoop(clients, interval, warmup, measure, (random) -> HttpRequest.newBuilder(uri)
                .header("Authorization", hub.authorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(random.nextInt(bodies.size()))))
                .timeout(Duration.ofSeconds(30)).build(), http, 202);
    }

    private static Result recommend(HttpClient http, BenchHub hub, int clients, int warmup, int measure)
            throws InterruptedException {
        return closedLoop(clients, 0, warmup, measure, random -> {
            List<String> words = random.nextBoolean() ? TextBank.ENGLISH_QUERIES : TextBank.ARABIC_QUERIES;
            String interests = words.get(random.nextInt(words.size()))
                    + (random.nextBoolean() ? "," + words.get(random.nextInt(words.size())) : "");
            String path = "/api/v1/insights/recommendations?country=" + country(random)
                    + (random.nextInt(3) == 0 ? "" : "&occupation=" + OCCUPATIONS.get(random.nextInt(OCCUPATIONS.size())))
                    + "&limit=10&interests=" + URLEncoder.encode(interests, StandardCharsets.UTF_8);
            return get(hub, path);
        }, http, 200);
    }

    private interface Requests {
        HttpRequest next(SplittableRandom random);
    }

    /** Clients each sending a request when the last was answered, or (interval > 0) at most one per interval. */
    private static Result closedLoop(int clients, long interval, int warmup, int measure, Requests requests,
                                     HttpClient http, int expected) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + measure * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            SplittableRandom random = new SplittableRandom(1000 + c);
            long offset = interval * c / clients;
            Thread t = new Thread(() -> {
                long due = start + offset;
                while (true) {
                    if (interval > 0) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        due += interval;
                    }
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        return;
                    }
                    boolean ok;
                    try {
                        ok = http.send(requests.next(random), HttpResponse.BodyHandlers.discarding()).statusCode()
                                == expected;
                    } catch (Exception e) {
                        ok = false;
                    }
                    long finished = System.nanoTime();
                    if (sent >= measureFrom && finished <= end) {
                        recorder.recordValue((finished - sent) / 1000);
                        done.incrementAndGet();
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                }
            }, "insights-bench-" + c);
            t.start();
            threads.add(t);
        }
        // only requests sent and answered inside the measured window are recorded
        for (Thread t : threads) {
            t.join();
        }
        return new Result(done.get(), measure, recorder.getIntervalHistogram(), errors.get());
    }

    /** Starts a sync (the ops API answers 202 and runs it in the background) and waits for its entries. */
    private static void awaitCatalogue(HttpClient http, BenchHub hub, int expected) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(
                        hub.base().resolve("/ops/v1/entities/" + ENTITY + "/sync"))
                .header("Authorization", hub.authorization()).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 200 && started.statusCode() != 202) {
            throw new IllegalStateException("sync answered " + started.statusCode() + ": " + started.body());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = http.send(get(hub, "/api/v1/catalogue?entity=" + ENTITY + "&size=1"),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (last.contains("\"total\":" + expected + ",")) {
                log("Catalogue synced: " + expected + " entries");
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the catalogue did not reach " + expected + " entries: " + last);
    }

    private static HttpRequest get(BenchHub hub, String path) {
        return HttpRequest.newBuilder(hub.base().resolve(path)).header("Authorization", hub.authorization())
                .header("Accept-Language", "en").timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** One request's batch: views (70 %), searches (20 %, a third of them finding nothing), applications started. */
    private static byte[] events(SplittableRandom random, int entries, int batch) {
        StringBuilder json = new StringBuilder(batch * 160).append('[');
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                json.append(',');
            }
            int kind = random.nextInt(10);
            json.append("{\"countryOfResidence\":\"").append(country(random)).append('"');
            if (random.nextInt(3) > 0) {
                json.append(",\"occupationCategory\":\"").append(OCCUPATIONS.get(random.nextInt(OCCUPATIONS.size())))
                        .append('"');
            }
            // popular entries: a skewed pick among the catalogue
            int entry = (int) (Math.pow(random.nextDouble(), 3) * entries);
            if (kind < 7) {
                json.append(",\"type\":\"VIEW\",\"entryId\":\"").append(ENTITY).append('.')
                        .append(NativeFeed.code(CODE_PREFIX, entry)).append('"');
            } else if (kind < 9) {
                List<String> words = random.nextBoolean() ? TextBank.ENGLISH_QUERIES : TextBank.ARABIC_QUERIES;
                boolean empty = random.nextInt(3) == 0;
                String query = empty ? "missing service " + random.nextInt(200) : words.get(random.nextInt(words.size()));
                json.append(",\"type\":\"SEARCH\",\"query\":\"").append(query).append("\",\"resultCount\":")
                        .append(empty ? 0 : 1 + random.nextInt(40));
            } else {
                json.append(",\"type\":\"APPLICATION_STARTED\",\"entryId\":\"").append(ENTITY).append('.')
                        .append(NativeFeed.code(CODE_PREFIX, entry)).append('"');
            }
            json.append('}');
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Most residents abroad live in the Gulf: the first countries of the list are the likeliest. */
    private static String country(SplittableRandom random) {
        List<String> countries = TextBank.COUNTRIES;
        return countries.get((int) (Math.pow(random.nextDouble(), 2) * countries.size()));
    }

    private static Path repositoryRoot(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/entities/emigration/catalogue.jsonata"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from the repository or its benchmarks module");
    }

    static void log(String line) {
        System.out.println("[insights-bench] " + line);
    }
}
