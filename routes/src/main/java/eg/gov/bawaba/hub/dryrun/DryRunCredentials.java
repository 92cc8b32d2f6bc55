package eg.gov.bawaba.hub.dryrun;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.spi.PropertiesSource;

/**
 * The staging credentials a dry run over the API was sent inline, held in memory for that run only: the connectors
 * read them by the names the run put in its definition's {@code …Env} fields, as they read any secret, and nothing of
 * them is written to disk, a route or a log.
 */
final class DryRunCredentials implements PropertiesSource {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public String getName() {
        return "bawaba-dry-run-credentials";
    }

    @Override
    public String getProperty(String name) {
        return values.get(name);
    }

    /** The name a connector reads credential {@code field} of run {@code runId} by. */
    static String name(String runId, String field) {
        return runId + ".credentials." + field;
    }

    void put(String runId, Map<String, String> credentials) {
        credentials.forEach((field, value) -> values.put(name(runId, field), value));
    }

    void forget(String runId) {
        values.keySet().removeIf(name -> name.startsWith(runId + ".credentials."));
    }
}
