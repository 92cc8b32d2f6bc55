package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a newer OpenAPI document removes or narrows relative to an older one, i.e. the changes docs/api.md calls
 * breaking: a path, operation, response, media type or parameter gone; an optional parameter made required; a schema
 * property, enum value or type gone; a required list changed (required added breaks requests, removed breaks answers).
 */
final class OpenApiCompatibility {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode older;
    private final JsonNode newer;
    private final List<String> breaks = new ArrayList<>();
    private final Set<String> comparedSchemas = new HashSet<>();

    private OpenApiCompatibility(JsonNode older, JsonNode newer) {
        this.older = older;
        this.newer = newer;
    }

    /** The breaking changes from {@code older} to {@code newer}; empty when every v1 client keeps working. */
    static List<String> breakingChanges(JsonNode older, JsonNode newer) {
        OpenApiCompatibility compared = new OpenApiCompatibility(older, newer);
        compared.paths();
        compared.webhooks();
        compared.componentSchemas();
        return compared.breaks;
    }

    private void paths() {
        for (String path : names(older.path("paths"))) {
            JsonNode then = older.path("paths").path(path);
            JsonNode now = newer.path("paths").path(path);
            if (now.isMissingNode()) {
                breaks.add("path removed: " + path);
                continue;
            }
            operations(path, then, now);
        }
    }

    private void webhooks() {
        for (String hook : names(older.path("webhooks"))) {
            JsonNode now = newer.path("webhooks").path(hook);
            if (now.isMissingNode()) {
                breaks.add("webhook removed: " + hook);
            } else {
                operations("webhook " + hook, older.path("webhooks").path(hook), now);
            }
        }
    }

    private void operations(String where, JsonNode then, JsonNode now) {
        for (String method : names(then)) {
            if (!METHODS.contains(method)) {
                continue;
            }
            String operation = method.toUpperCase(Locale.ROOT) + " " + where;
            JsonNode thenOp = then.path(method);
            JsonNode nowOp = now.path(method);
            if (nowOp.isMissingNode()) {
                breaks.add("operation removed: " + operation);
                continue;
            }
            parameters(operation, thenOp.path("parameters"), nowOp.path("parameters"));
            JsonNode thenBody = resolve(older, thenOp.path("requestBody"));
            JsonNode nowBody = resolve(newer, nowOp.path("requestBody"));
            if (!thenBody.path("required").asBoolean(false) && nowBody.path("required").asBoolean(false)) {
                breaks.add(operation + ": request body became required");
            }
            content(operation + " request", thenBody.path("content"), nowBody.path("content"));
            for (String status : names(thenOp.path("responses"))) {
                JsonNode nowResponse = nowOp.path("responses").path(status);
                if (nowResponse.isMissingNode()) {
                    breaks.add(operation + ": response " + status + " removed");
                    continue;
                }
                content(operation + " " + status, resolve(older, thenOp.path("responses").path(status)).path("content"),
                        resolve(newer, nowResponse).path("content"));
            }
        }
    }

    private void parameters(String operation, JsonNode then, JsonNode now) {
        List<JsonNode> nowParameters = new ArrayList<>();
        now.forEach(p -> nowParameters.add(resolve(newer, p)));
        Set<String> thenRequired = new HashSet<>();
        for (JsonNode p : then) {
            JsonNode parameter = resolve(older, p);
            String id = parameter.path("in").asText() + " " + parameter.path("name").asText();
            if (parameter.path("required").asBoolean(false)) {
                thenRequired.add(id);
            }
            JsonNode match = nowParameters.stream().filter(n -> id.equals(n.path("in").asText() + " " + n.path("name")
                    .asText())).findFirst().orElse(null);
            if (match == null) {
                breaks.add(operation + ": parameter removed: " + id);
            } else {
                schema(operation + " parameter " + id, parameter.path("schema"), match.path("schema"));
            }
        }
        for (JsonNode parameter : nowParameters) {
            String id = parameter.path("in").asText() + " " + parameter.path("name").asText();
            if (parameter.path("required").asBoolean(false) && !thenRequired.contains(id)) {
                breaks.add(operation + ": parameter " + id + " is required now");
            }
        }
    }

