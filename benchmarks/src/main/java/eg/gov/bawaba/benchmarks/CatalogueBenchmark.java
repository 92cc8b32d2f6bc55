package eg.gov.bawaba.benchmarks;

import eg.gov.bawaba.benchmarks.BenchHub.SyncRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures the hub's catalogue reads over a catalogue of 50,000 entries and the sync of a 100,000-record feed, in one
 * bounded JVM run against the real hub and a generated feed; see docs/benchmarks.md for how to run it and read it.
 *
 * <p>Order: the read entity is synced and read first, while the catalogue holds exactly its entries; the sync entity
 * is synced afterwards, into a hub that is warm as a running hub would be, then re-synced unchanged.
 */
public final class CatalogueBenchmark {

    private static final String READ_ENTITY = "bench-read";
    private static final String SYNC_ENTITY = "bench-sync";
    private static final String CODE_PREFIX = "PRV";
    private static final String LIVENESS = "/actuator/health/liveness";

    /** Requests wrk replays in a loop: more than it sends in a window, so it repeats no more than the Java clients. */
    private static final int WRK_REQUESTS = 200_000;

    private CatalogueBenchmark() {}

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
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Path moduleDir = Path.of("").toAbsolutePath();
        Path repoRoot = repositoryRoot(moduleDir);
        Path target = Files.createDirectories(moduleDir.resolve("target"));
        Path dataDir = BenchHub.newDataDir(moduleDir);
        Report report = new Report(settings);
        report.note("Code: " + revision(repoRoot) + ".");
        report.note("repeats: share of the measured requests whose exact path and Accept-Language had already been sent"
                + " in this run (warm-up included), the most any response cache in the hub could have answered.");
        log("Settings: " + settings);
        log(Machine.describe());

