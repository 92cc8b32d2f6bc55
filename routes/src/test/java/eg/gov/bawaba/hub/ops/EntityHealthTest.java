package eg.gov.bawaba.hub.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/** /actuator/health judges each entity connector, and the probe groups leave entity outages out. */
class EntityHealthTest extends HubTestSupport {

    @Autowired
    CamelContext camelContext;

    @AfterEach
    void emigrationRunningForTheNextTest() {
        // the hub is shared with other test classes: a suspension must not outlive its test
        if (json(get("/ops/v1/connectors/emigration")).get("state").asText().equals("SUSPENDED")) {
            http.postForEntity("/ops/v1/entities/emigration/resume", new HttpEntity<>("", new HttpHeaders()), String.class);
        }
    }

    @Test
    void entityGoesFromUpToDegradedWhenItsSyncFailsAndBackWhenItRecovers() {
        sync("emigration");
        assertThat(entity("emigration").get("status").asText()).isEqualTo("UP");

        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo("/emigration/api/v1/privileges")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("down for maintenance")));
        assertThat(sync("emigration").outcome()).isEqualTo(SyncReport.Outcome.FAILED);

        JsonNode degraded = entity("emigration");
        assertThat(degraded.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(degraded.at("/details/reasons/0").asText()).contains("last catalogue sync").contains("failed");
        ResponseEntity<String> overall = get("/actuator/health");
        assertThat(overall.getStatusCode().value()).isIn(200, 503);
        assertThat(json(get("/ops/v1/connectors/emigration")).get("health").asText()).isEqualTo("DEGRADED");

        ENTITY_SYSTEMS.resetToDefaultMappings();
        assertThat(sync("emigration").outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(entity("emigration").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void suspendedEntityIsDownWhileTheProbesStayUp() {
        http.postForEntity("/ops/v1/entities/emigration/suspend", new HttpEntity<>("", new HttpHeaders()), String.class);

        JsonNode down = entity("emigration");
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(down.at("/details/reasons/0").asText()).contains("suspended by " + TestTokens.SUBJECT);
        assertThat(get("/actuator/health").getStatusCode().value()).isEqualTo(503);
        assertThat(json(get("/actuator/health/liveness")).get("status").asText()).isEqualTo("UP");
        JsonNode readiness = json(get("/actuator/health/readiness"));
        assertThat(readiness.get("status").asText()).isEqualTo("UP");
        assertThat(readiness.get("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "db", "jms");

        http.postForEntity("/ops/v1/entities/emigration/resume", new HttpEntity<>("", new HttpHeaders()), String.class);
        assertThat(entity("emigration").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void routeSuspendedForAnEntityIsJudgedByTheEntityHealthNotByCamelsOwnCheck() throws Exception {
        // what the delivery breaker does while an entity is down (DeliveryBreakers): the entity is DEGRADED, and
        // Camel's own route check must not turn that into a hub outage
        camelContext.getRouteController().suspendRoute("lab-applications-deliver");
        try {
            JsonNode health = json(get("/actuator/health"));

            assertThat(health.at("/components/camelHealth/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/camelHealth/details").toString()).doesNotContain("lab-applications-deliver");
        } finally {
            camelContext.getRouteController().resumeRoute("lab-applications-deliver");
        }
    }

    @Test
    void disabledDefinitionIsDownWithItsProblems() {
        JsonNode broken = entity("broken-ministry");

        assertThat(broken.get("status").asText()).isEqualTo("DOWN");
        assertThat(broken.at("/details/reasons/0").asText()).startsWith("definition disabled:");
    }

    @Test
    void healthHasBrokerAndDatabaseComponents() {
        JsonNode components = json(get("/actuator/health")).get("components");

        assertThat(components.at("/db/status").asText()).isEqualTo("UP");
        assertThat(components.at("/jms/status").asText()).isEqualTo("UP");
        assertThat(components.at("/entities/components/lab/status").asText()).isNotEmpty();
    }

    private JsonNode entity(String id) {
        return json(get("/actuator/health/entities/" + id));
    }
}
