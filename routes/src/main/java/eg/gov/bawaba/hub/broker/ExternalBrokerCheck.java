package eg.gov.bawaba.hub.broker;

import eg.gov.bawaba.hub.cluster.ClusterMisconfiguredException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Before any route starts, asks the external broker of profile cluster which address settings it applies to the hub's
 * queues, and refuses to start the hub when they are not its {@link BrokerPolicy} (deploy/broker/address-settings.xml):
 * a broker with its own defaults would drop an application after 10 failed deliveries or prefetch a backlog to one hub.
 */
@Component
@ConditionalOnProperty(name = "bawaba.cluster.enabled", havingValue = "true")
public class ExternalBrokerCheck implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalBrokerCheck.class);
    private static final String FIX = "Give the brokers the address settings of deploy/broker/address-settings.xml "
            + "(broker.xml includes it), with the redelivery delays of this hub's bawaba.broker.redelivery-delay and "
            + "bawaba.broker.max-redelivery-delay, and restart the hub (docs/deployment.md)";

    private final BrokerPolicy policy;
    private final BrokerManagement management;
    private final String brokerUrl;

    public ExternalBrokerCheck(BrokerPolicy policy, BrokerManagement management,
                               @Value("${spring.artemis.broker-url:}") String brokerUrl) {
        this.policy = policy;
        this.management = management;
        this.brokerUrl = brokerUrl;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> wrong = new ArrayList<>();
        try {
            for (BrokerPolicy.Rule rule : policy.rules()) {
                compare(rule, management.addressSettings(rule.example()), wrong);
                // where the hub's own dead-lettering puts them (and replays take them from)
                creates("DLQ." + rule.example(), management.addressSettings("DLQ." + rule.example()), wrong);
            }
        } catch (BrokerManagement.BrokerManagementException e) {
            throw new ClusterMisconfiguredException("Profile cluster could not ask the broker at " + brokerUrl
                    + " for its address settings: " + e.getMessage(), "Start the brokers (bin/cluster up on one "
                    + "machine), check BAWABA_BROKER_URL, and give the hub's broker user the manage permission on "
                    + "activemq.management#", e);
        }
        if (!wrong.isEmpty()) {
            throw new ClusterMisconfiguredException("The broker at " + brokerUrl + " does not apply the address "
                    + "settings the hub needs:\n  " + String.join("\n  ", wrong), FIX);
        }
        LOG.info("The broker at {} applies the hub's address settings to {}", brokerUrl,
                policy.rules().stream().map(BrokerPolicy.Rule::match).toList());
    }

    private static void compare(BrokerPolicy.Rule rule, AddressSettings found, List<String> wrong) {
        AddressSettings expected = rule.settings();
        String where = rule.match() + " (as applied to " + rule.example() + "): ";
        expect(where + "max-delivery-attempts", expected.getMaxDeliveryAttempts(), found.getMaxDeliveryAttempts(),
                wrong);
        expect(where + "redelivery-delay", expected.getRedeliveryDelay(), found.getRedeliveryDelay(), wrong);
        expect(where + "redelivery-delay-multiplier", expected.getRedeliveryMultiplier(),
                found.getRedeliveryMultiplier(), wrong);
        expect(where + "max-redelivery-delay", expected.getMaxRedeliveryDelay(), found.getMaxRedeliveryDelay(), wrong);
        if (expected.getDefaultConsumerWindowSize() == 0) {
            expect(where + "default-consumer-window-size", 0, found.getDefaultConsumerWindowSize(), wrong);
        }
        creates(rule.example(), found, wrong);
    }

    /** The hub names its queues and sends to them: the broker must create them, and never expire what they hold. */
    private static void creates(String queue, AddressSettings found, List<String> wrong) {
        expect(queue + ": auto-create-addresses", true, found.isAutoCreateAddresses(), wrong);
        expect(queue + ": auto-create-queues", true, found.isAutoCreateQueues(), wrong);
        expect(queue + ": expiry-delay", -1L, found.getExpiryDelay(), wrong);
    }

    private static void expect(String setting, Object expected, Object found, List<String> wrong) {
        if (!Objects.equals(expected, found)) {
            wrong.add(setting + " is " + found + ", must be " + expected);
        }
    }
}
