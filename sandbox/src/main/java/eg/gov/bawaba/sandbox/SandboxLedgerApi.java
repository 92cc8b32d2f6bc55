package eg.gov.bawaba.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the simulated entities themselves recorded, read-only: {@code GET /sandbox/ledger/emigration} lists the
 * applications the ministry created and how many requests asked for each, so a test can count what arrived where.
 */
final class SandboxLedgerApi implements HttpHandler {

    static final String PATH = "/sandbox/ledger";

    private final Map<String, Supplier<ObjectNode>> ledgers;

    SandboxLedgerApi(Map<String, Supplier<ObjectNode>> ledgers) {
        this.ledgers = ledgers;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            Supplier<ObjectNode> ledger = path.startsWith(PATH + "/") ? ledgers.get(path.substring(PATH.length() + 1))
                    : null;
            if (ledger == null) {
                JsonExchange.send(exchange, 404, Map.of("error", "not_found",
                        "message", "No ledger here; the sandbox keeps " + PATH + "/" + String.join(", " + PATH + "/",
                                ledgers.keySet())));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                JsonExchange.send(exchange, 405, Map.of("error", "method_not_allowed", "message", "read-only: GET"));
            } else {
                JsonExchange.send(exchange, 200, ledger.get());
            }
        } finally {
            exchange.close();
        }
    }
}
