package eg.gov.bawaba.hub.applications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The crash test's entity, an idempotent receiver that counts precisely: it serves a one-record catalogue and
 * processes each application the first time its Idempotency-Key arrives, answering a repeat with the first reference.
 */
final class CrashEntityStub implements AutoCloseable {

    /** What the entity holds for one Idempotency-Key: its reference, times processed, repeats answered idempotently. */
    record Received(String reference, AtomicInteger processed, AtomicInteger repeats) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final String catalogue;
    private final long processingMillis;
    private final Map<String, Received> received = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger repeats = new AtomicInteger();
    private final AtomicInteger withoutKey = new AtomicInteger();

    /** @param processingMillis the entity's own work on a new application, so that a backlog builds in the hub */
    CrashEntityStub(long processingMillis) throws IOException {
        this.processingMillis = processingMillis;
        this.catalogue = carImportFeed();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.createContext("/catalogue", e -> answer(e, 200, catalogue));
        server.createContext("/applications", this::application);
        server.setExecutor(threads);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Keys processed so far (a snapshot). */
    Set<String> processedKeys() {
        return Set.copyOf(received.keySet());
    }

    Map<String, Received> received() {
        return Map.copyOf(received);
    }

    int repeats() {
        return repeats.get();
    }

    int withoutKey() {
        return withoutKey.get();
    }

    private void application(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (!"POST".equals(exchange.getRequestMethod()) || key == null || key.isBlank()) {
            withoutKey.incrementAndGet();
            answer(exchange, 400, "{\"error\":\"POST with an Idempotency-Key expected\"}");
            return;
        }
        boolean[] first = {false};
        Received r = received.computeIfAbsent(key, k -> {
            first[0] = true;
            return new Received("CRASH-" + sequence.incrementAndGet(), new AtomicInteger(1), new AtomicInteger());
        });
        if (first[0]) {
            pause();
            answer(exchange, 201, "{\"reference\":\"" + r.reference() + "\"}");
        } else {
            r.repeats().incrementAndGet();
            repeats.incrementAndGet();
            answer(exchange, 200, "{\"reference\":\"" + r.reference() + "\"}");
        }
    }

    private void pause() {
        // simulated processing time of a real entity, not a wait for a condition
        java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(processingMillis));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The emigration feed's car import record (it has a form), alone in a native page. */
    private static String carImportFeed() {
        try (InputStream in = CrashEntityStub.class.getResourceAsStream("/__files/emigration/privileges-v1-page-0.json")) {
            JsonNode page = CanonicalJson.mapper().readTree(in);
            ObjectNode feed = CanonicalJson.mapper().createObjectNode();
            feed.putArray("items").add(page.get("items").get(0));
            return feed.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
