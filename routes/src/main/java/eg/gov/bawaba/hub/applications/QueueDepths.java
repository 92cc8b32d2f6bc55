package eg.gov.bawaba.hub.applications;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jms.InvalidDestinationException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * How many messages wait in an entity's queues (applications, expert profiles) and in their dead letter queues: read
 * from the embedded broker's own counters, or by browsing (capped) when the hub talks to an external broker.
 */
@Component
public class QueueDepths {

    // browsing an external broker's queue is linear in its depth; beyond this the answer is "at least"
    private static final int BROWSE_CAP = 10_000;

    private final ApplicationQueues queues;
    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final JmsTemplate jms;

    public QueueDepths(ApplicationQueues queues, ObjectProvider<EmbeddedActiveMQ> embedded, JmsTemplate jms) {
        this.queues = queues;
        this.embedded = embedded;
        this.jms = jms;
    }

    /** Applications waiting for delivery to the entity (including those being delivered right now). */
    public long depth(String entityId) {
        return count(queues.queue(entityId));
    }

    /** Applications that outlasted their delivery attempts and wait for an operator. */
    public long deadLetterDepth(String entityId) {
        return count(queues.deadLetterQueue(entityId));
    }

    /** Whether the entity's dead letter queue exists yet (the broker creates it with its first message). */
    public boolean deadLetterQueueExists(String entityId) {
        String name = queues.deadLetterQueue(entityId);
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker != null && broker.getActiveMQServer() != null) {
            return broker.getActiveMQServer().locateQueue(SimpleString.of(name)) != null;
        }
        try {
            jms.browse(name, (session, browser) -> browser.getEnumeration().hasMoreElements());
            return true;
        } catch (InvalidDestinationException missing) {
            return false;
        }
    }

    /** Messages in any queue of the hub (e.g. an entity's experts queue); 0 for one the broker has not created. */
    public long count(String queueName) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker != null && broker.getActiveMQServer() != null) {
            Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(queueName));
            return queue == null ? 0 : queue.getMessageCount();
        }
        Integer browsed;
        try {
            browsed = jms.browse(queueName, (session, browser) -> {
                int n = 0;
                for (var e = browser.getEnumeration(); e.hasMoreElements() && n < BROWSE_CAP; e.nextElement()) {
                    n++;
                }
                return n;
            });
        } catch (InvalidDestinationException missing) {
            return 0;
        }
        return browsed == null ? 0 : browsed;
    }
}
