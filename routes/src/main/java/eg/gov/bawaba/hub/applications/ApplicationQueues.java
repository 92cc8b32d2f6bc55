package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.hub.observability.Correlation;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The durable Artemis queues applications travel on, one per entity ({@code <prefix><entityId>}), and the
 * dead letter queue beside each. A message's body is only the application id; its JMS property
 * {@code bawabaCorrelationId} the application's correlation id, kept on its dead letter (and so on a replay).
 */
@Component
public class ApplicationQueues {

    /** JMS property of a dead letter: why its last delivery attempt failed. */
    public static final String FAILURE_HEADER = "bawabaFailure";

    private final ProducerTemplate producer;
    private final ApplicationStore store;
    private final Clock clock;
    private final String prefix;

    public ApplicationQueues(ProducerTemplate producer, ApplicationStore store, Clock clock,
                             @Value("${bawaba.applications.queue-prefix:bawaba.applications.}") String prefix) {
        this.producer = producer;
        this.store = store;
        this.clock = clock;
        this.prefix = prefix;
    }

    public String queue(String entityId) {
        return prefix + entityId;
    }

    public String deadLetterQueue(String entityId) {
        return "DLQ." + queue(entityId);
    }

    /**
     * Sends an application stored RECEIVED (by a hub before the outbox, {@link ApplicationStore#insertQueued}) to its
     * entity's queue and records it as QUEUED.
     */
    public void enqueue(StoredApplication application) {
        send(application);
        store.transition(application.id(), List.of(ApplicationStatus.RECEIVED), ApplicationStatus.QUEUED, null, null,
                clock.instant());
    }

    /** Sends the application's id to its entity's queue: a persistent, synchronous send the broker has confirmed. */
    public void send(StoredApplication application) {
        // with tracing on, the delivery continues the trace of the request that brought the application
        Map<String, Object> headers = Correlation.traceHeaders();
        headers.put(Correlation.JMS_PROPERTY, application.correlationId());
        producer.sendBodyAndHeaders("jms:queue:" + queue(application.entityId()) + "?deliveryPersistent=true",
                application.id(), headers);
    }

    /** Moves a message that outlasted its delivery attempts to the entity's dead letter queue, with the failure. */
    public void deadLetter(String entityId, String applicationId, String failure) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(FAILURE_HEADER, failure);
        store.find(applicationId).map(StoredApplication::correlationId)
                .ifPresent(correlationId -> headers.put(Correlation.JMS_PROPERTY, correlationId));
        producer.sendBodyAndHeaders("jms:queue:" + deadLetterQueue(entityId) + "?deliveryPersistent=true",
                applicationId, headers);
    }
}
