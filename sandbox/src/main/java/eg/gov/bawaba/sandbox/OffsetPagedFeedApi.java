package eg.gov.bawaba.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/**
 * Simulates a public, unauthenticated JSON feed paged by offset and limit, answering {@code {<field>: [...], "hasMore"}};
 * the training and content feeds of the Ministry of Communications are served this way.
 */
final class OffsetPagedFeedApi implements HttpHandler {

    static final String TRAINING_PATH = "/digital-training/programmes";
    static final String CONTENT_PATH = "/mcit-content/content";
    static final int MAX_LIMIT = 100;

    private final String path;
    private final String recordsField;
    private final ArrayNode records;

    OffsetPagedFeedApi(String path, String recordsField, ArrayNode records) {
        this.path = path;
        this.recordsField = recordsField;
        this.records = records;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!path.equals(exchange.getRequestURI().getPath())) {
                JsonExchange.send(exchange, 404, error(404, "Unknown resource"));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                JsonExchange.send(exchange, 405, error(405, "Only GET is supported"));
                return;
            }
            Map<String, String> query = JsonExchange.query(exchange);
            int offset;
            int limit;
            try {
                offset = JsonExchange.intParam(query, "offset", 0, 0, Integer.MAX_VALUE);
                limit = JsonExchange.intParam(query, "limit", 20, 1, MAX_LIMIT);
            } catch (JsonExchange.BadParameter e) {
                JsonExchange.send(exchange, 400, error(400, e.getMessage()));
                return;
            }
            JsonExchange.send(exchange, 200, slice(offset, limit));
        } finally {
            exchange.close();
        }
    }

    private ObjectNode slice(int offset, int limit) {
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        ArrayNode page = body.putArray(recordsField);
        long end = Math.min((long) offset + limit, records.size());
        for (long i = offset; i < end; i++) {
            page.add(records.get((int) i));
        }
        body.put("hasMore", end < records.size());
        return body;
    }

    private static ObjectNode error(int status, String message) {
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        body.put("status", status);
        body.put("message", message);
        return body;
    }
}
