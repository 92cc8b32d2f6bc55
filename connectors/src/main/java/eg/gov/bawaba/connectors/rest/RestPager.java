package eg.gov.bawaba.connectors.rest;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.ConnectorErrorHandling;
import eg.gov.bawaba.mappings.NativeRecords;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Walks one entity's paged catalogue resource: builds each page request and gathers the records of every page, their
 * locations and the feed's warnings; {@link RestPaging} decides which page comes next.
 */
public class RestPager {

    static final String MORE_PAGES = "bawabaMorePages";
    private static final String WALK = "bawabaPageWalk";
    private static final String FEED = "bawabaFeed";

    private final RestFetchSettings settings;
    private final RestPaging paging;

    /** The pager of one entity, from its template parameters. */
    static RestPager of(Map<String, Object> parameters) {
        RestFetchSettings settings = RestFetchSettings.from(parameters);
        return new RestPager(settings, new RestPaging(settings,
                parameters.get("baseUrl") + "" + parameters.get("path"), String.valueOf(parameters.get("nextPointer")),
                String.valueOf(parameters.get("cursorParam")), String.valueOf(parameters.get("cursorPointer"))));
    }

    RestPager(RestFetchSettings settings, RestPaging paging) {
        this.settings = settings;
        this.paging = paging;
    }

    public void start(Exchange exchange) {
        exchange.setProperty(ConnectorErrorHandling.RETRIES_PROPERTY, settings.retries());
        exchange.setProperty(WALK, new RestPaging.Walk());
        exchange.setProperty(MORE_PAGES, true);
        exchange.setProperty(FEED, new ArrayList<JsonNode>());
        exchange.setProperty(CatalogueConnector.RECORD_LOCATIONS, new ArrayList<String>());
        exchange.setProperty(CatalogueConnector.WARNINGS, new ArrayList<String>());
    }

    public void prepareRequest(Exchange exchange) {
        Message in = exchange.getIn();
        // Stale CamelHttp* and response headers from the previous page would redirect or re-method the next call,
        // and any other header would be sent to the entity.
        in.removeHeaders("*");
        in.setBody(null);
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader("Accept", "application/json");
        RestPaging.Walk walk = exchange.getProperty(WALK, RestPaging.Walk.class);
        if (walk.next != null) {
            // a followed link replaces the endpoint's URL; RestPaging has checked it is on the same origin
            URI next = walk.next;
            in.setHeader(Exchange.HTTP_URI, next.getScheme() + "://" + next.getRawAuthority()
                    + (next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath()));
            if (next.getRawQuery() != null) {
                in.setHeader(Exchange.HTTP_RAW_QUERY, next.getRawQuery());
            }
        }
        walk.current = walk.next;
        String query = paging.query(walk);
        if (query != null && !query.isEmpty()) {
            in.setHeader(Exchange.HTTP_QUERY, query);
        }
        switch (settings.authType()) {
            case "api-key" -> in.setHeader(settings.authHeader(), settings.secret().require(exchange.getContext()));
            case "basic" -> {
                String pair = settings.username().require(exchange.getContext()) + ":"
                        + settings.secret().require(exchange.getContext());
                in.setHeader("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            default -> { }
        }
    }

    @SuppressWarnings("unchecked")
    public void collectPage(Exchange exchange) {
        String body = exchange.getIn().getBody(String.class);
        // parsed once, for the records and for the paging links
        JsonNode root = NativeRecords.parseJson(body == null ? "" : body);
        List<JsonNode> page = NativeRecords.fromJson(root, settings.recordsPointer());
        List<JsonNode> records = exchange.getProperty(FEED, List.class);
        List<String> locations = exchange.getProperty(CatalogueConnector.RECORD_LOCATIONS, List.class);
        RestPaging.Walk walk = exchange.getProperty(WALK, RestPaging.Walk.class);
        int pageNumber = walk.pageIndex + 1;
        for (int i = 1; i <= page.size(); i++) {
            locations.add(settings.paged() ? "page " + pageNumber + ", record " + i : "record " + i);
        }
        records.addAll(page);
        List<String> linkHeaders = linkHeaders(exchange.getIn().getHeader("Link"));
        paging.ignoredNextPage(root, linkHeaders).ifPresent(exchange.getProperty(CatalogueConnector.WARNINGS,
                List.class)::add);
        exchange.setProperty(MORE_PAGES, paging.advance(walk, root, linkHeaders, page.size()));
    }

    /** The values of the response's Link header fields; camel-http gives a repeated header as a list. */
    private static List<String> linkHeaders(Object header) {
        List<String> values = new ArrayList<>();
        if (header instanceof Collection<?> many) {
            many.forEach(v -> values.add(String.valueOf(v)));
        } else if (header != null) {
            values.add(header.toString());
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    public void finish(Exchange exchange) {
        List<JsonNode> records = exchange.getProperty(FEED, List.class);
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(records);
        exchange.removeProperty(FEED);
        exchange.removeProperty(WALK);
    }
}
