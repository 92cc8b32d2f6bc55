package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.hub.cluster.Singletons;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Profile cluster: the leader of {@code bawaba-removed-entities} withdraws, every
 * {@code bawaba.cluster.removed-entities-interval}, the entries of entities that have no definition any more; one hub
 * does it, whichever noticed the removal, and a hub that becomes leader catches up at its first round.
 */
@Component
@ConditionalOnProperty(name = "bawaba.cluster.enabled", havingValue = "true")
public class RemovedEntitiesRoutes extends RouteBuilder {

    private final RemovedEntityWithdrawal withdrawal;
    private final Singletons singletons;

    public RemovedEntitiesRoutes(RemovedEntityWithdrawal withdrawal, Singletons singletons) {
        this.withdrawal = withdrawal;
        this.singletons = singletons;
    }

    @Override
    public void configure() {
        from(singletons.from("removed-entities",
                "timer:removed-entities?period={{bawaba.cluster.removed-entities-interval:10000}}&delay=1000"))
                .routeId("removed-entities")
                .process(exchange -> withdrawal.withdrawAbsent());
    }
}
