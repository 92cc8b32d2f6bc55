package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import eg.gov.bawaba.hub.cluster.Singletons;
import eg.gov.bawaba.hub.metrics.HubMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The hub's steps that every entity's delivery route calls (prepare, accepted, rejected, attempt failed, dead
 * letter), the sweep that enqueues applications stored just before a crash but never enqueued, and the removal of
 * the outbox rows of confirmed sends.
 */
@Component
public class ApplicationDeliveryRoutes extends RouteBuilder {

    private final ApplicationDeliverySteps steps;
    private final ApplicationStore store;
    private final ApplicationQueues queues;
    private final Clock clock;
    private final HubMetrics metrics;
    private final ApplicationOutbox outbox;
    private final Singletons singletons;

    public ApplicationDeliveryRoutes(ApplicationDeliverySteps steps, ApplicationStore store, ApplicationQueues queues,
                                     Clock clock, HubMetrics metrics, ApplicationOutbox outbox,
                                     Singletons singletons) {
        this.singletons = singletons;
        this.steps = steps;
        this.store = store;
        this.queues = queues;
        this.clock = clock;
        this.metrics = metrics;
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        from(ApplicationConnector.PREPARE).routeId("application-prepare")
                .bean(metrics, "deliveryStarted").bean(steps, "prepare");
        // logged with the application's correlation id (CorrelationLogging); the entity's refusal text is not
        // logged, as it may quote the applicant
        String log = ApplicationDeliverySteps.class.getName();
        from(ApplicationConnector.ACCEPTED).routeId("application-accepted")
                .bean(steps, "accepted").bean(metrics, "delivered")
                .log(LoggingLevel.INFO, log, "Application ${exchangeProperty.bawabaApplicationId} delivered to "
                        + "${exchangeProperty.bawabaEntityId}, entity reference "
                        + "${exchangeProperty.bawabaEntityReference}");
        from(ApplicationConnector.REJECTED).routeId("application-rejected")
                .bean(steps, "rejected").bean(metrics, "rejected")
                .log(LoggingLevel.INFO, log, "Application ${exchangeProperty.bawabaApplicationId} refused by "
                        + "${exchangeProperty.bawabaEntityId}");
        from(DeliveryFailures.ATTEMPT_FAILED).routeId("application-attempt-failed")
                .bean(steps, "attemptFailed").bean(metrics, "attemptFailed");
        from(DeliveryFailures.DEAD_LETTER).routeId("application-dead-letter")
                .bean(steps, "deadLetter").bean(metrics, "deadLettered");

        // applications stored RECEIVED by a hub before the outbox, and outbox rows whose send was never confirmed
        from(singletons.from("applications-requeue",
                "timer:applications-requeue?period={{bawaba.applications.requeue-interval:30000}}&delay=5000"))
                .routeId("applications-requeue")
                .process(e -> {
                    Instant before = clock.instant().minus(Duration.ofSeconds(10));
                    store.receivedBefore(before, 500).forEach(queues::enqueue);
                    outbox.sweep(before, 500);
                });
        // one DELETE for all the sends confirmed since the last one, instead of an UPDATE and a commit per request;
        // every hub of a cluster flushes its own confirmations
        from("timer:applications-outbox?period={{bawaba.applications.outbox-flush-interval:200}}&delay=1000")
                .routeId("applications-outbox").process(e -> outbox.flush());
    }
}
