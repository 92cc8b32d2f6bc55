package eg.gov.bawaba.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import eg.gov.bawaba.hub.HubTestSupport;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** The embedded Artemis broker keeps its journal on disk in the hub's data folder, so accepted messages survive. */
class EmbeddedBrokerTest extends HubTestSupport {

    @Autowired
    EmbeddedActiveMQ broker;
    @Autowired
    JmsTemplate jms;

    @Test
    void journalsPersistentlyInTheDataFolder() {
        Configuration configuration = broker.getActiveMQServer().getConfiguration();

        assertThat(configuration.isPersistenceEnabled()).isTrue();
        Path journal = configuration.getJournalLocation().toPath().toAbsolutePath().normalize();
        assertThat(journal.toString()).contains("target/test-data").endsWith("artemis/journal");
    }

    @Test
    void neverDropsAnApplicationOrExpertProfileDeliveryThatKeepsFailing() {
        for (String queue : new String[] {"bawaba.applications.lab", "bawaba.experts.scholars"}) {
            AddressSettings settings = broker.getActiveMQServer().getAddressSettingsRepository().getMatch(queue);
            assertThat(settings.getMaxDeliveryAttempts()).as(queue + ": the delivery route decides").isEqualTo(-1);
            assertThat(settings.getRedeliveryDelay()).as(queue + ": redelivered after a delay").isPositive();
            assertThat(settings.getRedeliveryMultiplier()).isEqualTo(2.0);
        }
    }

    @Test
    void deliversAPersistentMessage() {
        // JMS sends PERSISTENT unless told otherwise
        jms.setReceiveTimeout(5000);
        jms.convertAndSend("bawaba.test.echo", "مرحبا");

        assertThat(jms.receiveAndConvert("bawaba.test.echo")).isEqualTo("مرحبا");
    }
}
