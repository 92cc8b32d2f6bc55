package eg.gov.bawaba.hub.experts;

import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Delivery;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Status;
import eg.gov.bawaba.hub.observability.Correlation;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Replays or discards a dead-lettered expert profile delivery: its message moves from the entity's experts dead letter
 * queue back to the entity's experts queue (or out for good) in one local JMS transaction, committed only after the
 * delivery row records it.
 */
@Component
public class ExpertDeadLetters {

    private static final Pattern DELIVERY_ID = Pattern.compile("[0-9a-f-]{36}");

    private final ExpertDeliveries deliveries;
    private final ExpertDeliveryStore store;
    private final Clock clock;
    private final JmsTemplate jms;

    public ExpertDeadLetters(ExpertDeliveries deliveries, ExpertDeliveryStore store, Clock clock,
                             ConnectionFactory connections) {
        this.deliveries = deliveries;
        this.store = store;
        this.clock = clock;
        this.jms = new JmsTemplate(connections);
        this.jms.setSessionTransacted(true);
    }

    /** Moves the delivery's dead letter back to its queue; false when the delivery is not in its dead letter queue. */
    public boolean replay(Delivery delivery, String operator) {
        return take(delivery, session -> {
            try (MessageProducer producer = session.createProducer(
                    session.createQueue(deliveries.queue(delivery.entityId())))) {
                TextMessage copy = session.createTextMessage(delivery.id());
                copy.setStringProperty(ExpertDeliveries.DELIVERY_PROPERTY, delivery.id());
                copy.setStringProperty(Correlation.JMS_PROPERTY, delivery.correlationId());
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                producer.send(copy);
            }
            store.transition(delivery.id(), List.of(Status.FAILED, Status.QUEUED), Status.QUEUED, null,
                    "replayed from the dead letter queue by " + operator, clock.instant());
            store.resetAttempts(delivery.id());
        });
    }

    /** Takes the delivery's dead letter out for good, recording who and why; false when it is not dead-lettered. */
    public boolean discard(Delivery delivery, String operator, String reason) {
        return take(delivery, session -> store.transition(delivery.id(), List.of(Status.FAILED), Status.DISCARDED,
                null, "discarded from the dead letter queue by " + operator + ": " + reason, clock.instant()));
    }

    /** What happens to a dead letter once taken, inside its transaction: committed only when this returns. */
    private interface WithDeadLetter {
        void accept(Session session) throws JMSException;
    }

    /** Takes the FAILED delivery's dead letter in a local transaction, does {@code then}, commits; false when absent. */
    private boolean take(Delivery delivery, WithDeadLetter then) {
        if (delivery.status() != Status.FAILED || !DELIVERY_ID.matcher(delivery.id()).matches()) {
            return false;
        }
        // the id is checked above, so it is safe inside the selector
        String selector = ExpertDeliveries.DELIVERY_PROPERTY + " = '" + delivery.id() + "'";
        Boolean taken = jms.execute(session -> {
            try (MessageConsumer consumer = session.createConsumer(
                    session.createQueue(deliveries.deadLetterQueue(delivery.entityId())), selector)) {
                if (consumer.receive(2000) == null) {
                    return false;
                }
                then.accept(session);
                session.commit();
                return true;
            }
        }, true);
        return Boolean.TRUE.equals(taken);
    }
}
