package eg.gov.bawaba.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ministry of Higher Education's registry of Egyptian scientists abroad: takes the profiles Bawaba delivers
 * ({@code UPSERT}) and their removals ({@code REMOVE}) once per {@code Idempotency-Key}, answers with its registry
 * number, and lists what it holds, so the demo shows what reached the ministry.
 */
final class HigherEducationScientistsApi implements HttpHandler {

    static final String PATH = "/higher-education/api/v1/scientists";
    static final String API_KEY = "HIGHER_EDUCATION_API_KEY";
    private static final Logger LOG = LoggerFactory.getLogger(HigherEducationScientistsApi.class);

    private final Supplier<Optional<String>> apiKey;
    private final Map<String, JsonNode> scientists = new ConcurrentHashMap<>();
    private final Map<String, String> numbers = new ConcurrentHashMap<>();
    private final Map<String, Integer> answeredKeys = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();

    HigherEducationScientistsApi(Supplier<Optional<String>> apiKey) {
        this.apiKey = apiKey;
    }

    /** The profiles the registry holds now, by Bawaba's expert id. */
    Map<String, JsonNode> held() {
        return new TreeMap<>(scientists);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            JsonExchange.send(exchange, 404, Map.of("error", "not_found"));
            return;
        }
        String presented = exchange.getRequestHeaders().getFirst("X-Api-Key");
        if (apiKey.get().isEmpty() || !apiKey.get().get().equals(presented)) {
            JsonExchange.send(exchange, 401, Map.of("error", "unauthorized"));
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "GET" -> JsonExchange.send(exchange, 200, Map.of("count", scientists.size(),
                    "scientists", List.copyOf(held().values())));
            case "POST" -> receive(exchange);
            default -> JsonExchange.send(exchange, 405, Map.of("error", "method_not_allowed"));
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        JsonNode request;
        try (var body = exchange.getRequestBody()) {
            request = JsonExchange.MAPPER.readTree(body);
        } catch (IOException e) {
            JsonExchange.send(exchange, 400, Map.of("error", "bad_request", "message", "the body is not JSON"));
            return;
        }
        String ref = request == null ? "" : request.path("scientistRef").asText("");
        String action = request == null ? "" : request.path("action").asText("");
        if (key == null || ref.isBlank() || !List.of("UPSERT", "REMOVE").contains(action)
                || ("UPSERT".equals(action) && !request.hasNonNull("fullNameAr"))) {
            JsonExchange.send(exchange, 422, Map.of("error", "incomplete", "message",
                    "Idempotency-Key, scientistRef, action UPSERT or REMOVE, and fullNameAr for UPSERT are required"));
            return;
        }
        String number = numbers.computeIfAbsent(ref, r -> "MHE-SCI-%06d".formatted(sequence.incrementAndGet()));
        // a repeated key is the same delivery: answered again, applied once
        boolean fresh = answeredKeys.putIfAbsent(key, 1) == null;
        if (fresh) {
            if ("UPSERT".equals(action)) {
                scientists.put(ref, request);
            } else {
                scientists.remove(ref);
            }
            LOG.info("Scientist {} {} ({} held)", number, "UPSERT".equals(action) ? "registered or updated" : "removed",
                    scientists.size());
        }
        JsonExchange.send(exchange, fresh ? 201 : 200, Map.of("registryNumber", number));
    }
}
