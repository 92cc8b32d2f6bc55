package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.catalogue.CatalogueChange;
import eg.gov.bawaba.hub.catalogue.CatalogueIndex;
import eg.gov.bawaba.hub.catalogue.CataloguePage;
import eg.gov.bawaba.hub.catalogue.CatalogueQuery;
import eg.gov.bawaba.hub.catalogue.CatalogueStore;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.Category;
import eg.gov.bawaba.mappings.model.EntryKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/** Answers the catalogue read API from the search index and the change feed. */
@Component
public class CatalogueApi {

    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final int MAX_SIZE = 100;
    private static final int MAX_CHANGES = 1000;

    private final CatalogueIndex index;
    private final CatalogueStore store;
    // Rendered pages by catalogue generation, query and language: a page cannot go stale, since any change of the
    // catalogue moves the generation; popular listings are then served without searching or rendering again. Kept
    // as the UTF-8 bytes sent, so a page served from here is not encoded again.
    private final Cache<String, byte[]> pages = Caffeine.newBuilder().maximumSize(5_000).build();

    public CatalogueApi(CatalogueIndex index, CatalogueStore store) {
        this.index = index;
        this.store = store;
    }

    /** GET /api/v1/catalogue */
    public void list(Exchange exchange) {
        Message in = exchange.getIn();
        String language = Language.from(in.getHeader("Accept-Language", String.class));
        CatalogueQuery query = new CatalogueQuery(
                oneOf(in, "kind", names(EntryKind.values())),
                oneOf(in, "category", names(Category.values())),
                matching(in, "entity", ENTITY, "an entity id such as 'emigration'"),
                upper(matching(in, "country", COUNTRY, "an ISO 3166-1 alpha-2 country code such as 'SA'")),
                text(in, "q"),
                status(in),
                number(in, "page", 0, 0, Integer.MAX_VALUE / MAX_SIZE),
                number(in, "size", 20, 1, MAX_SIZE));
        long generation = index.generation();
        String etag = "W/\"c" + generation + "-" + Integer.toHexString((query + "|" + language).hashCode()) + "\"";
        if (notModified(exchange, etag)) {
            return;
        }
        byte[] body = pages.get(generation + "|" + query + "|" + language, key -> render(query, language));
        ok(exchange, body, etag, language);
    }

    private byte[] render(CatalogueQuery query, String language) {
        CataloguePage page = index.search(query);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("page", page.page());
        body.put("size", page.size());
        body.put("total", page.total());
        body.put("language", language);
        ArrayNode items = body.putArray("items");
        page.documents().forEach(doc -> items.add(EntryRepresentation.of(doc, language)));
        // the text's own encoding, not Jackson's UTF-8 writer: that one writes a lone surrogate from a feed differently
        return CanonicalJson.toJson(body).getBytes(StandardCharsets.UTF_8);
    }

    /** GET /api/v1/catalogue/{id} */
    public void get(Exchange exchange) {
        Message in = exchange.getIn();
        String id = in.getHeader("id", String.class);
        String language = Language.from(in.getHeader("Accept-Language", String.class));
        String document = index.document(id)
                .orElseThrow(() -> ApiProblem.notFound("no catalogue entry has id '" + id + "'"));
        ObjectNode entry = EntryRepresentation.of(document, language);
        String etag = "W/\"" + id + "-v" + entry.at("/provenance/version").asLong() + "-" + language + "\"";
        if (notModified(exchange, etag)) {
            return;
        }
        ok(exchange, entry, etag, language);
    }

    /** GET /api/v1/catalogue/changes?since=&limit= */
    public void changes(Exchange exchange) {
        Message in = exchange.getIn();
        String since = in.getHeader("since", String.class);
        long cursor = 0;
        if (since != null && !since.isBlank()) {
            try {
                cursor = Long.parseLong(since.trim());
            } catch (NumberFormatException e) {
                cursor = -1;
            }
            if (cursor < 0) {
                throw ApiProblem.badRequest("since: '" + since + "' is not a cursor returned by this feed");
            }
        }
        int limit = number(in, "limit", 100, 1, MAX_CHANGES);
        List<CatalogueChange> changes = store.changesAfter(cursor, limit + 1);
        boolean more = changes.size() > limit;
        List<CatalogueChange> pageOfChanges = more ? changes.subList(0, limit) : changes;
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        ArrayNode items = body.putArray("changes");
        for (CatalogueChange c : pageOfChanges) {
            ObjectNode item = items.addObject();
            item.put("cursor", Long.toString(c.seq()));
            item.put("entryId", c.entryId());
            item.put("entityId", c.entityId());
            item.put("change", c.change().name());
            item.put("version", c.version());
            item.put("changedAt", c.changedAt().toString());
            item.set("entry", readTree(c.document()));
        }
        long next = pageOfChanges.isEmpty() ? cursor : pageOfChanges.get(pageOfChanges.size() - 1).seq();
        body.put("nextCursor", Long.toString(next));
        body.put("hasMore", more);
        ok(exchange, body, null, null);
    }

    static boolean notModified(Exchange exchange, String etag) {
        String ifNoneMatch = exchange.getIn().getHeader("If-None-Match", String.class);
        Message out = exchange.getMessage();
        out.setHeader("ETag", etag);
        if (ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .anyMatch(tag -> tag.equals("*") || weak(tag).equals(weak(etag)))) {
            clearRequestHeaders(out);
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
            out.setBody(null);
            return true;
        }
        return false;
    }

    static void ok(Exchange exchange, Object body, String etag, String language) {
        Message out = exchange.getMessage();
        clearRequestHeaders(out);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (etag != null) {
            out.setHeader("ETag", etag);
        }
        if (language != null) {
            out.setHeader("Content-Language", language);
            out.setHeader("Vary", "Accept-Language");
        }
        out.setBody(body instanceof byte[] || body instanceof String ? body : CanonicalJson.toJson(body));
    }

    /** Request headers (query parameters among them) would otherwise be echoed back as response headers. */
    static void clearRequestHeaders(Message out) {
        Object etag = out.getHeader("ETag");
        out.removeHeaders("*", "Camel*");
        if (etag != null) {
            out.setHeader("ETag", etag);
        }
    }

    private static String weak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return CanonicalJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("stored change is not JSON", e);
        }
    }

    static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    static String oneOf(Message in, String name, String[] allowed) {
        String value = in.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return null;
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(upper)) {
            throw ApiProblem.badRequest(name + ": '" + value + "' is not one of " + String.join(", ", allowed));
        }
        return upper;
    }

    static String matching(Message in, String name, Pattern pattern, String expected) {
        String value = in.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!pattern.matcher(value.trim()).matches()) {
            throw ApiProblem.badRequest(name + ": '" + value + "' is not " + expected);
        }
        return value.trim();
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static String text(Message in, String name) {
        String value = in.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 200) {
            throw ApiProblem.badRequest(name + ": at most 200 characters");
        }
        return value.trim();
    }

    private static String status(Message in) {
        String status = oneOf(in, "status", new String[] {"ACTIVE", "WITHDRAWN", "ALL"});
        if (status == null) {
            return "ACTIVE";
        }
        return "ALL".equals(status) ? null : status;
    }

    static int number(Message in, String name, int fallback, int min, int max) {
        String value = in.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw ApiProblem.badRequest(name + ": must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name + ": '" + value + "' is not a whole number");
        }
    }
}