        try (FeedServer feeds = new FeedServer()) {
            NativeFeed readFeed = timed("generate " + settings.readEntries() + "-record feed",
                    () -> NativeFeed.generate(CODE_PREFIX, settings.readEntries(), settings.seed()));
            feeds.serve(READ_ENTITY, readFeed);
            report.note("Native feeds: " + Report.format(readFeed.bytes() / (double) readFeed.size(), 0)
                    + " bytes of JSON per record on average, pages of " + settings.pageSize() + " records.");
            try (BenchHub hub = timed("start hub", () -> BenchHub.start(repoRoot, feeds,
                    List.of(READ_ENTITY, SYNC_ENTITY), settings.pageSize(), dataDir, settings.hubArgs()))) {
                SyncRun setup = hub.sync(READ_ENTITY, settings.readEntries());
                log("Synced read catalogue: " + setup.seconds() + " s, " + setup.report());
                report.sync("initial sync of the read catalogue (cold JVM)", setup, null);
                feeds.drop(READ_ENTITY);
                long live = LiveHeap.afterFullGc();
                log("Live heap with " + settings.readEntries() + " entries: " + LiveHeap.mib(live) + " MiB");
                report.note("Live heap after a full GC, " + settings.readEntries() + " entries synced and the feed "
                        + "dropped: **" + LiveHeap.mib(live) + " MiB** (the whole JVM: hub, embedded broker and "
                        + "database caches, and the harness, an upper bound of the hub's; target < 512 MiB: "
                        + (live < 512L * 1024 * 1024 ? "met" : "**not met**") + ").");

                readBenchmark(settings, hub, report, target);

                NativeFeed syncFeed = timed("generate " + settings.syncRecords() + "-record feed",
                        () -> NativeFeed.generate(CODE_PREFIX, settings.syncRecords(), settings.seed() + 1));
                feeds.serve(SYNC_ENTITY, syncFeed);
                SyncRun first = hub.sync(SYNC_ENTITY, settings.syncRecords());
                log("First sync: " + first.seconds() + " s, " + first.report());
                report.sync("sync of a new " + settings.syncRecords() + "-record feed", first, Report.TARGET_SYNC_SECONDS);
                SyncRun again = hub.sync(SYNC_ENTITY, settings.syncRecords());
                log("Re-sync: " + again.seconds() + " s, " + again.report());
                report.sync("re-sync, no changes", again, Report.TARGET_RESYNC_SECONDS);
            }
            // a restart on the data the runs left: the start an operator waits for after an upgrade or a crash
            long started = System.nanoTime();
            try (BenchHub restarted = BenchHub.start(repoRoot, feeds, List.of(READ_ENTITY, SYNC_ENTITY),
                    settings.pageSize(), dataDir, settings.hubArgs())) {
                double seconds = (System.nanoTime() - started) / 1e9;
                int entries = settings.readEntries() + settings.syncRecords();
                log("Restart with " + entries + " entries: " + Report.format(seconds, 2) + " s");
                report.note("Hub restart on the data of this run (about " + entries + " entries; the JVM warm): **"
                        + Report.format(seconds, 2) + " s** until Spring Boot reports the hub started, "
                        + "with its routes, broker and database open (target < 10 s: "
                        + (seconds < 10 ? "met" : "**not met**") + ").");
            }
            coldStarts(repoRoot, feeds, settings, dataDir, target, report);
        } finally {
            if (!settings.keepData()) {
                deleteRecursively(dataDir);
            }
        }
        String markdown = report.markdown();
        report.write(target.resolve("results.md"));
        System.out.println();
        System.out.println(markdown);
        log("Written to " + target.resolve("results.md"));
    }

    /**
     * The hub started as a new process on the run's data, as an operator starts it: first with the catalogue index
     * its last run left in {@code <data-dir>/catalogue-index}, then with that folder gone, so the index is filled from
     * every stored entry (as every start did before the folder was kept).
     */
    private static void coldStarts(Path repoRoot, FeedServer feeds, BenchSettings settings, Path dataDir, Path target,
                                   Report report) throws Exception {
        int entries = settings.readEntries() + settings.syncRecords();
        for (boolean keepIndex : new boolean[] {true, false}) {
            if (!keepIndex) {
                deleteRecursively(dataDir.resolve("catalogue-index"));
            }
            int port = BenchHub.freePort();
            List<String> args = BenchHub.arguments(repoRoot, feeds, List.of(READ_ENTITY, SYNC_ENTITY),
                    settings.pageSize(), dataDir, settings.hubArgs(), port);
            double seconds = ColdStart.secondsUntilReady(args, port,
                    target.resolve("cold-start-" + (keepIndex ? "kept" : "filled") + ".log"));
            String how = keepIndex ? "its catalogue index kept from the last run"
                    : "no index folder (filled from every entry)";
            log("Cold start with " + entries + " entries, " + how + ": " + Report.format(seconds, 2) + " s");
            report.note("Hub started as a new process (`java -Xmx768m`, JVM start included) on the data of this run "
                    + "(about " + entries + " entries), " + how + ": **" + Report.format(seconds, 2)
                    + " s** until its readiness probe answers 200 (target < 10 s: " + (seconds < 10 ? "met" : "**not met**") + ").");
        }
    }

    private static void readBenchmark(BenchSettings settings, BenchHub hub, Report report, Path target)
            throws Exception {
        RequestMix mix = new RequestMix(READ_ENTITY, CODE_PREFIX, settings.readEntries());
        ReadLoad load = new ReadLoad(hub.base(), hub.authorization(), mix, settings.seed());
        load.probe().forEach((kind, answer) -> log("Probe " + kind + ": " + answer.replace('\n', ' ')));
        boolean wrk = settings.wrk() && WrkLoad.available();
        if (settings.wrk() && !wrk) {
            report.note("wrk is not installed, so only the JDK client measured reads (apt-get install -y wrk).");
        }
        for (int workers : settings.workers()) {
            log("Reads with " + workers + " workers: " + settings.warmupSeconds() + " s warm-up, "
                    + settings.measureSeconds() + " s measured");
            ReadLoad.Result result = load.run(workers, Duration.ofSeconds(settings.warmupSeconds()),
                    Duration.ofSeconds(settings.measureSeconds()));
            report.read(result);
            log("  " + Report.format(result.requestsPerSecond(result.overall()), 0) + " requests/s, p99 "
                    + result.overall().latencies().getValueAtPercentile(99) / 1000.0 + " ms, errors "
                    + result.overall().errors());
            if (wrk) {
                WrkLoad.Result w = WrkLoad.run("catalogue-mix", hub.base(), hub.authorization(),
                        mix.sample(WRK_REQUESTS, settings.seed() + workers), workers, settings.measureSeconds(), target);
                report.wrk(w);
                log("  wrk: " + Report.format(w.requestsPerSecond(), 0) + " requests/s, p99 " + w.p99() + " ms");
            }
        }
        if (wrk) {
            // the floor under every read: a request that does no work, through the same filters and the same token
            int connections = settings.workers().get(settings.workers().size() - 1);
            WrkLoad.Result empty = WrkLoad.run("liveness", hub.base(), hub.authorization(),
                    List.of(new RequestMix.Request(null, LIVENESS, "en")), connections, settings.measureSeconds(),
                    target);
            report.emptyRequests(empty);
            log("  wrk, " + LIVENESS + ": " + Report.format(empty.requestsPerSecond(), 0) + " requests/s, p99 "
                    + empty.p99() + " ms");
        }
        report.deepPages(DeepPages.measure(hub.base(), hub.authorization(), settings.readEntries()));
    }

    /** The repository root: the first folder upwards holding the emigration mapping the benchmark entities reuse. */
    private static Path repositoryRoot(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/entities/emigration/catalogue.jsonata"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from the repository or its benchmarks module: no "
                + "config/entities/emigration/catalogue.jsonata above " + from);
    }

    /** The commit the hub was built from, and whether the working tree differed from it. */
    private static String revision(Path repoRoot) {
        try {
            Process head = new ProcessBuilder("git", "-C", repoRoot.toString(), "rev-parse", "--short", "HEAD").start();
            String commit = new String(head.getInputStream().readAllBytes()).trim();
            Process status = new ProcessBuilder("git", "-C", repoRoot.toString(), "status", "--porcelain",
                    "--untracked-files=no").start();
            boolean dirty = !new String(status.getInputStream().readAllBytes()).isBlank();
            return head.waitFor() == 0 ? "commit " + commit + (dirty ? " with uncommitted changes" : "") : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T timed(String what, Step<T> step) throws Exception {
        long started = System.nanoTime();
        T result = step.run();
        log(what + ": " + Report.format((System.nanoTime() - started) / 1e9, 2) + " s");
        return result;
    }

    static void log(String line) {
        System.out.println("[bench] " + line);
    }
}
