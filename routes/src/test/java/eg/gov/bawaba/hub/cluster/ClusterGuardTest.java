package eg.gov.bawaba.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import eg.gov.bawaba.hub.BawabaApplication;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/** A hub of profile cluster does not start on H2 nor with an embedded broker: each would keep what all hubs share. */
class ClusterGuardTest {

    private static final String DATA = "--bawaba.data-dir=" + Path.of("target", "test-data", "cluster-guard-"
            + UUID.randomUUID());

    @Test
    void refusesToStartAClusterHubOnH2() {
        Throwable refused = start("--spring.profiles.active=dev,cluster",
                "--spring.datasource.url=jdbc:h2:file:./target/test-data/cluster-h2");

        assertThat(refused).isInstanceOf(ClusterMisconfiguredException.class)
                .hasMessageContaining("Profile cluster needs a PostgreSQL database shared by every hub")
                .hasMessageContaining("jdbc:h2:file:");
        FailureAnalysis analysis = new ClusterMisconfiguredFailureAnalyzer().analyze(refused);
        assertThat(analysis.getAction()).contains("BAWABA_DB_URL");
    }

    @Test
    void refusesToStartAClusterHubWithAnEmbeddedBroker() {
        assertThat(start("--spring.profiles.active=dev,cluster", "--spring.artemis.mode=embedded"))
                .isInstanceOf(ClusterMisconfiguredException.class)
                .hasMessageContaining("Profile cluster needs the external brokers every hub shares")
                .hasMessageContaining("'embedded'");
    }

    @Test
    void refusesToStartAClusterHubOutsideProfileDevWithoutSharedPersonalDataKeys() {
        Throwable refused = start("--spring.profiles.active=cluster",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test");

        assertThat(refused).isInstanceOf(ClusterMisconfiguredException.class)
                .hasMessageContaining("needs the personal-data keys every hub shares");
        assertThat(((ClusterMisconfiguredException) refused).action()).contains("BAWABA_PERSONAL_DATA_KEYS");
    }

    @Test
    void leavesASingleHubOnH2Alone() {
        ClusterGuard guard = new ClusterGuard();
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:h2:file:./var/db/bawaba");

        assertThatCode(() -> guard.postProcessEnvironment(environment, null)).doesNotThrowAnyException();
        MockEnvironment disabled = environment.withProperty(ClusterGuard.ENABLED, "false");
        assertThatCode(() -> guard.postProcessEnvironment(disabled, null)).doesNotThrowAnyException();
    }

    /** Starts the hub as its main method does and answers why it did not start. */
    private static Throwable start(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = DATA;
        // were the guard to let it through, nothing of a real server should start here
        all[args.length + 1] = "--spring.main.web-application-type=none";
        try (ConfigurableApplicationContext started = new SpringApplicationBuilder(BawabaApplication.class).run(all)) {
            throw new AssertionError("the hub started in profiles " + String.join(",",
                    started.getEnvironment().getActiveProfiles()));
        } catch (IllegalStateException refused) {
            return refused;
        }
    }
}
