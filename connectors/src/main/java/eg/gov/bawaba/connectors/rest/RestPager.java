package eg.gov.bawaba.connectors.rest;

import eg.gov.bawaba.connectors.ConnectorErrorHandling;
import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.NativeRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Walks one entity's paged catalogue resource: builds each page request and gathers the records of every page. */
public class RestPager {

    static final String MORE_PAGES = "bawabaMorePages";
    private static final String PAGE_INDEX = "bawabaPageIndex";
    private static final String FEED = "bawabaFeed";

    private final RestFetchSettings settings;

    public RestPager(RestFetchSettings settings) {
        this.settings = settings;
    }

    public void start(Exchange exchange) {
        exchange.setProperty(ConnectorErrorHandling.RETRIES_PROPERTY, settings.retries());
        exchange.setProperty(PAGE_INDEX, 0);
        exchange.setProperty(MORE_PAGES, true);
        exchange.setProperty(FEED, new ArrayList<JsonNode>());
    }

    public void prepareRequest(Exchange exchange) {
        Message in = exchange.getIn();
        // Stale CamelHttp* and response headers from the previous page would redirect or re-method the next call,
        // and any other header would be sent to the entity.
        in.removeHeaders("*");
        in.setBody(null);
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader("Accept", "application/json");
        int pageIndex = exchange.getProperty(PAGE_INDEX, Integer.class);
        String query = settings.pageQuery(pageIndex);
        if (!query.isEmpty()) {
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
        List<JsonNode> page = NativeRecords.fromJson(body == null ? "" : body, settings.recordsPointer());
        List<JsonNode> records = exchange.getProperty(FEED, List.class);
        records.addAll(page);
        int pageIndex = exchange.getProperty(PAGE_INDEX, Integer.class);
        int received = page.size();
        boolean more = settings.paged() && received >= settings.pageSize() && pageIndex + 1 < settings.maxPages();
        exchange.setProperty(PAGE_INDEX, pageIndex + 1);
        exchange.setProperty(MORE_PAGES, more);
    }

    @SuppressWarnings("unchecked")
    public void finish(Exchange exchange) {
        List<JsonNode> records = exchange.getProperty(FEED, List.class);
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(records);
        exchange.removeProperty(FEED);
    }
}
