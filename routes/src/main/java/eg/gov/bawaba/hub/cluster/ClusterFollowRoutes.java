package eg.gov.bawaba.hub.cluster;

import eg.gov.bawaba.hub.catalogue.CatalogueFeedFollower;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.experts.ExpertsRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * What every hub of a cluster reads from the shared database on a timer, never under leadership: the catalogue change
 * feed and the experts other hubs registered or withdrew into its own search indexes, and the operators' suspensions
 * and resumes into its own routes.
 */
@Component
@ConditionalOnProperty(name = "bawaba.cluster.enabled", havingValue = "true")
public class ClusterFollowRoutes extends RouteBuilder {

    private final CatalogueFeedFollower catalogue;
    private final EntityRegistry entities;
    private final ExpertsRegistry experts;

    public ClusterFollowRoutes(CatalogueFeedFollower catalogue, EntityRegistry entities, ExpertsRegistry experts) {
        this.catalogue = catalogue;
        this.entities = entities;
        this.experts = experts;
    }

    @Override
    public void configure() {
        from("timer:catalogue-follow?period={{bawaba.cluster.catalogue-follow-interval:500}}&delay=0")
                .routeId("catalogue-follow")
                .process(exchange -> catalogue.follow());
        from("timer:suspensions-follow?period={{bawaba.cluster.suspensions-follow-interval:2000}}&delay=0")
                .routeId("suspensions-follow")
                .process(exchange -> entities.followSuspensions());
        from("timer:experts-follow?period={{bawaba.cluster.experts-follow-interval:2000}}&delay=0")
                .routeId("experts-follow")
                .process(exchange -> experts.followChanges());
    }
}
