package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.hub.broker.BrokerManagement;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * How many messages wait in an entity's queues (applications, expert profiles) and in their dead letter queues: read
 * from the embedded broker's own counters, or from an external broker's (profile cluster) through its management
 * address.
 */
@Component
public class QueueDepths {

    private final ApplicationQueues queues;
    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final BrokerManagement management;

    public QueueDepths(ApplicationQueues queues, ObjectProvider<EmbeddedActiveMQ> embedded,
                       BrokerManagement management) {
        this.queues = queues;
        this.embedded = embedded;
        this.management = management;
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
        return management.messageCount(name).isPresent();
    }

    /** Messages in any queue of the hub (e.g. an entity's experts queue); 0 for one the broker has not created. */
    public long count(String queueName) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker != null && broker.getActiveMQServer() != null) {
            Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(queueName));
            return queue == null ? 0 : queue.getMessageCount();
        }
        return management.messageCount(queueName).orElse(0L);
    }
}
