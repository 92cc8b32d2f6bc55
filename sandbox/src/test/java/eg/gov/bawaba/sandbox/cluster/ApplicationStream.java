package eg.gov.bawaba.sandbox.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Applications streamed through the load balancer by several clients, each retrying a connection error, a timeout or a
 * 5xx with the same {@code Idempotency-Key} until it is answered 202 (or gives up), with catalogue reads alongside,
 * counted per phase of the test.
 */
final class ApplicationStream implements AutoCloseable {

    static final String ENTRY = "emigration.CAR-IMPORT-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TICK = Duration.ofMillis(100);

    private final Function<String, URI> loadBalancer;
    private final String token;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final Duration giveUpAfter;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService clients;
    private final List<Client> members = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicLong retries = new AtomicLong();
    private volatile String phase = "steady";
    private volatile boolean stopping;

    /** Client's key -> the application id its 202 named (two different ids for one key would be a duplicate). */
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<String> abandoned = new CopyOnWriteArrayList<>();
    private final List<String> keysAnsweredTwoIds = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> reads = new ConcurrentHashMap<>();

    ApplicationStream(Function<String, URI> loadBalancer, String token, int clients, Duration giveUpAfter) {
        this.loadBalancer = loadBalancer;
        this.token = token;
        this.giveUpAfter = giveUpAfter;
        this.clients = Executors.newScheduledThreadPool(clients + 1);
        for (int i = 0; i < clients; i++) {
            members.add(new Client());
        }
    }

    void start() {
        members.forEach(client -> clients.scheduleWithFixedDelay(client, 0, TICK.toMillis(), TimeUnit.MILLISECONDS));
        clients.scheduleWithFixedDelay(this::readCatalogue, 0, 2 * TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Names what happens from now on, for the counts of failed catalogue reads. */
    void phase(String name) {
        phase = name;
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** No new application; returns once each client has finished the one it was sending (202, refused or given up). */
    void stop(Duration bound) {
        stopping = true;
        await().atMost(bound).pollInterval(Duration.ofMillis(200))
                .until(() -> members.stream().allMatch(Client::idle));
        clients.shutdownNow();
    }

    Map<String, String> accepted() {
        return Map.copyOf(accepted);
    }

    long retries() {
        return retries.get();
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    List<String> abandoned() {
        return List.copyOf(abandoned);
    }

    List<String> keysAnsweredTwoIds() {
        return List.copyOf(keysAnsweredTwoIds);
    }

    /** Per phase: catalogue reads answered 200, and those that failed (anything else, or no answer). */
    Map<String, long[]> catalogueReads() {
        return Map.copyOf(reads);
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }

    private void readCatalogue() {
        long[] counts = reads.computeIfAbsent(phase, p -> new long[2]);
        try {
            HttpResponse<Void> answer = http.send(request("/api/v1/catalogue?q=car").GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            counts[answer.statusCode() == 200 ? 0 : 1]++;
        } catch (IOException e) {
            counts[1]++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(loadBalancer.apply(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Accept-Language", "en");
    }

    /** One application being sent: its key, its body, and since when. */
    private record Pending(String key, String body, Instant since) {}

    /** A client of the app backend: one application at a time, one attempt per tick, retried with the same key. */
    private final class Client implements Runnable {

        private Pending current;

        /** Whether it sends nothing; once stopping, an idle client stays idle (both hold its monitor). */
        synchronized boolean idle() {
            return current == null;
        }

        @Override
        public synchronized void run() {
            if (current == null) {
                if (stopping) {
                    return;
                }
                current = next();
            }
            Pending sending = current;
            try {
                HttpResponse<String> answer = http.send(request("/api/v1/applications")
                        .header("Content-Type", "application/json").header("Idempotency-Key", sending.key())
                        .POST(HttpRequest.BodyPublishers.ofString(sending.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 202) {
                    String id = JSON.readTree(answer.body()).path("id").asText();
                    String before = accepted.putIfAbsent(sending.key(), id);
                    if (before != null && !before.equals(id)) {
                        keysAnsweredTwoIds.add(sending.key() + ": " + before + " and " + id);
                    }
                    current = null;
                } else if (answer.statusCode() >= 500) {
                    retryOrGiveUp(sending);
                } else {
                    refused.add(sending.key() + ": HTTP " + answer.statusCode() + " " + answer.body());
                    current = null;
                }
            } catch (IOException e) {
                // refused, reset or timed out: the application may or may not be stored; the same key tells
                retryOrGiveUp(sending);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                refused.add(sending.key() + ": " + e);
                current = null;
            }
        }

        private void retryOrGiveUp(Pending sending) {
            retries.incrementAndGet();
            if (Duration.between(sending.since(), Instant.now()).compareTo(giveUpAfter) > 0) {
                abandoned.add(sending.key());
                current = null;
            }
        }

        private Pending next() {
            int n = sequence.incrementAndGet();
            String key = "failover-" + run + "-" + n;
            // a national id of its own per application: the entity's ledger shows a second creation of the same one
            String nationalId = "2900101%07d".formatted(n);
            String body = """
                    {"entryId": "%s",
                     "applicant": {"nationalId": "%s", "passportNumber": "A12345678",
                                   "name": {"ar": "أحمد محمد علي", "en": "Ahmed Mohamed Aly"},
                                   "countryOfResidence": "SA", "contact": {"email": "ahmed@example.com"}},
                     "fields": {"nationalId": "%s", "passportNumber": "A12345678", "residenceCountry": "SA",
                                "vehicleVin": "1HGCM82633A004352", "vehicleModelYear": 2024}}
                    """.formatted(ENTRY, nationalId, nationalId);
            return new Pending(key, body, Instant.now());
        }
    }
}
