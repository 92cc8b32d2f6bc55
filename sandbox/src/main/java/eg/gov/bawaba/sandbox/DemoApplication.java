package eg.gov.bawaba.sandbox;

import eg.gov.bawaba.hub.BawabaApplication;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/** Runs the hub against the simulated entities so the whole flow can be tried on one machine without real credentials. */
public final class DemoApplication {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApplication.class);
    static final String DEMO_EMIGRATION_API_KEY = "bawaba-sandbox-demo-key";
    static final String DEMO_FOREIGN_AFFAIRS_USER = "bawaba-sandbox";
    static final String DEMO_FOREIGN_AFFAIRS_PASSWORD = "bawaba-sandbox-demo-password";
    static final String DEMO_EMIGRATION_CALLBACK_SECRET = "bawaba-sandbox-demo-emigration-callback-secret";
    static final String DEMO_FOREIGN_AFFAIRS_CALLBACK_SECRET = "bawaba-sandbox-demo-foreign-affairs-callback-secret";
    static final String DEMO_HIGHER_EDUCATION_API_KEY = "bawaba-sandbox-demo-higher-education-key";
    static final String NOSI_SERVICES = "nosi/services.csv";
    static final String DEV_PROFILE = "dev";
    static final String LOG_FILE_PROFILE = "log-file";

    private DemoApplication() {
    }

    public static void main(String[] args) {
        SandboxEntities entities = SandboxEntities.start(SandboxSettings.port());
        Runtime.getRuntime().addShutdownHook(new Thread(entities::close, "sandbox-entities-shutdown"));
        if (SandboxSettings.lookup(SandboxSettings.EMIGRATION_API_KEY).isEmpty()) {
            // the demo plays both the ministry and the hub, so it may invent the secret they share
            System.setProperty(SandboxSettings.EMIGRATION_API_KEY, DEMO_EMIGRATION_API_KEY);
            LOG.warn("{} is not set: using the sandbox DEMO key, which is only good for the simulated ministry",
                    SandboxSettings.EMIGRATION_API_KEY);
        }
        if (SandboxSettings.lookup(ForeignAffairsConsularServices.USER).isEmpty()
                && SandboxSettings.lookup(ForeignAffairsConsularServices.PASSWORD).isEmpty()) {
            // likewise the WS-Security account of the simulated Ministry of Foreign Affairs
            System.setProperty(ForeignAffairsConsularServices.USER, DEMO_FOREIGN_AFFAIRS_USER);
            System.setProperty(ForeignAffairsConsularServices.PASSWORD, DEMO_FOREIGN_AFFAIRS_PASSWORD);
            LOG.warn("{} and {} are not set: using the sandbox DEMO account, only good for the simulated ministry",
                    ForeignAffairsConsularServices.USER, ForeignAffairsConsularServices.PASSWORD);
        }
        // the simulated ministries sign their status callbacks with these, and the hub checks them with the same
        demoSecret(SandboxSettings.EMIGRATION_CALLBACK_SECRET, DEMO_EMIGRATION_CALLBACK_SECRET);
        demoSecret(SandboxSettings.FOREIGN_AFFAIRS_CALLBACK_SECRET, DEMO_FOREIGN_AFFAIRS_CALLBACK_SECRET);
        // the key the hub presents when it delivers expert profiles to the simulated Ministry of Higher Education
        demoSecret(HigherEducationScientistsApi.API_KEY, DEMO_HIGHER_EDUCATION_API_KEY);
        // the entity definitions default to port 8091; follow the sandbox when it was moved elsewhere
        pointAtSandbox("EMIGRATION_BASE_URL", entities.baseUrl() + "/emigration");
        pointAtSandbox("DIGITAL_EGYPT_BASE_URL", entities.baseUrl() + "/digital-egypt");
        pointAtSandbox("DIGITAL_TRAINING_BASE_URL", entities.baseUrl() + "/digital-training");
        pointAtSandbox("MCIT_CONTENT_BASE_URL", entities.baseUrl() + "/mcit-content");
        pointAtSandbox("HIGHER_EDUCATION_BASE_URL", entities.baseUrl() + "/higher-education");
        pointAtSandbox("FOREIGN_AFFAIRS_WSDL", entities.baseUrl() + "/foreign-affairs/consular-services?wsdl");
        // config/entities/nosi.yaml reads ${BAWABA_DATA_DIR:./var}/drops/nosi
        dropNosiServices(Path.of(SandboxSettings.lookup("BAWABA_DATA_DIR").orElse("./var")).resolve("drops/nosi"));
        NosiBackOffice.start(Path.of(SandboxSettings.lookup("BAWABA_DATA_DIR").orElse("./var")).resolve("drops/nosi"));
        if (SandboxSettings.lookup("BAWABA_LOG_FORMAT").isEmpty()) {
            // a person reads the demo's terminal; the JSON lines go to var/logs/bawaba.json (profile log-file)
            System.setProperty("bawaba.log.format", "text");
        }
        try {
            SpringApplication hub = new SpringApplication(BawabaApplication.class);
            // callers of the demo show a token of the hub's local development key (bin/dev-token); with profile
            // prod also given, the hub refuses to start
            hub.setAdditionalProfiles(DEV_PROFILE, LOG_FILE_PROFILE);
            hub.run(args);
        } catch (RuntimeException e) {
            entities.close();
            throw e;
        }
    }

    /**
     * Plays the National Organization for Social Insurance, which publishes by dropping its services file into the
     * hub's folder; the hub syncs it once and moves it to done/ (a restart drops the same file, which is not re-synced).
     */
    static void dropNosiServices(Path folder) {
        try (InputStream in = DemoApplication.class.getClassLoader().getResourceAsStream(NOSI_SERVICES)) {
            if (in == null) {
                throw new IOException(NOSI_SERVICES + " is missing from the sandbox");
            }
            Files.createDirectories(folder);
            // written under a hidden name, then renamed: the hub never reads a dot file, so never half of this one
            Path part = folder.resolve(".services.csv.part");
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, folder.resolve("services.csv"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Sandbox NOSI dropped services.csv into {}", folder.toAbsolutePath().normalize());
        } catch (IOException e) {
            LOG.warn("Sandbox NOSI could not drop services.csv into {}, so nosi will have no entries: {}", folder,
                    e.getMessage());
        }
    }

    /** A DEMO secret both sides of the demo share, unless one was set: never good for a real entity. */
    private static void demoSecret(String setting, String demoValue) {
        if (SandboxSettings.lookup(setting).isEmpty()) {
            System.setProperty(setting, demoValue);
            LOG.warn("{} is not set: using the sandbox DEMO secret, which is only good for the simulated ministry",
                    setting);
        }
    }

    private static void pointAtSandbox(String setting, String url) {
        if (SandboxSettings.lookup(setting).isEmpty()) {
            System.setProperty(setting, url);
        } else {
            LOG.info("{} is set, so that entity is not read from the sandbox", setting);
        }
    }
}
