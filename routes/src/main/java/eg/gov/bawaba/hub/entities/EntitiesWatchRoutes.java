package eg.gov.bawaba.hub.entities;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Hot onboarding: compares the entity definition files (and the mapping files they name) with what runs, every
 * {@code bawaba.entities.watch-interval} ms. Polling rather than file-system events, because events are lost on
 * network and container-mounted folders, where entity configuration usually lives.
 */
@Component
public class EntitiesWatchRoutes extends RouteBuilder {

    private final EntityRegistry registry;

    public EntitiesWatchRoutes(EntityRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configure() {
        from("timer:entities-watch?period={{bawaba.entities.watch-interval:2000}}&delay={{bawaba.entities.watch-interval:2000}}")
                .routeId("entities-watch")
                .autoStartup("{{bawaba.entities.watch:true}}")
                .bean(registry, "reconcile");
    }
}
