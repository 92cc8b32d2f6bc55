package eg.gov.bawaba.benchmarks;

import eg.gov.bawaba.benchmarks.RequestMix.Kind;
import eg.gov.bawaba.benchmarks.RequestMix.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop read load from the JDK HTTP client: a fixed number of workers each send their next request of the mix as
 * soon as the previous answer is in, first for a warm-up, then for a measured window recorded in HdrHistograms.
 */
final class ReadLoad {

    /** Latencies (microseconds) of the 200 answers, other answers and failures, bytes, and repeated requests. */
    record Stats(Histogram latencies, long errors, long bytes, long repeats) {}

    /** One measured window: throughput and latency per request kind, plus the overall figures. */
    record Result(int concurrency, double seconds, Map<Kind, Stats> byKind, Stats overall, CpuMeter.Usage cpu) {

        double requestsPerSecond(Stats stats) {
            return stats.latencies().getTotalCount() / seconds;
        }
    }

    private static final long MAX_MICROS = Duration.ofMinutes(2).toNanos() / 1000;

    private final URI base;
    private final String authorization;
    private final RequestMix mix;
    private final SplittableRandom seeds;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    // every request sent so far, warm-up included: a repeat is what a response cache in the hub could have answered
    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    ReadLoad(URI base, String authorization, RequestMix mix, long seed) {
        this.base = base;
        this.authorization = authorization;
        this.mix = mix;
        this.seeds = new SplittableRandom(seed);
    }

    /** Sends one request of each kind and returns the answers, to show the mix hits real entries before it is timed. */
    Map<Kind, String> probe() throws Exception {
        Map<Kind, String> answers = new EnumMap<>(Kind.class);
        for (Request r : mix.sample(200, seeds.nextLong())) {
            if (!answers.containsKey(r.kind())) {
                HttpResponse<String> response = client.send(request(r), HttpResponse.BodyHandlers.ofString());
                String body = response.body();
                answers.put(r.kind(), response.statusCode() + " " + r.pathAndQuery() + " -> "
                        + body.substring(0, Math.min(body.length(), 160)));
            }
        }
        return answers;
    }

    Result run(int workers, Duration warmup, Duration window) throws Exception {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureTo = measureFrom + window.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Worker>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Worker worker = new Worker(seeds.split(), measureFrom, measureTo);
                futures.add(pool.submit(worker::call));
            }
            waitUntil(measureFrom);
            CpuMeter cpu = CpuMeter.start();
            List<Worker> done = new ArrayList<>();
            for (Future<Worker> f : futures) {
                done.add(f.get());
            }
            CpuMeter.Usage usage = cpu == null ? null : cpu.stop();
            // requests started inside the window may finish after it; the window is stretched to the last of them
            long lastDone = done.stream().mapToLong(w -> w.lastDone).max().orElse(measureTo);
            Map<Kind, Stats> byKind = new EnumMap<>(Kind.class);
            Histogram all = histogram();
            long[] totals = new long[3];
            for (Kind kind : Kind.values()) {
                Histogram latencies = histogram();
                long[] counts = new long[3];
                for (Worker w : done) {
                    latencies.add(w.latencies.get(kind));
                    for (int i = 0; i < 3; i++) {
                        counts[i] += w.counts.get(kind)[i];
                    }
                }
                byKind.put(kind, new Stats(latencies, counts[0], counts[1], counts[2]));
                all.add(latencies);
                for (int i = 0; i < 3; i++) {
                    totals[i] += counts[i];
                }
            }
            return new Result(workers, (Math.max(lastDone, measureTo) - measureFrom) / 1e9, byKind,
                    new Stats(all, totals[0], totals[1], totals[2]), usage);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Parks until a fixed point in time: the measured window starts at a deadline, not on a condition. */
    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private HttpRequest request(Request r) {
        return HttpRequest.newBuilder(base.resolve(r.pathAndQuery()))
                .header("Accept-Language", r.acceptLanguage())
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(60))
                .GET().build();
    }

    private static Histogram histogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    /** One closed-loop client with its own random source; its histograms are private, so recording never contends. */
    private final class Worker {

        final Map<Kind, Histogram> latencies = new EnumMap<>(Kind.class);
        /** Per kind: errors, response bytes, repeated requests. */
        final Map<Kind, long[]> counts = new EnumMap<>(Kind.class);
        final SplittableRandom random;
        final long measureFrom;
        final long measureTo;
        long lastDone;

        Worker(SplittableRandom random, long measureFrom, long measureTo) {
            this.random = random;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
            for (Kind kind : Kind.values()) {
                latencies.put(kind, histogram());
                counts.put(kind, new long[3]);
            }
        }

        Worker call() {
            long sent;
            while ((sent = System.nanoTime()) < measureTo) {
                Request r = mix.next(random);
                boolean repeat = !ReadLoad.this.sent.add(r.acceptLanguage() + " " + r.pathAndQuery());
                int status;
                long size = 0;
                try {
                    HttpResponse<byte[]> response = client.send(request(r), HttpResponse.BodyHandlers.ofByteArray());
                    status = response.statusCode();
                    size = response.body().length;
                } catch (Exception e) {
                    status = -1;
                }
                long done = System.nanoTime();
                if (sent >= measureFrom) {
                    lastDone = done;
                    long[] c = counts.get(r.kind());
                    if (status == 200) {
                        latencies.get(r.kind()).recordValue(Math.min(MAX_MICROS, (done - sent) / 1000));
                        c[1] += size;
                        c[2] += repeat ? 1 : 0;
                    } else {
                        c[0]++;
                    }
                }
            }
            return this;
        }
    }
}
