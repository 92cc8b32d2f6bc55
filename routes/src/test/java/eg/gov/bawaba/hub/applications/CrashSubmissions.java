package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app backend under load: a fixed pool of client threads submitting a bounded number of applications, each
 * with its own Idempotency-Key, remembering the application id of every 202 and counting every other outcome.
 */
final class CrashSubmissions {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService clients;
    private final int threads;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    private CrashSubmissions(int threads) {
        this.threads = threads;
        this.clients = Executors.newFixedThreadPool(threads);
    }

    /** Starts submitting {@code count} applications for the entry to the hub at {@code endpoint}. */
    static CrashSubmissions start(URI endpoint, String authorization, String entryId, int count, int threads) {
        CrashSubmissions s = new CrashSubmissions(threads);
        String body = application(entryId);
        String run = Long.toString(System.nanoTime(), 36);
        for (int t = 0; t < threads; t++) {
            s.clients.submit(() -> {
                for (int n = s.next.getAndIncrement(); n < count; n = s.next.getAndIncrement()) {
                    s.submit(endpoint, authorization, "crash-" + run + "-" + n, body);
                }
            });
        }
        s.clients.shutdown();
        return s;
    }

    private void submit(URI endpoint, String authorization, String key, String body) {
        String outcome;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            outcome = "HTTP " + response.statusCode();
            if (response.statusCode() == 202) {
                accepted.put(key, CanonicalJson.mapper().readTree(response.body()).get("id").asText());
            }
        } catch (IOException e) {
            // expected once the hub is killed: the request was refused or its answer lost
            outcome = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        }
        outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** Waits for the last client to finish; afterwards the maps below are final. */
    void awaitDone(Duration atMost) throws InterruptedException {
        if (!clients.awaitTermination(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            clients.shutdownNow();
            throw new IllegalStateException("submissions still running after " + atMost);
        }
    }

    /** Idempotency-Key → application id, for every submission answered 202. */
    Map<String, String> accepted() {
        return Map.copyOf(accepted);
    }

    Map<String, Integer> outcomes() {
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach((o, n) -> counts.put(o, n.get()));
        return counts;
    }

    int threads() {
        return threads;
    }

    void stop() {
        clients.shutdownNow();
    }

    /** A valid car import application (as ApplicationsTest.carImport(), for this test's entity). */
    private static String application(String entryId) {
        return """
                {"entryId": "%s",
                 "applicant": {"nationalId": "29001011234567", "passportNumber": "A12345678",
                               "name": {"ar": "أحمد محمد علي", "en": "Ahmed Mohamed Aly"},
                               "countryOfResidence": "SA", "contact": {"email": "ahmed@example.com", "phone": "+966501234567"}},
                 "fields": {"nationalId": "29001011234567", "passportNumber": "A12345678", "residenceCountry": "SA",
                            "vehicleVin": "1HGCM82633A004352", "vehicleModelYear": 2024}}
                """.formatted(entryId);
    }
}
