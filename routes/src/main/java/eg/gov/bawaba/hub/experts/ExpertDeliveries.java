package eg.gov.bawaba.hub.experts;

import eg.gov.bawaba.connectors.definition.EntityDefinition;
import eg.gov.bawaba.connectors.definition.ExpertsFeed;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Delivery;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Event;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Status;
import eg.gov.bawaba.hub.observability.Correlation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides which subscribed entities a profile change concerns and sends each its delivery through the entity's durable
 * experts queue ({@code <prefix><entityId>}, dead letters in {@code DLQ.<prefix><entityId>}). A message's body is the
 * delivery id only; the profile is read when it is delivered, so the queue never holds personal data.
 */
@Component
public class ExpertDeliveries {

    /** JMS property of a dead letter: why its last delivery attempt failed. */
    public static final String FAILURE_PROPERTY = "bawabaFailure";
    /** JMS property naming the delivery, so one dead letter can be picked out for a replay. */
    public static final String DELIVERY_PROPERTY = "bawabaDeliveryId";

    private static final Logger LOG = LoggerFactory.getLogger(ExpertDeliveries.class);

    private final ExpertDeliveryStore store;
    private final EntityRegistry entities;
    private final ProducerTemplate producer;
    private final Clock clock;
    private final String prefix;

    public ExpertDeliveries(ExpertDeliveryStore store, EntityRegistry entities, ProducerTemplate producer, Clock clock,
                            @Value("${bawaba.experts.queue-prefix:bawaba.experts.}") String prefix) {
        this.store = store;
        this.entities = entities;
        this.producer = producer;
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
     * Writes the deliveries a new or changed profile needs, in the caller's transaction: PUBLISHED to every entity
     * whose subscription wants it, WITHDRAWN to an entity that holds it but no longer wants it (its fields or country
     * changed).
     */
    public List<Delivery> planChange(String expertId, List<String> fields, String countryOfResidence) {
        List<Delivery> planned = new ArrayList<>();
        for (EntityDefinition entity : entities.subscribedToExperts()) {
            ExpertsFeed feed = entity.experts();
            if (feed.wants(fields, countryOfResidence)) {
                planned.add(write(expertId, entity.id(), Event.PUBLISHED));
            } else if (holds(expertId, entity.id())) {
                planned.add(write(expertId, entity.id(), Event.WITHDRAWN));
            }
        }
        return planned;
    }

    /** Writes a WITHDRAWN delivery to every entity that was sent the profile, in the caller's transaction. */
    public List<Delivery> planWithdrawal(String expertId) {
        List<Delivery> planned = new ArrayList<>();
        for (EntityDefinition entity : entities.subscribedToExperts()) {
            if (holds(expertId, entity.id())) {
                planned.add(write(expertId, entity.id(), Event.WITHDRAWN));
            }
        }
        return planned;
    }

    /** Writes a PUBLISHED delivery of one profile to one entity (an operator's resend), in the caller's transaction. */
    public Delivery planResend(String expertId, String entityId) {
        return write(expertId, entityId, Event.PUBLISHED);
    }

    /** Sends the deliveries to their queues (persistent, synchronous) and marks them QUEUED; call after the commit. */
    public void enqueue(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            try {
                send(delivery);
            } catch (RuntimeException e) {
                // the row stays PENDING: the sweep sends it once the broker answers again
                LOG.error("Delivery {} of expert {} to {} not queued yet: {}", delivery.id(), delivery.expertId(),
                        delivery.entityId(), e.getMessage());
            }
        }
    }

    /** Sends deliveries written before the cut-off but never queued (the hub stopped in between). */
    public int requeuePending(Instant cutoff) {
        List<Delivery> pending = store.pendingBefore(cutoff, 500);
        enqueue(pending);
        return pending.size();
    }

    /** Parks a delivery that outlasted its attempts in the entity's experts dead letter queue, with the failure. */
    public void deadLetter(Delivery delivery, String failure) {
        Map<String, Object> headers = headers(delivery);
        headers.put(FAILURE_PROPERTY, failure);
        producer.sendBodyAndHeaders("jms:queue:" + deadLetterQueue(delivery.entityId()) + "?deliveryPersistent=true",
                delivery.id(), headers);
    }

    private void send(Delivery delivery) {
        producer.sendBodyAndHeaders("jms:queue:" + queue(delivery.entityId()) + "?deliveryPersistent=true",
                delivery.id(), headers(delivery));
        store.transition(delivery.id(), List.of(Status.PENDING), Status.QUEUED, null, null, clock.instant());
    }

    private static Map<String, Object> headers(Delivery delivery) {
        Map<String, Object> headers = new HashMap<>(Correlation.traceHeaders());
        headers.put(Correlation.JMS_PROPERTY, delivery.correlationId());
        headers.put(DELIVERY_PROPERTY, delivery.id());
        return headers;
    }

    private boolean holds(String expertId, String entityId) {
        return store.latestEvent(expertId, entityId).map(e -> e == Event.PUBLISHED).orElse(false);
    }

    private Delivery write(String expertId, String entityId, Event event) {
        Instant now = clock.instant();
        Delivery delivery = new Delivery(UUID.randomUUID().toString(), expertId, entityId, event, Status.PENDING,
                Correlation.create(), 0, null, null, now, now);
        store.insert(delivery);
        return delivery;
    }
}
