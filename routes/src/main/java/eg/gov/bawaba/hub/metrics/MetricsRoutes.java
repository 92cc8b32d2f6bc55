package eg.gov.bawaba.hub.metrics;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Refreshes the per-entity gauges; browsing an external broker's queues is too slow to do on every scrape. */
@Component
public class MetricsRoutes extends RouteBuilder {

    private final EntityGauges gauges;

    public MetricsRoutes(EntityGauges gauges) {
        this.gauges = gauges;
    }

    @Override
    public void configure() {
        from("timer:metrics-entity-gauges?period={{bawaba.metrics.gauge-refresh:10000}}&delay=1000")
                .routeId("metrics-refresh")
                .bean(gauges, "refresh");
    }
}
