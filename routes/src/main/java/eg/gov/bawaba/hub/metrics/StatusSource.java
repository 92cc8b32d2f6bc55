package eg.gov.bawaba.hub.metrics;

import eg.gov.bawaba.connectors.file.StatusLine;
import eg.gov.bawaba.connectors.rest.RestApplicationStatusPoll;
import org.apache.camel.Exchange;

/** How an entity told Bawaba an application's status: by calling back, by answering a poll, or in a status file. */
public enum StatusSource {
    CALLBACK, POLL, FILE;

    /**
     * The source of a {@link StatusLine} being applied: polling and status files share the hub's endpoint, so the
     * route the exchange started in tells them apart.
     */
    public static StatusSource ofStatusLine(Exchange exchange, String entityId) {
        return RestApplicationStatusPoll.routeId(entityId).equals(exchange.getFromRouteId()) ? POLL : FILE;
    }

    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
