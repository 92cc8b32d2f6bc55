package eg.gov.bawaba.hub.broker;

import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded broker's address settings: the hub's {@link BrokerPolicy}, given in code (an external broker has them
 * from deploy/broker/address-settings.xml instead, and {@link ExternalBrokerCheck} makes sure of it).
 */
@Configuration(proxyBeanMethods = false)
public class BrokerSettings {

    @Bean
    ArtemisConfigurationCustomizer bawabaRedelivery(BrokerPolicy policy) {
        return configuration -> policy.rules()
                .forEach(rule -> configuration.addAddressSetting(rule.match(), rule.settings()));
    }
}
