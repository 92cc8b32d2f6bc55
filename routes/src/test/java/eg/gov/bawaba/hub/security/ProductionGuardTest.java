package eg.gov.bawaba.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import eg.gov.bawaba.hub.BawabaApplication;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A hub in profile prod does not start with profile dev beside it, nor without its identity provider. */
class ProductionGuardTest {

    private static final String DATA = "--bawaba.data-dir=" + Path.of("target", "test-data", "guard-" + UUID.randomUUID());

    @Test
    void refusesToStartWithProfilesDevAndProdTogether() {
        assertThat(start("--spring.profiles.active=dev,prod",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=https://login.example.com"))
                .hasMessageContaining("Profiles dev and prod are both active");
    }

    @Test
    void refusesToStartInProdWithoutAnIdentityProvider() {
        assertThat(start("--spring.profiles.active=prod")).hasMessageContaining("BAWABA_JWT_ISSUER");
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
