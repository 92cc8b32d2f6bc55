package eg.gov.bawaba.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/** Simulates the Digital Egypt portal's public services API: offset-paged, unauthenticated, in the portal's own record shape. */
final class DigitalEgyptServicesApi implements HttpHandler {

    static final String PATH = "/digital-egypt/services";
    static final int MAX_LIMIT = 100;

    private final ArrayNode services;

    DigitalEgyptServicesApi(ArrayNode services) {
        this.services = services;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                JsonExchange.send(exchange, 404, error(404, "NOT_FOUND", "Unknown resource"));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                JsonExchange.send(exchange, 405, error(405, "METHOD_NOT_ALLOWED", "Only GET is supported"));
                return;
            }
            Map<String, String> query = JsonExchange.query(exchange);
            int offset;
            int limit;
            try {
                offset = JsonExchange.intParam(query, "offset", 0, 0, Integer.MAX_VALUE);
                limit = JsonExchange.intParam(query, "limit", 20, 1, MAX_LIMIT);
            } catch (JsonExchange.BadParameter e) {
                JsonExchange.send(exchange, 400, error(400, "INVALID_PARAMETER", e.getMessage()));
                return;
            }
            JsonExchange.send(exchange, 200, slice(offset, limit));
        } finally {
            exchange.close();
        }
    }

    private ObjectNode slice(int offset, int limit) {
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        ArrayNode data = body.putArray("data");
        long end = Math.min((long) offset + limit, services.size());
        for (long i = offset; i < end; i++) {
            data.add(services.get((int) i));
        }
        body.put("hasMore", end < services.size());
        return body;
    }

    private static ObjectNode error(int status, String code, String message) {
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        body.put("status", status);
        body.put("errorCode", code);
        body.put("message", message);
        return body;
    }
}
