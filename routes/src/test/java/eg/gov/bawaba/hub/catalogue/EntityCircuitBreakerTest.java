package eg.gov.bawaba.hub.catalogue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Each entity has its own circuit breaker: once it opens, syncs fail fast without calling the entity at all. */
class EntityCircuitBreakerTest extends HubTestSupport {

    @Autowired
    CamelContext camelContext;

    @AfterEach
    void pensionsClosedForTheOtherTests() {
        // the hub is shared with other test classes, and this breaker would stay open for its hour
        ENTITY_SYSTEMS.resetToDefaultMappings();
        for (Processor processor : camelContext.getRoute("pensions-catalogue-fetch").filter("*")) {
            if (processor instanceof ResilienceProcessor breaker) {
                breaker.transitionToCloseState();
            }
        }
    }

    private static final String SERVICES = "/pensions/services";

    @Test
    void opensAfterRepeatedFailuresAndStopsCallingTheEntity() {
        SyncReport healthy = sync("pensions");
        assertThat(healthy.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(healthy.added()).isEqualTo(2);
        // the stub only answers with the credentials taken from the environment, sent as HTTP basic auth
        ENTITY_SYSTEMS.verify(1, getRequestedFor(urlPathEqualTo(SERVICES))
                .withHeader("Authorization", WireMock.equalTo("Basic YmF3YWJhOnMzY3JldC1mcm9tLWVudg==")));

        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(SERVICES)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("maintenance window")));
        SyncReport failing = sync("pensions");
        assertThat(failing.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failing.error()).contains("503");

        ENTITY_SYSTEMS.resetRequests();
        SyncReport shortCircuited = sync("pensions");

        assertThat(shortCircuited.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(shortCircuited.error()).contains("CircuitBreaker").contains("OPEN");
        ENTITY_SYSTEMS.verify(0, getRequestedFor(urlPathEqualTo(SERVICES)));
        assertThat(json(get("/api/v1/catalogue?entity=pensions")).get("total").asInt()).isEqualTo(2);
        // the breaker is the entity's own: the emigration entity still syncs
        assertThat(sync("emigration").outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
    }
}
