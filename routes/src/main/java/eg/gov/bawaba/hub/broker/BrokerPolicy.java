package eg.gov.bawaba.hub.broker;

import java.util.List;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The address settings the hub's queues need from any broker: given in code to the embedded broker, and expected from
 * an external one (deploy/broker/address-settings.xml). The broker never dead-letters on its own
 * ({@code maxDeliveryAttempts} -1): the delivery routes decide, per entity, when an application or expert profile
 * delivery is dead-lettered, and webhook notifications are retried until acknowledged.
 */
@Component
public class BrokerPolicy {

    /**
     * The settings of the queues matching {@code match}; {@code example} is one queue name it matches, for asking a
     * broker what it applies there.
     */
    public record Rule(String match, String example, AddressSettings settings) {}

    private final List<Rule> rules;

    public BrokerPolicy(@Value("${bawaba.applications.queue-prefix:bawaba.applications.}") String applicationsPrefix,
                        @Value("${bawaba.experts.queue-prefix:bawaba.experts.}") String expertsPrefix,
                        @Value("${bawaba.webhook.queue:bawaba.webhooks}") String webhooks,
                        @Value("${bawaba.broker.redelivery-delay:1000}") long delay,
                        @Value("${bawaba.broker.max-redelivery-delay:60000}") long maxDelay) {
        AddressSettings redelivery = redelivery(delay, maxDelay);
        // no prefetch for the delivery consumers: a consumer opened per message used to be sent up to 1 MiB of the
        // backlog only to hand it back on close (docs/benchmarks.md, "Durable application intake"), and now that each
        // listener keeps its consumer (DeliveryRoute), a route on hold keeps nothing in it either. Expert
        // profiles travel the same way: without this the broker's default (10 attempts, no delay) would drop a
        // profile held through a long outage
        AddressSettings deliveries = redelivery(delay, maxDelay).setDefaultConsumerWindowSize(0);
        this.rules = List.of(
                new Rule(webhooks, webhooks, redelivery),
                new Rule(applicationsPrefix + "#", applicationsPrefix + "policy-check", deliveries),
                new Rule(expertsPrefix + "#", expertsPrefix + "policy-check", deliveries));
    }

    public List<Rule> rules() {
        return rules;
    }

    private static AddressSettings redelivery(long delay, long maxDelay) {
        return new AddressSettings()
                .setRedeliveryDelay(delay)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(maxDelay)
                .setMaxDeliveryAttempts(-1);
    }
}
