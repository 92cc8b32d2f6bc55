package eg.gov.bawaba.hub.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.time.Duration;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Asks the broker the hub is connected to about itself through Artemis' management address, over the hub's own JMS
 * connections: the address settings it applies to a queue, and how many messages a queue holds. Works alike for an
 * external broker (profile cluster) and the embedded one.
 */
@Component
public class BrokerManagement {

    private final ConnectionFactory connections;
    private final String managementAddress;
    private final Duration timeout;

    public BrokerManagement(ConnectionFactory connections,
                            @Value("${bawaba.broker.management-address:activemq.management}") String managementAddress,
                            @Value("${bawaba.broker.management-timeout:10s}") Duration timeout) {
        this.connections = connections;
        this.managementAddress = managementAddress;
        this.timeout = timeout;
    }

    /** The settings the broker applies to the queue (its matches merged, defaults for what none sets). */
    public AddressSettings addressSettings(String queueName) {
        Object json = invoke(ResourceNames.BROKER, "getAddressSettingsAsJSON", queueName)
                .orElseThrow(() -> new BrokerManagementException("the broker did not answer with the address settings "
                        + "of " + queueName));
        return AddressSettings.fromJSON(json.toString());
    }

    /** Messages in the queue (those being delivered included); empty when the broker has no such queue. */
    public Optional<Long> messageCount(String queueName) {
        return attribute(ResourceNames.QUEUE + queueName, "messageCount").map(n -> ((Number) n).longValue());
    }

    private Optional<Object> attribute(String resource, String attribute) {
        return request(message -> JMSManagementHelper.putAttribute(message, resource, attribute));
    }

    private Optional<Object> invoke(String resource, String operation, Object... parameters) {
        return request(message -> JMSManagementHelper.putOperationInvocation(message, resource, operation, parameters));
    }

    /** One request to the management address and its reply; empty when the broker answers that the request failed. */
    private Optional<Object> request(Request request) {
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            TemporaryQueue replies = session.createTemporaryQueue();
            try (MessageProducer producer = session.createProducer(session.createQueue(managementAddress));
                 MessageConsumer consumer = session.createConsumer(replies)) {
                Message message = session.createMessage();
                request.fill(message);
                message.setJMSReplyTo(replies);
                producer.send(message);
                Message reply = consumer.receive(timeout.toMillis());
                if (reply == null) {
                    throw new BrokerManagementException("the broker did not answer a management request within "
                            + timeout.toSeconds() + " s on " + managementAddress);
                }
                if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                    return Optional.empty();
                }
                return Optional.ofNullable(JMSManagementHelper.getResult(reply));
            } finally {
                replies.delete();
            }
        } catch (BrokerManagementException e) {
            throw e;
        } catch (Exception e) {
            throw new BrokerManagementException("management request to the broker failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Request {
        void fill(Message message) throws JMSException;
    }

    /** The broker could not be asked, or did not answer. */
    public static class BrokerManagementException extends RuntimeException {
        BrokerManagementException(String message) {
            super(message);
        }

        BrokerManagementException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
