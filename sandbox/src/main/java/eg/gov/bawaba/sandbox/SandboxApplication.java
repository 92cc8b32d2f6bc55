package eg.gov.bawaba.sandbox;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs only the simulated entity systems of the demo (and the NOSI back office's file drops), for hubs that run in
 * processes of their own: bin/cluster starts it beside two hubs. Each entity's secrets come from the environment,
 * the same the hubs are given.
 */
public final class SandboxApplication {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxApplication.class);

    private SandboxApplication() {
    }

    public static void main(String[] args) {
        SandboxEntities entities = SandboxEntities.start(SandboxSettings.port());
        Path drops = Path.of(SandboxSettings.lookup("BAWABA_DATA_DIR").orElse("./var")).resolve("drops/nosi");
        DemoApplication.dropNosiServices(drops);
        NosiBackOffice office = NosiBackOffice.start(drops);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            office.close();
            entities.close();
        }, "sandbox-shutdown"));
        // the entities' HTTP server keeps the process running until it is stopped
        LOG.info("Sandbox entities at {}, NOSI drops into {}", entities.baseUrl(), drops.toAbsolutePath().normalize());
    }
}
