package eg.gov.bawaba.hub.applications;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * An entity's dead letter queue as operators see it: browse the applications in it with their failures, move them
 * back to the entity's queue (replay), or take one out for good (discard). Each move is one local JMS transaction
 * that commits only after the application's history records it, so a message is never lost nor doubled.
 */
@Component
public class DeadLetters {

    // a dead letter queue that needs browsing beyond this is an incident, not a list
    private static final int BROWSE_CAP = 10_000;

    /** One dead-lettered application: its id, the last failure, and when it was dead-lettered. */
    public record DeadLetter(String applicationId, String failure, Instant deadLetteredAt) {}

    private final ApplicationQueues queues;
    private final ApplicationStore store;
    private final Clock clock;
    private final JmsTemplate jms;
    private final QueueDepths depths;

    public DeadLetters(ApplicationQueues queues, ApplicationStore store, Clock clock, ConnectionFactory connections,
                       QueueDepths depths) {
        this.queues = queues;
        this.depths = depths;
        this.store = store;
        this.clock = clock;
        this.jms = new JmsTemplate(connections);
        this.jms.setSessionTransacted(true);
    }

    /** The oldest dead letters of the entity, at most {@code limit}. */
    public List<DeadLetter> browse(String entityId, int limit) {
        if (!exists(entityId)) {
            return List.of();
        }
        List<DeadLetter> found = jms.browse(queues.deadLetterQueue(entityId), (session, browser) -> {
            List<DeadLetter> letters = new ArrayList<>();
            for (var e = browser.getEnumeration(); e.hasMoreElements() && letters.size() < limit; ) {
                Message m = (Message) e.nextElement();
                letters.add(new DeadLetter(text(m), m.getStringProperty(ApplicationQueues.FAILURE_HEADER),
                        Instant.ofEpochMilli(m.getJMSTimestamp())));
            }
            return letters;
        });
        return found == null ? List.of() : found;
    }

    /** Moves the application's dead letter back to the entity's queue; false when it is not in the dead letter queue. */
    public boolean replay(String entityId, String applicationId, String operator) {
        return messageIdOf(entityId, applicationId)
                .map(messageId -> move(entityId, "JMSMessageID = '" + messageId + "'", operator) != null)
                .orElse(false);
    }

    /** Moves every dead letter present now back to the entity's queue, oldest first; answers the application ids. */
    public List<String> replayAll(String entityId, String operator) {
        List<String> replayed = new ArrayList<>();
        // the broker's own count: no need to browse the whole queue to know how many to move
        long present = depths.deadLetterDepth(entityId);
        for (long i = 0; i < present; i++) {
            String id = move(entityId, null, operator);
            if (id == null) {
                break;
            }
            replayed.add(id);
        }
        return replayed;
    }

    /** Takes the application's dead letter out for good, recording why in its history; false when it is not there. */
    public boolean discard(String entityId, String applicationId, String operator, String reason) {
        String selector = messageIdOf(entityId, applicationId).map(m -> "JMSMessageID = '" + m + "'").orElse(null);
        if (selector == null) {
            return false;
        }
        String taken = jms.execute(session -> {
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queues.deadLetterQueue(entityId)),
                    selector)) {
                Message m = consumer.receive(2000);
                if (m == null) {
                    return null;
                }
                store.note(text(m), ApplicationStatus.DELIVERY_FAILED, "discarded from the dead letter queue by "
                        + operator + ": " + reason, clock.instant());
                session.commit();
                return text(m);
            }
        }, true);
        return taken != null;
    }

    private String move(String entityId, String selector, String operator) {
        return jms.execute(session -> {
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queues.deadLetterQueue(entityId)),
                    selector);
                 MessageProducer producer = session.createProducer(session.createQueue(queues.queue(entityId)))) {
                Message m = consumer.receive(2000);
                if (m == null) {
                    return null;
                }
                String applicationId = text(m);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                producer.send(copyForReplay(session, m, applicationId));
                // from QUEUED too: a replay whose commit failed after this step is simply replayed again
                store.transition(applicationId, List.of(ApplicationStatus.DELIVERY_FAILED, ApplicationStatus.QUEUED),
                        ApplicationStatus.QUEUED, null, "replayed from the dead letter queue by " + operator,
                        clock.instant());
                store.resetDeliveryAttempts(applicationId);
                session.commit();
                return applicationId;
            }
        }, true);
    }

    /** A fresh message with the application id and every property the hub set (correlation id among them). */
    private static TextMessage copyForReplay(Session session, Message original, String applicationId) throws JMSException {
        TextMessage copy = session.createTextMessage(applicationId);
        for (Object name : Collections.list(original.getPropertyNames())) {
            String property = (String) name;
            // broker bookkeeping and the old failure must not follow the message; a fresh delivery count starts at 1
            if (!property.startsWith("JMSX") && !property.startsWith("_AMQ") && !property.startsWith("__AMQ")
                    && !property.equals(ApplicationQueues.FAILURE_HEADER)) {
                copy.setObjectProperty(property, original.getObjectProperty(property));
            }
        }
        return copy;
    }

    private Optional<String> messageIdOf(String entityId, String applicationId) {
        if (!exists(entityId)) {
            return Optional.empty();
        }
        String found = jms.browse(queues.deadLetterQueue(entityId), (session, browser) -> {
            int seen = 0;
            for (var e = browser.getEnumeration(); e.hasMoreElements() && seen < BROWSE_CAP; seen++) {
                Message m = (Message) e.nextElement();
                if (applicationId.equals(text(m))) {
                    return m.getJMSMessageID();
                }
            }
            return null;
        });
        return Optional.ofNullable(found);
    }

    /** The broker creates a dead letter queue with its first message; browsing one that does not exist fails. */
    private boolean exists(String entityId) {
        return depths.deadLetterQueueExists(entityId);
    }

    private static String text(Message m) throws JMSException {
        return m instanceof TextMessage t ? t.getText() : m.getBody(String.class);
    }
}
