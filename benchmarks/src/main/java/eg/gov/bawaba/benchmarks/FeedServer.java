package eg.gov.bawaba.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Plays the ministry's paged privileges API on 127.0.0.1, serving any number of feeds under {@code /<name>}. */
final class FeedServer implements AutoCloseable {

    static final String PATH = "/api/v1/privileges";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final Map<String, NativeFeed> feeds = new ConcurrentHashMap<>();

    FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL of a feed, as an entity definition's {@code baseUrl}. */
    String baseUrl(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    void serve(String name, NativeFeed feed) {
        feeds.put(name, feed);
    }

    /** Stops serving a feed, so its records can be garbage-collected. */
    void drop(String name) {
        feeds.remove(name);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            int slash = path.indexOf('/', 1);
            NativeFeed feed = slash < 0 ? null : feeds.get(path.substring(1, slash));
            if (feed == null || !path.substring(slash).equals(PATH) || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Map<String, String> query = query(uri.getRawQuery());
            int page = Integer.parseInt(query.getOrDefault("page", "0"));
            int size = Integer.parseInt(query.getOrDefault("size", "100"));
            byte[] body = body(feed, page, size);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private static byte[] body(NativeFeed feed, int page, int size) throws IOException {
        byte[][] records = feed.page(page, size);
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.length * 2048 + 128);
        out.write(("{\"page\":" + page + ",\"size\":" + size + ",\"total\":" + feed.size() + ",\"items\":[")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < records.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(records[i]);
        }
        out.write("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
