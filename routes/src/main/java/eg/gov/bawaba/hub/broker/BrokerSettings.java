package eg.gov.bawaba.hub.broker;

import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redelivery of the embedded broker's queues: a message rolled back by a failed delivery comes back after a growing
 * delay. The broker never dead-letters on its own ({@code maxDeliveryAttempts} -1): the delivery routes decide,
 * per entity, when an application or expert profile delivery is dead-lettered, and webhook notifications are retried
 * until acknowledged.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerSettings {

    @Bean
    ArtemisConfigurationCustomizer bawabaRedelivery(
            @Value("${bawaba.applications.queue-prefix:bawaba.applications.}") String applicationsPrefix,
            @Value("${bawaba.experts.queue-prefix:bawaba.experts.}") String expertsPrefix,
            @Value("${bawaba.webhook.queue:bawaba.webhooks}") String webhooks,
            @Value("${bawaba.broker.redelivery-delay:1000}") long delay,
            @Value("${bawaba.broker.max-redelivery-delay:60000}") long maxDelay) {
        return configuration -> {
            AddressSettings redelivery = new AddressSettings()
                    .setRedeliveryDelay(delay)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(maxDelay)
                    .setMaxDeliveryAttempts(-1);
            configuration.addAddressSetting(webhooks, redelivery);
            // no prefetch for the delivery consumers: their listener opens a consumer per message (transacted, no
            // cached consumer), and each one used to be sent up to 1 MiB of the backlog only to hand it back on close
            // (docs/benchmarks.md, "Durable application intake"); a suspended route then holds nothing either
            AddressSettings deliveries = new AddressSettings()
                    .setRedeliveryDelay(delay)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(maxDelay)
                    .setMaxDeliveryAttempts(-1)
                    .setDefaultConsumerWindowSize(0);
            configuration.addAddressSetting(applicationsPrefix + "#", deliveries);
            // expert profiles travel the same way: without this the broker's default (10 attempts, no delay) would
            // drop a profile held through a long outage
            configuration.addAddressSetting(expertsPrefix + "#", deliveries);
        };
    }
}
