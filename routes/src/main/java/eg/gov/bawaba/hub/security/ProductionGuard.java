package eg.gov.bawaba.hub.security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Stops a hub in profile {@code prod} before anything starts when it has no identity provider configured or when
 * profile {@code dev} is active too: production must never trust the development token key, which anyone who can read
 * the data folder can sign with.
 */
public class ProductionGuard implements EnvironmentPostProcessor {

    static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        if (environment.acceptsProfiles(Profiles.of("dev"))) {
            throw new IllegalStateException("Profiles dev and prod are both active: profile dev trusts the "
                    + "development token key, which a production hub must never do; start it with prod alone");
        }
        String issuer;
        try {
            issuer = environment.getProperty(ISSUER, "");
        } catch (IllegalArgumentException unresolved) {
            issuer = "";
        }
        if (issuer.isBlank()) {
            throw new IllegalStateException("Profile prod needs the identity provider that issues callers' tokens: set "
                    + "BAWABA_JWT_ISSUER (and BAWABA_JWT_JWKS_URI when its discovery document is not reachable)");
        }
    }
}