    private void content(String where, JsonNode then, JsonNode now) {
        for (String mediaType : names(then)) {
            JsonNode nowMedia = now.path(mediaType);
            if (nowMedia.isMissingNode()) {
                breaks.add(where + ": media type removed: " + mediaType);
            } else {
                schema(where + " " + mediaType, then.path(mediaType).path("schema"), nowMedia.path("schema"));
            }
        }
    }

    private void componentSchemas() {
        for (String name : names(older.path("components").path("schemas"))) {
            JsonNode now = newer.path("components").path("schemas").path(name);
            if (now.isMissingNode()) {
                breaks.add("schema removed: " + name);
            } else {
                schema("schema " + name, older.path("components").path("schemas").path(name), now);
            }
        }
    }

    private void schema(String where, JsonNode then, JsonNode now) {
        if (then.isMissingNode() || then.isBoolean()) {
            return;
        }
        if (then.has("$ref") && now.has("$ref")) {
            String thenRef = then.get("$ref").asText();
            if (!thenRef.equals(now.get("$ref").asText())) {
                breaks.add(where + ": now " + now.get("$ref").asText() + " instead of " + thenRef);
            }
            return; // the component itself is compared once, by name
        }
        if (then.has("$ref") || now.has("$ref")) {
            then = resolve(older, then);
            now = resolve(newer, now);
            String key = where + "|" + then.hashCode();
            if (!comparedSchemas.add(key)) {
                return;
            }
        }
        Set<String> thenTypes = types(then);
        Set<String> nowTypes = types(now);
        if (!thenTypes.isEmpty() && !nowTypes.isEmpty() && !nowTypes.containsAll(thenTypes)) {
            breaks.add(where + ": type narrowed from " + thenTypes + " to " + nowTypes);
        }
        if (then.has("enum")) {
            Set<String> nowValues = new HashSet<>();
            now.path("enum").forEach(v -> nowValues.add(v.toString()));
            for (JsonNode value : then.get("enum")) {
                if (!now.has("enum") && now.has("const") && now.get("const").equals(value)) {
                    continue;
                }
                if (now.has("enum") && !nowValues.contains(value.toString())) {
                    breaks.add(where + ": enum value removed: " + value);
                }
            }
        }
        Set<String> thenRequired = new HashSet<>();
        then.path("required").forEach(r -> thenRequired.add(r.asText()));
        Set<String> nowRequired = new HashSet<>();
        now.path("required").forEach(r -> nowRequired.add(r.asText()));
        if (!thenRequired.equals(nowRequired)) {
            breaks.add(where + ": required changed from " + thenRequired + " to " + nowRequired);
        }
        for (String property : names(then.path("properties"))) {
            JsonNode nowProperty = now.path("properties").path(property);
            if (nowProperty.isMissingNode()) {
                breaks.add(where + ": property removed: " + property);
            } else {
                schema(where + "." + property, then.path("properties").path(property), nowProperty);
            }
        }
        schema(where + "[]", then.path("items"), now.path("items"));
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            JsonNode thenParts = then.path(combinator);
            JsonNode nowParts = now.path(combinator);
            for (int i = 0; i < thenParts.size(); i++) {
                if (i >= nowParts.size()) {
                    breaks.add(where + ": " + combinator + " part " + i + " removed");
                } else {
                    schema(where + " " + combinator + "[" + i + "]", thenParts.get(i), nowParts.get(i));
                }
            }
        }
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new HashSet<>();
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else {
            type.forEach(t -> types.add(t.asText()));
        }
        if (types.contains("number")) {
            types.add("integer");
        }
        return types;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode resolved = node;
        for (int depth = 0; resolved.has("$ref") && resolved.get("$ref").asText().startsWith("#") && depth < 10; depth++) {
            resolved = document.at(resolved.get("$ref").asText().substring(1));
        }
        return resolved;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
