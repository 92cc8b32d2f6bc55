package eg.gov.bawaba.hub.scaffold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an OpenAPI 3 document (JSON or YAML) with Jackson: finds the GET operation that lists records, where the
 * records sit in its answer, how it pages (from its query parameters, answer fields and headers), how it
 * authenticates, and the fields of one record.
 */
final class OpenApiReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> CURSOR_PARAMS = Set.of("cursor", "after", "pagetoken", "page_token",
            "continuationtoken", "continuation", "nexttoken", "next_token", "starting_after", "since");
    private static final Set<String> CURSOR_FIELDS = Set.of("nextcursor", "next_cursor", "cursor", "nextpagetoken",
            "next_page_token", "endcursor", "continuationtoken", "after", "nexttoken", "next_token");
    private static final Set<String> NEXT_LINK_FIELDS = Set.of("next", "nextlink", "next_link", "nexturl", "next_url",
            "nextpageurl", "next_page_url", "nextpage", "next_page", "@odata.nextlink");
    private static final List<String> OFFSET_PARAMS = List.of("offset", "skip", "start", "startindex", "from");
    private static final List<String> LIMIT_PARAMS = List.of("limit", "take", "count", "max", "size", "top", "$top");
    private static final List<String> PAGE_PARAMS = List.of("page", "pageno", "page_no", "pagenumber", "page_number",
            "pageindex", "p");
    private static final List<String> SIZE_PARAMS = List.of("size", "pagesize", "page_size", "per_page", "perpage",
            "limit", "pagelimit");

    private final JsonNode document;
    private final String location;
    private final String prefix;
    private final List<String> notes = new ArrayList<>();

    /** One operation that answers a list of records. */
    record ListOperation(String path, JsonNode operation, JsonNode pathItem, String recordsPointer, JsonNode body,
                         JsonNode recordSchema) {
        String label() {
            String id = operation.path("operationId").asText("");
            return "GET " + path + (id.isEmpty() ? "" : " (" + id + ")") + ", records at "
                    + (recordsPointer.isEmpty() ? "the top" : recordsPointer);
        }
    }

    OpenApiReader(String text, String location, String entityPrefix) {
        this.location = location;
        this.prefix = entityPrefix;
        try {
            this.document = YAML.readTree(text);
        } catch (Exception e) {
            throw new ScaffoldException(location + " is neither JSON nor YAML: " + e.getMessage(), e);
        }
        if (document == null || !document.isObject() || !document.path("openapi").asText("").startsWith("3")) {
            throw new ScaffoldException(location + " is not an OpenAPI 3 document (it has no \"openapi: 3.x\" field)");
        }
    }

    ScaffoldSource read(String chosen, String baseUrl) {
        List<ListOperation> operations = listOperations();
        if (operations.isEmpty()) {
            throw new ScaffoldException(location + " has no list operation: no GET answers an array of records (objects), "
                    + "directly or in a field of its answer");
        }
        ListOperation operation;
        if (chosen != null) {
            operation = operations.stream().filter(o -> o.path().equals(chosen)
                            || o.operation().path("operationId").asText("").equals(chosen))
                    .findFirst().orElseThrow(() -> new ScaffoldException("no list operation '" + chosen + "' in "
                            + location + "; choose one of:\n" + choices(operations)));
        } else if (operations.size() > 1) {
            throw new ScaffoldException(location + " has " + operations.size() + " list operations; choose one with "
                    + "--operation PATH (or its operationId):\n" + choices(operations));
        } else {
            operation = operations.get(0);
        }
        Map<String, Object> connector = new LinkedHashMap<>();
        connector.put("kind", "rest");
        connector.put("baseUrl", "${" + prefix + "BASE_URL:" + baseUrl(baseUrl) + "}");
        connector.put("path", operation.path());
        if (!operation.recordsPointer().isEmpty()) {
            connector.put("recordsPointer", operation.recordsPointer());
        }
        Map<String, Object> paging = paging(operation);
        if (paging != null) {
            connector.put("paging", paging);
        }
        Map<String, Object> auth = auth(operation.operation());
        if (auth != null) {
            connector.put("auth", auth);
        }
        connector.put("timeout", "10s");
        List<SourceField> fields = fields(operation.recordSchema(), 0);
        return new ScaffoldSource("rest", connector, fields, false, null, operation.label(),
                document.at("/info/title").asText(null), notes);
    }

    private static String choices(List<ListOperation> operations) {
        return operations.stream().map(o -> "  " + o.label()).collect(Collectors.joining("\n"));
    }

    List<ListOperation> listOperations() {
        List<ListOperation> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            JsonNode get = path.getValue().path("get");
            if (get.isMissingNode() || path.getKey().contains("{")) {
                continue;
            }
            JsonNode body = resolve(responseSchema(get));
            if (body == null) {
                continue;
            }
            String pointer = recordsPointer(body, "");
            if (pointer != null) {
                JsonNode array = pointer.isEmpty() ? body : at(body, pointer);
                found.add(new ListOperation(path.getKey(), get, path.getValue(), pointer, body,
                        resolve(array.path("items"))));
            }
        }
        return found;
    }

    private JsonNode responseSchema(JsonNode operation) {
        JsonNode responses = operation.path("responses");
        for (String code : new String[] {"200", "2XX", "2xx", "206", "default"}) {
            JsonNode content = resolve(responses.path(code)) == null ? null : resolve(responses.path(code)).path("content");
            if (content != null && content.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> media = it.next();
                    if (media.getKey().contains("json")) {
                        return media.getValue().path("schema");
                    }
                }
            }
        }
        return null;
    }

    private JsonNode response(JsonNode operation) {
        JsonNode responses = operation.path("responses");
        JsonNode ok = resolve(responses.path("200"));
        return ok == null ? resolve(responses.path("2XX")) : ok;
    }

    /** The pointer to the array of objects in an answer, the shallowest first; "" when the answer is the array. */
    private String recordsPointer(JsonNode schema, String at) {
        if (schema == null || at.chars().filter(c -> c == '/').count() > 3) {
            return null;
        }
        if (isArrayOfObjects(schema)) {
            return at;
        }
        JsonNode properties = properties(schema);
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            if (isArrayOfObjects(resolve(property.getValue()))) {
                return at + "/" + property.getKey();
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode value = resolve(property.getValue());
            if (value != null && properties(value).size() > 0) {
                String found = recordsPointer(value, at + "/" + property.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private boolean isArrayOfObjects(JsonNode schema) {
        if (schema == null || !"array".equals(type(schema))) {
            return false;
        }
        JsonNode items = resolve(schema.path("items"));
        return items != null && ("object".equals(type(items)) || properties(items).size() > 0);
    }

    private JsonNode at(JsonNode schema, String pointer) {
        JsonNode node = schema;
        for (String name : pointer.substring(1).split("/")) {
            node = resolve(properties(node).path(name));
        }
        return node;
    }

    /** Parameters and answer fields say how the API pages; the most specific evidence wins. */
    private Map<String, Object> paging(ListOperation operation) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        for (JsonNode list : new JsonNode[] {operation.pathItem().path("parameters"),
                operation.operation().path("parameters")}) {
            for (JsonNode parameter : list) {
                JsonNode p = resolve(parameter);
                if (p != null && "query".equals(p.path("in").asText())) {
                    params.put(p.path("name").asText(), p);
                }
            }
        }
        Map<String, Object> paging = new LinkedHashMap<>();
        JsonNode response = response(operation.operation());
        if (response != null && hasHeader(response.path("headers"), "link")) {
            paging.put("style", "link-header");
            return paging;
        }
        String cursorParam = find(params.keySet(), CURSOR_PARAMS);
        String cursorPointer = fieldPointer(operation.body(), CURSOR_FIELDS, "", operation.recordsPointer(), false);
        String nextPointer = fieldPointer(operation.body(), NEXT_LINK_FIELDS, "", operation.recordsPointer(), true);
        if (nextPointer == null && cursorParam == null) {
            nextPointer = fieldPointer(operation.body(), NEXT_LINK_FIELDS, "", operation.recordsPointer(), false);
        }
        if (cursorParam != null && cursorPointer == null && nextPointer != null && !uriTyped(operation.body(), nextPointer)) {
            cursorPointer = nextPointer;
            nextPointer = null;
        }
        if (cursorParam != null && cursorPointer != null) {
            paging.put("style", "cursor");
            paging.put("cursorParam", cursorParam);
            paging.put("cursorPointer", cursorPointer);
            return paging;
        }
        if (nextPointer != null) {
            paging.put("style", "next-link");
            paging.put("nextPointer", nextPointer);
            return paging;
        }
        String offset = find(params.keySet(), OFFSET_PARAMS);
        String page = find(params.keySet(), PAGE_PARAMS);
        if (offset != null) {
            String limit = find(params.keySet(), LIMIT_PARAMS);
            paging.put("style", "offset");
            paging.put("offsetParam", offset);
            paging.put("limitParam", limit == null ? "limit" : limit);
            paging.put("pageSize", pageSize(limit == null ? null : params.get(limit)));
            return paging;
        }
        if (page != null) {
            String size = find(params.keySet(), SIZE_PARAMS);
            JsonNode pageSchema = resolve(params.get(page).path("schema"));
            int first = pageSchema == null ? 1 : pageSchema.has("minimum") ? pageSchema.path("minimum").asInt(1)
                    : pageSchema.path("default").asInt(1);
            paging.put("style", "page");
            paging.put("pageParam", page);
            paging.put("sizeParam", size == null ? "size" : size);
            paging.put("firstPage", first <= 0 ? 0 : 1);
            paging.put("pageSize", pageSize(size == null ? null : params.get(size)));
            if (pageSchema == null || !pageSchema.has("minimum") && !pageSchema.has("default")) {
                notes.add("paging: the spec does not say whether pages count from 0 or 1; firstPage 1 is a guess");
            }
            return paging;
        }
        if (cursorParam != null) {
            notes.add("paging: the API takes a '" + cursorParam + "' parameter but its answer names no next cursor; "
                    + "set paging.cursorPointer by hand");
        }
        return null;
    }

    private int pageSize(JsonNode parameter) {
        JsonNode schema = parameter == null ? null : resolve(parameter.path("schema"));
        int max = schema == null ? 0 : schema.path("maximum").asInt(0);
        return max > 0 ? Math.min(50, max) : 50;
    }

    private static boolean hasHeader(JsonNode headers, String name) {
        for (Iterator<String> it = headers.fieldNames(); it.hasNext(); ) {
            if (it.next().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String find(Set<String> names, Collection<String> wanted) {
        for (String want : wanted) {
            for (String name : names) {
                if (name.toLowerCase(Locale.ROOT).equals(want)) {
                    return name;
                }
            }
        }
        return null;
    }

    /** A string field with one of the names, in the top three levels of the answer outside the records. */
    private String fieldPointer(JsonNode schema, Set<String> names, String at, String records, boolean uriOnly) {
        if (schema == null || at.chars().filter(c -> c == '/').count() >= 3 || at.equals(records)) {
            return null;
        }
        JsonNode properties = properties(schema);
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode value = resolve(property.getValue());
            String pointer = at + "/" + property.getKey();
            if (value != null && names.contains(property.getKey().toLowerCase(Locale.ROOT))) {
                if ("string".equals(type(value)) && (!uriOnly || value.path("format").asText("").startsWith("uri"))) {
                    return pointer;
                }
                if (properties(value).has("href")) {
                    return pointer + "/href";
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode value = resolve(property.getValue());
            if (value != null && properties(value).size() > 0) {
                String found = fieldPointer(value, names, at + "/" + property.getKey(), records, uriOnly);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private boolean uriTyped(JsonNode body, String pointer) {
        JsonNode node = at(body, pointer);
        return node != null && node.path("format").asText("").startsWith("uri");
    }

    private Map<String, Object> auth(JsonNode operation) {
        JsonNode security = operation.has("security") ? operation.path("security") : document.path("security");
        JsonNode schemes = document.at("/components/securitySchemes");
        for (JsonNode requirement : security) {
            for (Iterator<String> it = requirement.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonNode scheme = resolve(schemes.path(name));
                if (scheme == null) {
                    continue;
                }
                String type = scheme.path("type").asText();
                Map<String, Object> auth = new LinkedHashMap<>();
                if (type.equals("apiKey") && scheme.path("in").asText().equals("header")) {
                    auth.put("type", "api-key");
                    auth.put("header", scheme.path("name").asText("X-Api-Key"));
                    auth.put("secretEnv", prefix + "API_KEY");
                    return auth;
                }
                if (type.equals("http") && scheme.path("scheme").asText().equalsIgnoreCase("basic")) {
                    auth.put("type", "basic");
                    auth.put("usernameEnv", prefix + "USER");
                    auth.put("secretEnv", prefix + "PASSWORD");
                    return auth;
                }
                notes.add("auth: security scheme '" + name + "' (" + type + " " + scheme.path("scheme").asText(
                        scheme.path("in").asText()) + ") is not one the rest connector sends (api-key in a header, "
                        + "basic); the definition has no auth");
            }
        }
        return null;
    }

    private String baseUrl(String given) {
        if (given != null) {
            return given.replaceAll("/+$", "");
        }
        String server = document.at("/servers/0/url").asText("");
        if (server.isEmpty()) {
            throw new ScaffoldException(location + " names no server (servers[0].url): give the API's address with "
                    + "--base-url");
        }
        if (!server.startsWith("http://") && !server.startsWith("https://")) {
            if (!SourceText.isUrl(location)) {
                throw new ScaffoldException(location + " names a relative server (" + server + "): give the API's "
                        + "address with --base-url");
            }
            server = URI.create(location).resolve(server).toString();
        }
        return server.replaceAll("/+$", "");
    }

    private List<SourceField> fields(JsonNode schema, int depth) {
        List<SourceField> fields = new ArrayList<>();
        if (schema == null || depth > 5) {
            return fields;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties(schema).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            fields.add(field(property.getKey(), resolve(property.getValue()), depth));
        }
        return fields;
    }

    private SourceField field(String name, JsonNode schema, int depth) {
        if (schema == null) {
            return SourceField.leaf(name, SourceField.Type.STRING, false, List.of());
        }
        String type = type(schema);
        boolean repeated = "array".equals(type);
        JsonNode value = repeated ? resolve(schema.path("items")) : schema;
        if (value != null && ("object".equals(type(value)) || properties(value).size() > 0)) {
            return SourceField.object(name, repeated, fields(value, depth + 1));
        }
        List<String> values = new ArrayList<>();
        if (value != null) {
            value.path("enum").forEach(v -> values.add(v.asText()));
        }
        String valueType = value == null ? "string" : type(value);
        String format = value == null ? "" : value.path("format").asText("");
        SourceField.Type kind = switch (valueType == null ? "string" : valueType) {
            case "number", "integer" -> SourceField.Type.NUMBER;
            case "boolean" -> SourceField.Type.BOOLEAN;
            default -> format.startsWith("date") ? SourceField.Type.DATE
                    : format.startsWith("uri") || format.equals("url") ? SourceField.Type.URI : SourceField.Type.STRING;
        };
        return SourceField.leaf(name, kind, repeated, values);
    }

    /** The schema's type, also when written as a 3.1 list with "null" or left out beside properties or items. */
    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : null;
    }

    private JsonNode properties(JsonNode schema) {
        if (schema == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (schema.has("allOf")) {
            ObjectNode merged = JsonNodeFactory.instance.objectNode();
            schema.path("allOf").forEach(part -> merged.setAll((ObjectNode) properties(resolve(part)).deepCopy()));
            if (schema.path("properties").isObject()) {
                merged.setAll((ObjectNode) schema.path("properties").deepCopy());
            }
            return merged;
        }
        JsonNode properties = schema.path("properties");
        return properties.isObject() ? properties : JsonNodeFactory.instance.objectNode();
    }

    /** Follows local references ({@code #/components/...}); oneOf and anyOf are read as their first choice. */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && hops < 20; hops++) {
            if (current.isMissingNode() || current.isNull()) {
                return null;
            }
            if (current.has("$ref")) {
                String ref = current.path("$ref").asText();
                if (!ref.startsWith("#/")) {
                    notes.add("the reference " + ref + " points outside the document and was not followed");
                    return null;
                }
                current = document.at(ref.substring(1));
            } else if (current.has("oneOf") || current.has("anyOf")) {
                current = current.has("oneOf") ? current.path("oneOf").path(0) : current.path("anyOf").path(0);
            } else {
                return current;
            }
        }
        return null;
    }
}
