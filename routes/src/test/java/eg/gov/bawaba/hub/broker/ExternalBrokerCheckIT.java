package eg.gov.bawaba.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import eg.gov.bawaba.hub.BawabaApplication;
import eg.gov.bawaba.hub.PostgresTestSchema;
import eg.gov.bawaba.hub.cluster.ClusterMisconfiguredException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hub of profile cluster refuses to start, saying which settings are wrong, against a broker that lacks
 * deploy/broker/address-settings.xml, and against no broker at all.
 */
class ExternalBrokerCheckIT {

    private static final PostgresTestSchema SCHEMA = new PostgresTestSchema();

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
    }

    @Test
    void refusesABrokerWithArtemisDefaultsNamingEachWrongSetting() {
        EmbeddedActiveMQ defaults = TestBrokers.withArtemisDefaults();
        try {
            Throwable refused = start(TestBrokers.url(defaults));

            assertThat(refused).hasMessageContaining("does not apply the address settings the hub needs")
                    .hasMessageContaining("bawaba.applications.# (as applied to bawaba.applications.policy-check): "
                            + "max-delivery-attempts is 10, must be -1")
                    .hasMessageContaining("default-consumer-window-size is 1048576, must be 0")
                    .hasMessageContaining("bawaba.experts.#")
                    .hasMessageContaining("bawaba.webhooks (as applied to bawaba.webhooks): redelivery-delay is 0, "
                            + "must be 1000");
            assertThat(((ClusterMisconfiguredException) refused).action())
                    .contains("deploy/broker/address-settings.xml");
        } finally {
            TestBrokers.stop(defaults);
        }
    }

    @Test
    void refusesWhenNoBrokerAnswers() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(start("tcp://127.0.0.1:" + closed))
                .hasMessageContaining("could not ask the broker at tcp://127.0.0.1:" + closed);
    }

    @Test
    void startsAgainstTheBrokerOfTheDeployFolder() {
        EmbeddedActiveMQ deployed = TestBrokers.fromDeployFolder();
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(BawabaApplication.class)
                .run(arguments(TestBrokers.url(deployed)))) {
            assertThat(hub.getBean(ExternalBrokerCheck.class)).isNotNull();
        } finally {
            TestBrokers.stop(deployed);
        }
    }

    /** Starts a cluster hub (no web server, no entities) against the broker and answers why it did not start. */
    private static Throwable start(String brokerUrl) {
        try (ConfigurableApplicationContext started = new SpringApplicationBuilder(BawabaApplication.class)
                .run(arguments(brokerUrl))) {
            throw new AssertionError("the hub started against " + brokerUrl);
        } catch (ClusterMisconfiguredException refused) {
            return refused;
        } catch (RuntimeException other) {
            // Spring may wrap what a bean threw while the context started
            for (Throwable cause = other; cause != null; cause = cause.getCause()) {
                if (cause instanceof ClusterMisconfiguredException refused) {
                    return refused;
                }
            }
            throw other;
        }
    }

    private static String[] arguments(String brokerUrl) {
        Path data = Path.of("target", "test-data", "broker-check-" + UUID.randomUUID());
        Path entities;
        try {
            entities = Files.createDirectories(data.resolve("entities"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new String[] {"--spring.profiles.active=dev,cluster", "--spring.main.web-application-type=none",
                "--bawaba.data-dir=" + data, "--bawaba.entities.dir=" + entities,
                "--spring.artemis.broker-url=" + brokerUrl, "--bawaba.broker.management-timeout=3s",
                "--spring.datasource.url=" + SCHEMA.url(),
                "--spring.flyway.schemas=" + SCHEMA.name(), "--spring.datasource.hikari.maximum-pool-size=2",
                "--bawaba.catalogue.scheduling=false", "--bawaba.retention.scheduling=false",
                "--bawaba.cluster.locks=" + data.resolve("locks")};
    }
}
