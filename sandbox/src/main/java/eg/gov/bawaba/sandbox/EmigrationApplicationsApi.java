package eg.gov.bawaba.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ministry of Emigration's application intake: accepts an application once per {@code Idempotency-Key}, answers
 * with its own reference, then moves it through IN_REVIEW and APPROVED by itself, reporting each status to the hub's
 * callback endpoint, signed with its callback secret, as a real ministry back office would.
 */
final class EmigrationApplicationsApi implements HttpHandler {

    static final String PATH = "/emigration/api/v1/applications";
    /** Read-only, for benchmarks: how many distinct applications were accepted and how many repeats were answered. */
    static final String BENCH_COUNT_PATH = PATH + "/bench-count";
    private static final Logger LOG = LoggerFactory.getLogger(EmigrationApplicationsApi.class);

    private final Supplier<Optional<String>> apiKey;
    private final Supplier<String> hubUrl;
    private final Supplier<Optional<String>> callbackSecret;
    private final List<Duration> progress;
    private final Map<String, Created> createdByKey = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService backOffice = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-emigration-back-office");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param callbackSecret the secret status reports are signed with, read at each report
     * @param progress       delays after acceptance at which the application becomes IN_REVIEW, then APPROVED
     */
    EmigrationApplicationsApi(Supplier<Optional<String>> apiKey, Supplier<String> hubUrl,
                              Supplier<Optional<String>> callbackSecret, List<Duration> progress) {
        this.apiKey = apiKey;
        this.hubUrl = hubUrl;
        this.callbackSecret = callbackSecret;
        this.progress = progress;
    }

    /** An application the ministry created, and how many requests asked for it (its first and the repeats). */
    private record Created(String reference, String nationalId, AtomicInteger requests) {}

    /** How many distinct applications were accepted, for tests. */
    int accepted() {
        return createdByKey.size();
    }

    /**
     * The ministry's own ledger, read-only: every application it created with its key, reference and national id, and
     * how many requests carried that key (more than one is a redelivery it recognised, not a second application).
     */
    ObjectNode ledger() {
        ObjectNode ledger = JsonExchange.MAPPER.createObjectNode();
        ArrayNode created = JsonExchange.MAPPER.createArrayNode();
        int repeated = 0;
        for (Map.Entry<String, Created> entry : createdByKey.entrySet()) {
            int times = entry.getValue().requests().get();
            repeated += times > 1 ? 1 : 0;
            created.addObject().put("key", entry.getKey()).put("reference", entry.getValue().reference())
                    .put("nationalId", entry.getValue().nationalId()).put("requests", times);
        }
        ledger.put("entity", "emigration");
        ledger.put("created", created.size());
        ledger.put("requests", requests.get());
        ledger.put("keysRequestedMoreThanOnce", repeated);
        ledger.set("applications", created);
        return ledger;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean count = BENCH_COUNT_PATH.equals(path) && "GET".equals(exchange.getRequestMethod());
        if (!count && (!PATH.equals(path) || !"POST".equals(exchange.getRequestMethod()))) {
            JsonExchange.send(exchange, 404, Map.of("error", "not_found"));
            return;
        }
        String presented = exchange.getRequestHeaders().getFirst(EmigrationPrivilegesApi.KEY_HEADER);
        if (apiKey.get().isEmpty() || !apiKey.get().get().equals(presented)) {
            JsonExchange.send(exchange, 401, Map.of("error", "unauthorized"));
            return;
        }
        if (count) {
            // benchmarks/cluster-bench.sh counts deliveries end to end here: accepted once each, repeats answered
            JsonExchange.send(exchange, 200, Map.of("accepted", accepted(), "repeats", requests.get() - accepted()));
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        JsonNode request;
        try (var body = exchange.getRequestBody()) {
            request = JsonExchange.MAPPER.readTree(body);
        } catch (IOException e) {
            JsonExchange.send(exchange, 400, Map.of("error", "bad_request", "message", "the body is not JSON"));
            return;
        }
        if (key == null || request == null || !request.path("citizen").hasNonNull("nationalId")) {
            JsonExchange.send(exchange, 422, Map.of("error", "incomplete",
                    "message", "Idempotency-Key and citizen.nationalId are required"));
            return;
        }
        boolean[] fresh = new boolean[1];
        Created created = createdByKey.computeIfAbsent(key, k -> {
            fresh[0] = true;
            return new Created("EMG-2026-%06d".formatted(sequence.incrementAndGet()),
                    request.path("citizen").path("nationalId").asText(), new AtomicInteger());
        });
        created.requests().incrementAndGet();
        requests.incrementAndGet();
        String reference = created.reference();
        if (fresh[0]) {
            LOG.info("Application {} accepted for privilege {}", reference, request.path("privilegeCode").asText());
            schedule(reference, "IN_REVIEW", progress.get(0), "الطلب قيد المراجعة / under review");
            schedule(reference, "APPROVED", progress.get(1), "تمت الموافقة / approved");
        }
        // a repeated key is the same application: same reference, processed once
        JsonExchange.send(exchange, fresh[0] ? 201 : 200, Map.of("reference", reference));
    }

    private void schedule(String reference, String status, Duration after, String note) {
        backOffice.schedule(() -> report(reference, status, note, 1), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report(String reference, String status, String note, int attempt) {
        try {
            String body = JsonExchange.MAPPER.writeValueAsString(Map.of("status", status, "note", note));
            HttpResponse<String> answer = client.send(HubCallbacks.request(hubUrl.get(), "emigration", reference, body,
                    callbackSecret.get(), Instant.now()), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 500 && attempt < 5) {
                backOffice.schedule(() -> report(reference, status, note, attempt + 1), 2, TimeUnit.SECONDS);
            } else if (answer.statusCode() >= 400) {
                LOG.warn("The hub refused the {} report of {}: HTTP {} {}", status, reference, answer.statusCode(),
                        answer.body());
            }
        } catch (IOException e) {
            if (attempt < 5) {
                backOffice.schedule(() -> report(reference, status, note, attempt + 1), 2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
