package eg.gov.bawaba.connectors.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides, for every paging style of the rest kind, which page comes next and when the feed ends, with the guards that
 * fail a sync instead of letting it loop or leave the entity's host: a next link or cursor seen before, more than
 * {@code maxPages} pages, and a next link to another scheme, host or port (the definition's credentials go with every
 * page request, so they must never be sent anywhere but the entity's own API).
 *
 * <p>Styles: {@code page} and {@code offset} count pages and stop at the first short page; {@code next-link} follows the
 * URL at {@code nextPointer} in the body; {@code cursor} sends the token at {@code cursorPointer} as the query parameter
 * {@code cursorParam}; {@code link-header} follows the RFC 8288 {@code Link} header's {@code rel="next"}. Without
 * paging, a body or header that offers a next page is reported as a warning, since only the first page was read.
 */
final class RestPaging {

    static final String NONE = "none";
    static final String PAGE = "page";
    static final String OFFSET = "offset";
    static final String NEXT_LINK = "next-link";
    static final String CURSOR = "cursor";
    static final String LINK_HEADER = "link-header";

    /** Names an API commonly gives its next-page link or token, matched case-insensitively, '_' and '-' ignored. */
    private static final Pattern NEXT_NAME = Pattern.compile(
            "next|nextlink|nexturl|nexthref|nextpage|nextpageurl|nextpagetoken|nextpagelink|nextcursor|nexttoken"
                    + "|continuationtoken|@odata\\.nextlink");

    private final RestFetchSettings settings;
    private final String nextPointer;
    private final String cursorParam;
    private final String cursorPointer;
    private final URI firstPage;

    RestPaging(RestFetchSettings settings, String firstPageUrl, String nextPointer, String cursorParam,
               String cursorPointer) {
        this.settings = settings;
        this.firstPage = URI.create(firstPageUrl);
        this.nextPointer = nextPointer;
        this.cursorParam = cursorParam;
        this.cursorPointer = cursorPointer;
    }

    /** Where one sync's walk through the pages stands. */
    static final class Walk {
        int pageIndex;
        /** The URL of the page being read; null while it is the first page at the endpoint's own URL. */
        URI current;
        /** The next page's full URL (next-link, link-header) or null. */
        URI next;
        /** The next page's cursor (cursor style) or null. */
        String cursor;
        /** Every next link or cursor already followed, with the page that offered it (1-based). */
        final Map<String, Integer> seen = new HashMap<>();
    }

    String style() {
        return settings.pagingStyle();
    }

    /** The first page's URL, as resolved links are compared with it. */
    URI firstPage() {
        return firstPage;
    }

    /** The query of the page about to be requested with a counted style or a cursor, or null to keep the URL's own. */
    String query(Walk walk) {
        return switch (style()) {
            case PAGE, OFFSET -> settings.pageQuery(walk.pageIndex);
            case CURSOR -> walk.cursor == null ? null
                    : URLEncoder.encode(cursorParam, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(walk.cursor, StandardCharsets.UTF_8);
            default -> null;
        };
    }

    /**
     * Reads what the page just received says about the next one and moves the walk on.
     *
     * @param body        the page's JSON body (already parsed)
     * @param linkHeaders the values of the response's {@code Link} header fields
     * @param received    how many records the page held
     * @return true when another page must be read
     * @throws RestPagingException when the next page would loop, exceed {@code maxPages} or leave the entity's host
     */
    boolean advance(Walk walk, JsonNode body, List<String> linkHeaders, int received) {
        int pageNumber = walk.pageIndex + 1;
        boolean more = switch (style()) {
            case PAGE, OFFSET -> received >= settings.pageSize();
            case NEXT_LINK -> followLink(walk, text(body.at(nextPointer), "nextPointer '" + nextPointer + "'"),
                    "next link at " + nextPointer, pageNumber);
            case LINK_HEADER -> followLink(walk, LinkHeader.target(linkHeaders, "next").orElse(null),
                    "Link header rel=\"next\"", pageNumber);
            case CURSOR -> takeCursor(walk, text(body.at(cursorPointer), "cursorPointer '" + cursorPointer + "'"),
                    pageNumber);
            default -> false;
        };
        if (more && pageNumber >= settings.maxPages()) {
            throw new RestPagingException("the feed has more than maxPages (" + settings.maxPages() + ") pages: page "
                    + pageNumber + " still offers a next page; raise paging.maxPages if the feed really is that long,"
                    + " otherwise the entity's paging never ends");
        }
        walk.pageIndex = pageNumber;
        return more;
    }

    /** Why a feed without paging seems to have more pages, or empty when it does not. */
    Optional<String> ignoredNextPage(JsonNode body, List<String> linkHeaders) {
        if (!NONE.equals(style())) {
            return Optional.empty();
        }
        if (LinkHeader.target(linkHeaders, "next").isPresent()) {
            return Optional.of(ignored("a Link header with rel=\"next\"", "link-header"));
        }
        return nextField(body, "", 0).map(pointer -> ignored("a next page at " + pointer, suggestion(body.at(pointer))
                + (pointer.isEmpty() ? "" : ", nextPointer: " + pointer)));
    }

    private static String suggestion(JsonNode value) {
        String text = value.asText("");
        return text.startsWith("/") || text.startsWith("http") || text.startsWith("?") ? "next-link" : "cursor";
    }

    private static String ignored(String what, String style) {
        return "the response offers " + what + " but the definition sets no paging, so only the first page was read;"
                + " set paging: {style: " + style + "} (docs/onboarding.md, Paging)";
    }

    /** The JSON Pointer of the first non-empty next-page field within two levels of the body, breadth first. */
    private static Optional<String> nextField(JsonNode node, String at, int depth) {
        if (!node.isObject() || depth > 2) {
            return Optional.empty();
        }
        var fields = node.fields();
        List<Map.Entry<String, JsonNode>> children = new ArrayList<>();
        while (fields.hasNext()) {
            var field = fields.next();
            String name = field.getKey().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
            JsonNode value = field.getValue();
            String pointer = at + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
            if (NEXT_NAME.matcher(name).matches()) {
                if (value.isTextual() && !value.asText().isBlank() || value.isNumber()) {
                    return Optional.of(pointer);
                }
                if (value.isObject() && value.path("href").isTextual() && !value.path("href").asText().isBlank()) {
                    return Optional.of(pointer + "/href");
                }
            }
            children.add(field);
        }
        for (var child : children) {
            String pointer = at + "/" + child.getKey().replace("~", "~0").replace("/", "~1");
            Optional<String> found = nextField(child.getValue(), pointer, depth + 1);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private boolean followLink(Walk walk, String link, String source, int pageNumber) {
        if (link == null) {
            walk.next = null;
            return false;
        }
        URI current = walk.current == null ? firstPage : walk.current;
        URI next;
        try {
            next = resolve(current, new URI(link.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new RestPagingException("the " + source + " of page " + pageNumber + " is not a URL: '" + link + "'");
        }
        if (!sameOrigin(next, firstPage)) {
            throw new RestPagingException("refusing to follow the " + source + " of page " + pageNumber + " to "
                    + origin(next) + ": next links are followed only on the entity's own "
                    + origin(firstPage) + ", so its credentials are never sent to another host");
        }
        String key = next.normalize().toString();
        Integer before = walk.seen.putIfAbsent(key, pageNumber);
        if (before != null || key.equals(firstPage.normalize().toString())) {
            throw new RestPagingException("the " + source + " of page " + pageNumber + " (" + next
                    + ") was already read" + (before == null ? " as the first page" : " after page " + before)
                    + ": the feed's paging loops");
        }
        walk.next = next;
        return true;
    }

    private boolean takeCursor(Walk walk, String cursor, int pageNumber) {
        if (cursor == null) {
            walk.cursor = null;
            return false;
        }
        Integer before = walk.seen.putIfAbsent(cursor, pageNumber);
        if (before != null) {
            throw new RestPagingException("the cursor of page " + pageNumber + " ('" + cursor
                    + "') was already given by page " + before + ": the feed's paging loops");
        }
        walk.cursor = cursor;
        return true;
    }

    /** A next link or cursor as text; null when it is missing, null or empty, which ends the feed. */
    private static String text(JsonNode value, String where) {
        if (value.isMissingNode() || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            return null;
        }
        if (value.isTextual() || value.isNumber()) {
            return value.asText();
        }
        throw new RestPagingException(where + " points at " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                + ", not at a text; point it at the link or cursor itself (e.g. /links/next/href)");
    }

    /**
     * RFC 3986 section 5.2 resolution: {@link URI#resolve} follows RFC 2396 and turns a query-only reference such as
     * {@code ?cursor=abc} into the parent folder's, so that case is handled here. The fragment is dropped.
     */
    static URI resolve(URI base, URI reference) throws URISyntaxException {
        if (reference.getScheme() == null && reference.getRawAuthority() == null
                && (reference.getRawPath() == null || reference.getRawPath().isEmpty())) {
            String query = reference.getRawQuery() != null ? reference.getRawQuery() : base.getRawQuery();
            return new URI(base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath()
                    + (query == null ? "" : "?" + query));
        }
        URI resolved = base.resolve(reference);
        return resolved.getRawFragment() == null ? resolved : new URI(resolved.toString().substring(0,
                resolved.toString().indexOf('#')));
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + port(uri);
    }
}
