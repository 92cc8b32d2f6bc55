package eg.gov.bawaba.benchmarks.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark entity's systems on 127.0.0.1: its catalogue feed ({@code GET /feed/api/v1/privileges}, the five
 * emigration test privileges on one page) and its application endpoint ({@code POST /entity/applications}, 201 with a
 * reference), counting deliveries and the time of the latest.
 */
final class EntityStub implements AutoCloseable {

    static final String FEED_PATH = "/api/v1/privileges";
    static final String APPLICATIONS_PATH = "/applications";

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the JDK's server writes a response's headers and body apart; with Nagle's algorithm on, the body waits for
        // the hub's delayed ACK (about 40 ms on Linux), which caps each delivery consumer at some 25 calls a second:
        // that measures the stub, not the hub (docs/benchmarks.md, "Delivery waited for the stub");
        // -Dsun.net.httpserver.nodelay=false shows it
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final byte[] feedPage;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile long lastDeliveryNanos;

    EntityStub(Path repoRoot, int threadCount) throws IOException {
        feedPage = feedPage(repoRoot.resolve("routes/src/test/resources/__files/emigration"));
        threads = Executors.newFixedThreadPool(threadCount);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(threads);
        server.createContext("/feed", this::feed);
        server.createContext("/entity", this::application);
        server.start();
    }

    String feedBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed";
    }

    String entityBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/entity";
    }

    long delivered() {
        return delivered.get();
    }

    long rejected() {
        return rejected.get();
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    private static byte[] feedPage(Path dir) throws IOException {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = JSON.createArrayNode();
        for (String file : new String[] {"privileges-v1-page-0.json", "privileges-v1-page-1.json"}) {
            items.addAll((ArrayNode) JSON.readTree(dir.resolve(file).toFile()).get("items"));
        }
        page.put("page", 0);
        page.put("size", 100);
        page.put("total", items.size());
        page.set("items", items);
        return JSON.writeValueAsBytes(page);
    }

    private void feed(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            boolean first = query == null || !query.matches(".*(^|&)page=[1-9].*");
            byte[] body = first ? feedPage
                    : "{\"page\":1,\"size\":100,\"total\":5,\"items\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void application(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in);
            }
            String id = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (!"POST".equals(exchange.getRequestMethod()) || id == null || !request.path("citizen").isObject()) {
                rejected.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            byte[] body = ("{\"reference\":\"BENCH-" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            delivered.incrementAndGet();
            lastDeliveryNanos = System.nanoTime();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
