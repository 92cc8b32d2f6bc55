package eg.gov.bawaba.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's fault switch: {@code PUT /sandbox/faults/{entity}} with {@code {"mode", "scope", "delaySeconds",
 * "application"}}, {@code GET /sandbox/faults[/{entity}]} and {@code DELETE /sandbox/faults} (docs/sandbox-faults.md).
 */
final class SandboxFaultsApi implements HttpHandler {

    static final String PATH = "/sandbox/faults";
    private static final Set<String> FIELDS = Set.of("mode", "scope", "delaySeconds", "application");

    private final SandboxFaults faults;

    SandboxFaultsApi(SandboxFaults faults) {
        this.faults = faults;
    }

    /** A request the switch refuses, answered 400 with its message. */
    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals(PATH) || path.equals(PATH + "/")) {
                // no POST and no CORS: a web page in the operator's browser cannot send PUT or DELETE here
                switch (method) {
                    case "GET" -> JsonExchange.send(exchange, 200, list());
                    case "DELETE" -> {
                        faults.reset();
                        JsonExchange.send(exchange, 200, list());
                    }
                    default -> notAllowed(exchange, "GET, DELETE");
                }
                return;
            }
            if (!path.startsWith(PATH + "/") || path.indexOf('/', PATH.length() + 1) >= 0) {
                JsonExchange.send(exchange, 404, error("not_found", "No such resource"));
                return;
            }
            String entity = path.substring(PATH.length() + 1);
            switch (method) {
                case "GET" -> {
                    known(entity);
                    JsonExchange.send(exchange, 200, entity(entity));
                }
                case "PUT" -> {
                    switchFault(entity, body(exchange));
                    JsonExchange.send(exchange, 200, entity(entity));
                }
                default -> notAllowed(exchange, "GET, PUT");
            }
        } catch (BadRequest e) {
            JsonExchange.send(exchange, 400, error("bad_request", e.getMessage()));
        } finally {
            exchange.close();
        }
    }

    private void switchFault(String entity, JsonNode request) throws BadRequest {
        Set<SandboxFaults.Scope> parts = known(entity);
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadRequest("unknown field '" + name + "'; expected mode, scope, delaySeconds, application");
            }
        }
        SandboxFaults.Mode mode = choice(request, "mode", SandboxFaults.Mode.class, null);
        String application = text(request, "application");
        Set<SandboxFaults.Scope> scopes;
        String scope = text(request, "scope");
        if (scope == null || scope.equals("all")) {
            // a fault for one application can only concern the applications part
            scopes = scope == null && application != null ? Set.of(SandboxFaults.Scope.APPLICATIONS) : parts;
        } else {
            scopes = Set.of(choice(request, "scope", SandboxFaults.Scope.class, "all"));
        }
        if (!parts.containsAll(scopes)) {
            throw new BadRequest(entity + " has no " + String.join(" or ", scopes.stream()
                    .filter(s -> !parts.contains(s)).map(SandboxFaults.Scope::text).toList()) + " in the sandbox");
        }
        if (application != null && (mode == SandboxFaults.Mode.OK
                || !scopes.equals(Set.of(SandboxFaults.Scope.APPLICATIONS)))) {
            throw new BadRequest("application narrows a down, error or slow fault of scope applications");
        }
        int delay = SandboxFaults.DEFAULT_DELAY_SECONDS;
        if (request.has("delaySeconds")) {
            JsonNode value = request.get("delaySeconds");
            if (mode != SandboxFaults.Mode.SLOW) {
                throw new BadRequest("delaySeconds applies to mode slow only");
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1
                    || value.intValue() > SandboxFaults.MAX_DELAY_SECONDS) {
                throw new BadRequest("delaySeconds must be a whole number from 1 to "
                        + SandboxFaults.MAX_DELAY_SECONDS);
            }
            delay = value.intValue();
        }
        faults.set(entity, scopes, new SandboxFaults.Fault(mode, mode == SandboxFaults.Mode.SLOW ? delay : 0,
                application));
    }

    private Set<SandboxFaults.Scope> known(String entity) throws BadRequest {
        Set<SandboxFaults.Scope> parts = faults.entities().get(entity);
        if (parts == null) {
            throw new BadRequest("unknown entity '" + entity + "'; the sandbox can fault "
                    + String.join(", ", faults.entities().keySet()));
        }
        return parts;
    }

    private static <E extends Enum<E>> E choice(JsonNode request, String field, Class<E> type, String extra)
            throws BadRequest {
        String value = text(request, field);
        StringBuilder expected = new StringBuilder();
        for (E option : type.getEnumConstants()) {
            expected.append(expected.isEmpty() ? "" : ", ").append(option.name().toLowerCase(Locale.ROOT));
            if (option.name().equalsIgnoreCase(value)) {
                return option;
            }
        }
        if (extra != null) {
            expected.append(", ").append(extra);
        }
        throw new BadRequest(value == null ? field + " is required; one of " + expected
                : "unknown " + field + " '" + value + "'; expected one of " + expected);
    }

    private static String text(JsonNode request, String field) throws BadRequest {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new BadRequest(field + " must be a non-empty string");
        }
        return value.asText().strip();
    }

    private static JsonNode body(HttpExchange exchange) throws BadRequest {
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = JsonExchange.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new BadRequest("the body is not JSON");
        }
        if (request == null || !request.isObject()) {
            throw new BadRequest("the body must be a JSON object such as {\"mode\":\"down\",\"scope\":\"all\"}");
        }
        return request;
    }

    private ObjectNode list() {
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        body.set("faults", faults.view());
        return body;
    }

    private ObjectNode entity(String entity) {
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        body.put("entity", entity);
        body.setAll(faults.view(entity));
        return body;
    }

    private static void notAllowed(HttpExchange exchange, String allow) throws IOException {
        exchange.getResponseHeaders().set("Allow", allow);
        JsonExchange.send(exchange, 405, error("method_not_allowed", "Only " + allow + " are supported here"));
    }

    private static Map<String, String> error(String code, String message) {
        return Map.of("error", code, "message", message);
    }
}
