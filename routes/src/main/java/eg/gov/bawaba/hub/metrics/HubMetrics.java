package eg.gov.bawaba.hub.metrics;

import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Bawaba's own counters and timers, tagged by entity and direction (inbound: entity to Bawaba; outbound: Bawaba to
 * entity); docs/metrics.md lists them. Tags never carry anything about an applicant.
 */
@Component
public class HubMetrics {

    public static final String SYNCS = "bawaba.catalogue.syncs";
    public static final String ENTRIES = "bawaba.catalogue.entries";
    public static final String SYNC_DURATION = "bawaba.catalogue.sync.duration";
    public static final String DELIVERIES = "bawaba.deliveries";
    public static final String DELIVERY_DURATION = "bawaba.delivery.duration";
    public static final String STATUS_UPDATES = "bawaba.status.updates";

    static final String ENTITY = "entity";
    static final String DIRECTION = "direction";
    static final String INBOUND = "inbound";
    static final String OUTBOUND = "outbound";

    /** Exchange property holding the running delivery's timer sample, from prepare to the entity's answer. */
    static final String DELIVERY_SAMPLE = "bawabaDeliveryTimer";
    private static final String DELIVERY_ROUTE_SUFFIX = ApplicationConnector.deliveryRouteId("");

    private final MeterRegistry registry;
    private final EntityRegistry entities;

    public HubMetrics(MeterRegistry registry, EntityRegistry entities) {
        this.registry = registry;
        this.entities = entities;
    }

    // --- catalogue syncs (inbound) ---

    /** Counts a journaled sync, its entry changes and its duration. */
    public void syncFinished(SyncReport report) {
        // a sync requested for an id no definition has is journaled too; it must not mint a time series per typo
        if (report == null || !entities.isKnown(report.entityId())) {
            return;
        }
        String entity = report.entityId();
        String outcome = report.outcome().name().toLowerCase(Locale.ROOT);
        Counter.builder(SYNCS).description("Catalogue syncs finished, by outcome")
                .tags(ENTITY, entity, DIRECTION, INBOUND, "outcome", outcome).register(registry).increment();
        entries(entity, "added", report.added());
        entries(entity, "updated", report.updated());
        entries(entity, "withdrawn", report.withdrawn());
        entries(entity, "quarantined", report.quarantined());
        if (report.startedAt() != null && report.finishedAt() != null) {
            Timer.builder(SYNC_DURATION).description("Catalogue sync duration, fetch to re-index")
                    .tags(ENTITY, entity, DIRECTION, INBOUND, "outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(30))
                    .register(registry).record(Duration.between(report.startedAt(), report.finishedAt()));
        }
    }

    private void entries(String entity, String change, int count) {
        Counter.builder(ENTRIES).description("Catalogue entries changed by syncs")
                .tags(ENTITY, entity, DIRECTION, INBOUND, "change", change).register(registry).increment(count);
    }

    // --- application deliveries (outbound); each attempt ends in exactly one of the four outcomes ---

    /** Starts timing a delivery attempt; called as the delivery route asks the hub to prepare the request. */
    public void deliveryStarted(Exchange exchange) {
        exchange.setProperty(DELIVERY_SAMPLE, Timer.start(registry));
    }

    public void delivered(Exchange exchange) {
        deliveryEnded(exchange, "delivered");
    }

    public void rejected(Exchange exchange) {
        deliveryEnded(exchange, "rejected");
    }

    public void attemptFailed(Exchange exchange) {
        deliveryEnded(exchange, "attempt_failed");
    }

    public void deadLettered(Exchange exchange) {
        deliveryEnded(exchange, "dead_lettered");
    }

    private void deliveryEnded(Exchange exchange, String outcome) {
        String entity = deliveringEntity(exchange);
        Counter.builder(DELIVERIES).description("Application delivery attempts, by outcome")
                .tags(ENTITY, entity, DIRECTION, OUTBOUND, "outcome", outcome).register(registry).increment();
        Timer.Sample sample = exchange.getProperty(DELIVERY_SAMPLE, Timer.Sample.class);
        if (sample != null) {
            exchange.removeProperty(DELIVERY_SAMPLE);
            sample.stop(Timer.builder(DELIVERY_DURATION)
                    .description("Application delivery attempt, from preparing the request to the entity's answer")
                    .tags(ENTITY, entity, DIRECTION, OUTBOUND)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(2))
                    .register(registry));
        }
    }

    /** Every delivery route is {@code <entity>-applications-deliver}, and the attempt's exchange started there. */
    static String deliveringEntity(Exchange exchange) {
        String route = exchange.getFromRouteId();
        return route != null && route.endsWith(DELIVERY_ROUTE_SUFFIX) && route.length() > DELIVERY_ROUTE_SUFFIX.length()
                ? route.substring(0, route.length() - DELIVERY_ROUTE_SUFFIX.length()) : "unknown";
    }

    // --- statuses reported by entities (inbound) ---

    /** Counts a status an entity reported and the hub recorded on the application. */
    public void statusReported(String entityId, StatusSource source) {
        Counter.builder(STATUS_UPDATES).description("Application statuses reported by entities and recorded")
                .tags(ENTITY, entityId, DIRECTION, INBOUND, "source", source.tag()).register(registry).increment();
    }
}
