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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop read load from the JDK HTTP client: a fixed number of workers each send the next request of the mix as
 * soon as the previous answer is in, first for a warm-up, then for a measured window recorded in HdrHistograms.
 */
final class ReadLoad {

    /** Latencies (microseconds) and errors of one request kind, or of all kinds together. */
    record Stats(Histogram latencies, long errors, long bytes) {}

    /** One measured window: throughput and latency per request kind, plus the overall figures under {@code null}. */
    record Result(String client, int concurrency, double seconds, Map<Kind, Stats> byKind, Stats overall) {

        double requestsPerSecond(Stats stats) {
            return stats.latencies().getTotalCount() / seconds;
        }
    }

    private static final long MAX_MICROS = Duration.ofMinutes(2).toNanos() / 1000;

    private final URI base;
    private final List<Request> requests;
    private final HttpClient client;

    ReadLoad(URI base, List<Request> requests) {
        this.base = base;
        this.requests = requests;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends one request of each kind and returns the answers, to show the mix hits real entries before it is timed. */
    Map<Kind, String> probe() throws Exception {
        Map<Kind, String> answers = new EnumMap<>(Kind.class);
        for (Request r : requests) {
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
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + window.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Worker>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Worker worker = new Worker(w * (requests.size() / workers), measureFrom, measureTo);
                futures.add(pool.submit(() -> worker.call()));
            }
            Map<Kind, Histogram> latencies = new EnumMap<>(Kind.class);
            Map<Kind, long[]> counters = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                latencies.put(kind, histogram());
                counters.put(kind, new long[2]);
            }
            long lastDone = measureTo;
            for (Future<Worker> f : futures) {
                Worker done = f.get();
                lastDone = Math.max(lastDone, done.lastDone);
                for (Kind kind : Kind.values()) {
                    latencies.get(kind).add(done.latencies.get(kind));
                    counters.get(kind)[0] += done.counts.get(kind)[0];
                    counters.get(kind)[1] += done.counts.get(kind)[1];
                }
            }
            Map<Kind, Stats> byKind = new EnumMap<>(Kind.class);
            Histogram all = histogram();
            long errors = 0;
            long bytes = 0;
            for (Kind kind : Kind.values()) {
                byKind.put(kind, new Stats(latencies.get(kind), counters.get(kind)[0], counters.get(kind)[1]));
                all.add(latencies.get(kind));
                errors += counters.get(kind)[0];
                bytes += counters.get(kind)[1];
            }
            // requests started inside the window may finish after it; the window is stretched to the last of them
            return new Result("JDK HttpClient", workers, (lastDone - measureFrom) / 1e9, byKind,
                    new Stats(all, errors, bytes));
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpRequest request(Request r) {
        return HttpRequest.newBuilder(base.resolve(r.pathAndQuery()))
                .header("Accept-Language", r.acceptLanguage())
                .timeout(Duration.ofSeconds(60))
                .GET().build();
    }

    private static Histogram histogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    /** One closed-loop client; its histograms are private, so recording never contends. */
    private final class Worker {

        final Map<Kind, Histogram> latencies = new EnumMap<>(Kind.class);
        /** Per kind: errors, then response bytes. */
        final Map<Kind, long[]> counts = new EnumMap<>(Kind.class);
        final long measureFrom;
        final long measureTo;
        int next;
        long lastDone;

        Worker(int firstRequest, long measureFrom, long measureTo) {
            this.next = firstRequest;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
            for (Kind kind : Kind.values()) {
                latencies.put(kind, histogram());
                counts.put(kind, new long[2]);
            }
        }

        Worker call() {
            long sent;
            while ((sent = System.nanoTime()) < measureTo) {
                Request r = requests.get(next++ % requests.size());
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
                    if (status == 200) {
                        latencies.get(r.kind()).recordValue(Math.min(MAX_MICROS, (done - sent) / 1000));
                        counts.get(r.kind())[1] += size;
                    } else {
                        counts.get(r.kind())[0]++;
                    }
                }
            }
            return this;
        }
    }
}
