package eg.gov.bawaba.sandbox;

import eg.gov.bawaba.hub.BawabaApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/** Runs the hub against the simulated entities so the whole flow can be tried on one machine without real credentials. */
public final class DemoApplication {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApplication.class);
    static final String DEMO_EMIGRATION_API_KEY = "bawaba-sandbox-demo-key";

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
        // the entity definitions default to port 8091; follow the sandbox when it was moved elsewhere
        pointAtSandbox("EMIGRATION_BASE_URL", entities.baseUrl() + "/emigration");
        pointAtSandbox("DIGITAL_EGYPT_BASE_URL", entities.baseUrl() + "/digital-egypt");
        try {
            SpringApplication.run(BawabaApplication.class, args);
        } catch (RuntimeException e) {
            entities.close();
            throw e;
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
