package eg.gov.bawaba.hub.applications;

import java.time.Clock;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The durable Artemis queues applications travel on, one per entity ({@code <prefix><entityId>}), and the
 * dead letter queue beside each. A message holds only the application id.
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

    /** Sends the application to its entity's queue (a persistent, synchronous send) and records it as QUEUED. */
    public void enqueue(StoredApplication application) {
        producer.sendBody("jms:queue:" + queue(application.entityId()) + "?deliveryPersistent=true", application.id());
        store.transition(application.id(), List.of(ApplicationStatus.RECEIVED), ApplicationStatus.QUEUED, null, null,
                clock.instant());
    }

    /** Moves a message that outlasted its delivery attempts to the entity's dead letter queue, with the failure. */
    public void deadLetter(String entityId, String applicationId, String failure) {
        producer.sendBodyAndHeader("jms:queue:" + deadLetterQueue(entityId) + "?deliveryPersistent=true", applicationId,
                FAILURE_HEADER, failure);
    }
}
