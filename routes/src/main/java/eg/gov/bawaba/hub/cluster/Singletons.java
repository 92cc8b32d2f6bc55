package eg.gov.bawaba.hub.cluster;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Consumer URIs of the jobs that must run on one hub only (scheduled syncs, file and SFTP drops, status polls and
 * status files, the requeue sweeps, retention): unchanged for a single hub; in profile cluster wrapped in Camel's
 * {@code master:} endpoint, so only the hub holding the job's leadership ({@link ClusterLeadership}) consumes.
 */
@Component
public class Singletons {

    /** The template parameter by which a route template takes the prefix of {@link #prefix}. */
    public static final String TEMPLATE_PARAMETER = "singleton";

    private final boolean cluster;

    public Singletons(@Value("${bawaba.cluster.enabled:false}") boolean cluster) {
        this.cluster = cluster;
    }

    /** What goes before the job's consumer URI: nothing for a single hub, {@code master:bawaba-<job>:} in a cluster. */
    public String prefix(String job) {
        return cluster ? "master:bawaba-" + job + ":" : "";
    }

    /** The job's consumer URI as this hub must use it. */
    public String from(String job, String uri) {
        return prefix(job) + uri;
    }
}
