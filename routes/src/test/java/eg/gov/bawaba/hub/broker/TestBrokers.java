package eg.gov.bawaba.hub.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.ha.PrimaryOnlyPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * Artemis brokers a test starts in its own JVM to play a hub's external broker: on a free port of 127.0.0.1, with a
 * journal of their own under target/test-data, and stopped by the test.
 */
final class TestBrokers {

    static final Path DEPLOY = Path.of("..", "deploy", "broker").toAbsolutePath().normalize();

    private TestBrokers() {}

    /**
     * The primary of deploy/broker/broker.xml with the address settings it includes from address-settings.xml and
     * nothing else of the hub's: only its port, folder and HA (a lone primary, no backup to replicate to) are changed.
     */
    static EmbeddedActiveMQ fromDeployFolder() {
        FileConfiguration configuration = new FileConfiguration();
        String etc = System.getProperty("artemis.instance.etc");
        System.setProperty("artemis.instance.etc", DEPLOY.toString());
        try {
            FileDeploymentManager files = new FileDeploymentManager(DEPLOY.resolve("broker.xml").toUri().toString());
            files.addDeployable(configuration);
            files.readConfiguration();
        } catch (Exception e) {
            throw new IllegalStateException("deploy/broker/broker.xml does not load", e);
        } finally {
            if (etc == null) {
                System.clearProperty("artemis.instance.etc");
            } else {
                System.setProperty("artemis.instance.etc", etc);
            }
        }
        configuration.setHAPolicyConfiguration(new PrimaryOnlyPolicyConfiguration());
        configuration.getClusterConfigurations().clear();
        return start(configuration);
    }

    /** A broker with Artemis' own defaults, as `artemis create` makes one: none of the hub's address settings. */
    static EmbeddedActiveMQ withArtemisDefaults() {
        Configuration configuration = new ConfigurationImpl().setName("artemis-defaults").setSecurityEnabled(false);
        configuration.addAddressSetting("#", new AddressSettings().setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")).setRedeliveryDelay(0));
        return start(configuration);
    }

    static String url(EmbeddedActiveMQ broker) {
        return "tcp://127.0.0.1:" + broker.getActiveMQServer().getConfiguration().getAcceptorConfigurations()
                .iterator().next().getParams().get("port");
    }

    static void stop(EmbeddedActiveMQ broker) {
        try {
            broker.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static EmbeddedActiveMQ start(Configuration configuration) {
        configuration.setBrokerInstance(Path.of("target", "test-data", "broker-" + UUID.randomUUID())
                .toAbsolutePath().toFile());
        configuration.setPersistenceEnabled(true);
        // other brokers of the same test JVM (the embedded ones of cached hub contexts) register there too
        configuration.setJMXManagementEnabled(false);
        configuration.getAcceptorConfigurations().clear();
        try {
            configuration.addAcceptorConfiguration("artemis", "tcp://127.0.0.1:" + freePort() + "?protocols=CORE");
            return new EmbeddedActiveMQ().setConfiguration(configuration).start();
        } catch (Exception e) {
            throw new IllegalStateException("the test broker did not start", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
