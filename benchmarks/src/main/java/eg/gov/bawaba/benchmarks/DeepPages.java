package eg.gov.bawaba.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Times single listing requests deep into the catalogue, one at a time and never repeated (each varies the page size
 * and language), because page {@code n} makes the index collect and sort every hit before it.
 */
final class DeepPages {

    /** Latencies of one depth; {@code skipped} is about how many entries precede the page (sizes vary from 16 to 20). */
    record Depth(int page, long skipped, Histogram latencies, int errors) {}

    private static final int SAMPLES = 8;
    private static final long MAX_MICROS = Duration.ofMinutes(2).toNanos() / 1000;

    private DeepPages() {}

    /** Pages 1, 50, 250, 1000 and the last page (of 20 entries) of an unfiltered listing over {@code entries} entries. */
    static List<Depth> measure(URI base, String authorization, int entries) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Depth> depths = new ArrayList<>();
        int last = Math.max(1, entries / 20 - 1);
        for (int page : IntStream.of(1, 50, 250, 1000, last).filter(p -> p <= last).toArray()) {
            Histogram latencies = new Histogram(MAX_MICROS, 3);
            int errors = 0;
            for (int i = 0; i < SAMPLES; i++) {
                // a size and language never asked before, so no response cache can answer it
                int size = 20 - i / 2;
                String language = i % 2 == 0 ? "ar" : "en";
                HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/catalogue?page=" + page + "&size="
                        + size)).header("Accept-Language", language)
                        .header("Authorization", authorization).timeout(Duration.ofSeconds(60)).GET().build();
                long started = System.nanoTime();
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long micros = (System.nanoTime() - started) / 1000;
                if (response.statusCode() == 200) {
                    latencies.recordValue(Math.min(MAX_MICROS, micros));
                } else {
                    errors++;
                }
            }
            depths.add(new Depth(page, (long) page * 20, latencies, errors));
        }
        return depths;
    }
}
