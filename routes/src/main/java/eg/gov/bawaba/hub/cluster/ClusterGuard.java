package eg.gov.bawaba.hub.cluster;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Stops a hub of profile cluster ({@code bawaba.cluster.enabled}) before anything starts when it would keep state of
 * its own that the other hubs need: an H2 database (each hub would have its own applications and catalogue), an
 * embedded broker (each hub would have its own queues), or, outside profile dev, a personal-data key generated in its
 * own data folder (no other hub could read what it encrypted).
 */
public class ClusterGuard implements EnvironmentPostProcessor {

    static final String ENABLED = "bawaba.cluster.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED, Boolean.class, false)) {
            return;
        }
        String database = property(environment, "spring.datasource.url");
        if (!database.startsWith("jdbc:postgresql:")) {
            throw new ClusterMisconfiguredException("Profile cluster needs a PostgreSQL database shared by every hub, "
                    + "but spring.datasource.url is '" + database + "': on H2 each hub would keep its own "
                    + "applications, catalogue and audit", "Set BAWABA_DB_URL (spring.datasource.url) to the shared "
                    + "jdbc:postgresql:// URL, with BAWABA_DB_USER and BAWABA_DB_PASSWORD, or start without profile "
                    + "cluster for a single hub on H2");
        }
        String mode = property(environment, "spring.artemis.mode");
        boolean embedded = environment.getProperty("spring.artemis.embedded.enabled", Boolean.class, true);
        if (!"native".equalsIgnoreCase(mode) || embedded) {
            throw new ClusterMisconfiguredException("Profile cluster needs the external brokers every hub shares, but "
                    + "spring.artemis.mode is '" + mode + "' and spring.artemis.embedded.enabled " + embedded
                    + ": an embedded broker would keep each hub's accepted applications to itself",
                    "Leave spring.artemis.mode=native and spring.artemis.embedded.enabled=false (profile cluster sets "
                    + "them) and point BAWABA_BROKER_URL at the broker pair");
        }
        if (!environment.acceptsProfiles(Profiles.of("dev")) && !personalDataKeysConfigured(environment)) {
            throw new ClusterMisconfiguredException("Profile cluster needs the personal-data keys every hub shares, "
                    + "but none is configured: each hub would generate a development key of its own and could not "
                    + "read the applications and expert profiles the others encrypted", "Set "
                    + "BAWABA_PERSONAL_DATA_KEYS (and BAWABA_PERSONAL_DATA_ACTIVE_KEY) to the same keys on every hub "
                    + "(docs/security.md); only profile dev shares a development key through a common data folder");
        }
    }

    /** As PersonalDataCipher reads them: a list, a map, or the single key of earlier versions. */
    private static boolean personalDataKeysConfigured(ConfigurableEnvironment environment) {
        if (!property(environment, "bawaba.personal-data.keys").isBlank()
                || !property(environment, "bawaba.personal-data.key").isBlank()) {
            return true;
        }
        try {
            return Binder.get(environment).bind("bawaba.personal-data.keys",
                    Bindable.mapOf(String.class, String.class)).map(keys -> !keys.isEmpty()).orElse(false);
        } catch (BindException notAMap) {
            return false;
        }
    }

    private static String property(ConfigurableEnvironment environment, String name) {
        try {
            return environment.getProperty(name, "");
        } catch (IllegalArgumentException unresolved) {
            return "";
        }
    }
}
