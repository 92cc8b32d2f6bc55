package eg.gov.bawaba.hub.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who leads each singleton job in profile cluster: Camel's {@code FileLockClusterService}, one lock file per job in a
 * folder every hub shares ({@code bawaba.cluster.locks}). A hub that dies loses its locks with its process, and
 * another takes them at its next attempt ({@code bawaba.cluster.acquire-interval}). On Kubernetes, Camel's
 * KubernetesClusterService (a Lease per job) takes its place (docs/deployment.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bawaba.cluster.leadership", havingValue = "file")
public class ClusterLeadership {

    @Bean
    CamelContextConfiguration fileLockLeadership(@Value("${bawaba.cluster.locks}") Path locks,
                                                 @Value("${bawaba.cluster.instance-id}") String instanceId,
                                                 @Value("${bawaba.cluster.acquire-interval:5s}") Duration interval) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                try {
                    camel.addService(fileLockService(locks, instanceId, interval));
                } catch (Exception e) {
                    throw new IllegalStateException("cluster leadership on " + locks + " did not start", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing: the master endpoints take leadership as they start
            }
        };
    }

    /** A file-lock cluster service of this hub on the shared folder, trying for free leaderships every interval. */
    public static FileLockClusterService fileLockService(Path locks, String instanceId, Duration interval) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(instanceId);
        service.setRoot(locks.toAbsolutePath().toString());
        service.setAcquireLockDelay(Math.min(1000, interval.toMillis()), TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(interval.toMillis(), TimeUnit.MILLISECONDS);
        return service;
    }
}
