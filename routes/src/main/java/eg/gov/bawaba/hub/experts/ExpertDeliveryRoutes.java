package eg.gov.bawaba.hub.experts;

import eg.gov.bawaba.hub.cluster.Singletons;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The hub's steps every entity's expert profile delivery route calls ({@code direct:expert-profile-*}), and the sweep
 * that queues deliveries written just before a crash but never queued.
 */
@Component
public class ExpertDeliveryRoutes extends RouteBuilder {

    private final ExpertDeliverySteps steps;
    private final ExpertDeliveries deliveries;
    private final Clock clock;
    private final Singletons singletons;

    public ExpertDeliveryRoutes(ExpertDeliverySteps steps, ExpertDeliveries deliveries, Clock clock,
                                Singletons singletons) {
        this.singletons = singletons;
        this.steps = steps;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Override
    public void configure() {
        String steps = "direct:" + EntityRegistry.EXPERT_PROFILE_STEPS;
        from(steps + "-prepare").routeId("expert-profile-prepare").bean(this.steps, "prepare");
        from(steps + "-accepted").routeId("expert-profile-accepted").bean(this.steps, "accepted");
        from(steps + "-rejected").routeId("expert-profile-rejected").bean(this.steps, "rejected");
        from(steps + "-attempt-failed").routeId("expert-profile-attempt-failed").bean(this.steps, "attemptFailed");
        from(steps + "-dead-letter").routeId("expert-profile-dead-letter").bean(this.steps, "deadLetter");

        from(singletons.from("experts-requeue",
                "timer:experts-requeue?period={{bawaba.experts.requeue-interval:30000}}&delay=5000"))
                .routeId("experts-deliveries-requeue")
                .process(e -> deliveries.requeuePending(clock.instant().minus(Duration.ofSeconds(10))));
    }
}
