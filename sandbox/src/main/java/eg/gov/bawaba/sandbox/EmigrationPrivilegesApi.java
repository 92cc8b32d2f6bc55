package eg.gov.bawaba.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Simulates the Ministry of Emigration's privileges API: page-numbered, API-key protected, in the ministry's own record shape. */
final class EmigrationPrivilegesApi implements HttpHandler {

    static final String PATH = "/emigration/api/v1/privileges";
    static final String KEY_HEADER = "X-Api-Key";
    static final int MAX_PAGE_SIZE = 200;

    private final ArrayNode privileges;
    // read per request so the demo (or a test) may set the key after the server started
    private final Supplier<Optional<String>> apiKey;

    EmigrationPrivilegesApi(ArrayNode privileges, Supplier<Optional<String>> apiKey) {
        this.privileges = privileges;
        this.apiKey = apiKey;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                JsonExchange.send(exchange, 404, error("not_found", "No such resource"));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                JsonExchange.send(exchange, 405, error("method_not_allowed", "Only GET is supported"));
                return;
            }
            Optional<String> expected = apiKey.get();
            String presented = exchange.getRequestHeaders().getFirst(KEY_HEADER);
            if (expected.isEmpty() || presented == null || !sameKey(expected.get(), presented)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "ApiKey header=\"" + KEY_HEADER + "\"");
                JsonExchange.send(exchange, 401, error("unauthorized",
                        expected.isEmpty() ? "The API has no " + SandboxSettings.EMIGRATION_API_KEY + " configured"
                                : "A valid " + KEY_HEADER + " header is required"));
                return;
            }
            Map<String, String> query = JsonExchange.query(exchange);
            int page;
            int size;
            try {
                page = JsonExchange.intParam(query, "page", 0, 0, Integer.MAX_VALUE);
                size = JsonExchange.intParam(query, "size", 50, 1, MAX_PAGE_SIZE);
            } catch (JsonExchange.BadParameter e) {
                JsonExchange.send(exchange, 400, error("bad_request", e.getMessage()));
                return;
            }
            JsonExchange.send(exchange, 200, page(page, size));
        } finally {
            exchange.close();
        }
    }

    private ObjectNode page(int page, int size) {
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        body.put("page", page);
        body.put("size", size);
        body.put("total", privileges.size());
        ArrayNode items = body.putArray("items");
        // long arithmetic: a huge page number must yield an empty page, not an overflowed index
        long from = (long) page * size;
        for (long i = from; i < Math.min(from + size, privileges.size()); i++) {
            items.add(privileges.get((int) i));
        }
        return body;
    }

    private static boolean sameKey(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.trim().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        body.put("error", code);
        body.put("message", message);
        return body;
    }
}
