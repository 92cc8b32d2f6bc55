package eg.gov.bawaba.hub.applications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Status changes reach the app backend signed and retried until acknowledged; personal data never reaches a log. */
@ExtendWith(OutputCaptureExtension.class)
class StatusWebhookTest extends HubTestSupport {

    private static final String WEBHOOK = "/backend/bawaba-webhook";

    @Autowired
    DeliveryBreakers breakers;

    @Test
    void pushesEachStatusChangeSignedAndRetriesUntilAcknowledged(CapturedOutput output) {
        breakers.reset("lab");
        sync("lab");
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo("/emigration/lab/applications"))
                .willReturn(aResponse().withStatus(201).withBody("{\"reference\":\"LAB-77\"}")));
        // the backend fails twice before it acknowledges the DELIVERED notification
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(WEBHOOK)).atPriority(1).inScenario("flaky backend")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("failed once"));
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(WEBHOOK)).atPriority(1).inScenario("flaky backend")
                .whenScenarioStateIs("failed once").willReturn(aResponse().withStatus(500))
                .willSetStateTo("recovered"));

        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "webhook-1");
        String id = json(http.postForEntity("/api/v1/applications",
                new HttpEntity<>(ApplicationsTest.carImport().toString(), headers), String.class)).get("id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(id).size() == 1);
        List<LoggedRequest> attempts = ENTITY_SYSTEMS.findAll(postRequestedFor(urlPathEqualTo(WEBHOOK)));
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(3);
        LoggedRequest delivered = acknowledged(id).get(0);
        String timestamp = delivered.getHeader(WebhookRoutes.TIMESTAMP);
        assertThat(delivered.getHeader(WebhookRoutes.SIGNATURE))
                .isEqualTo("sha256=" + WebhookRoutes.hmac(WEBHOOK_SECRET, timestamp + "." + delivered.getBodyAsString()));
        assertThat(delivered.getHeader(WebhookRoutes.SIGNATURE))
                .isNotEqualTo("sha256=" + WebhookRoutes.hmac("another-secret", timestamp + "." + delivered.getBodyAsString()));
        JsonNode event = read(delivered.getBodyAsString());
        assertThat(event.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(event.get("entityReference").asText()).isEqualTo("LAB-77");
        assertThat(delivered.getBodyAsString()).doesNotContain(ApplicationsTest.NATIONAL_ID);

        assertThat(output.getAll()).doesNotContain(ApplicationsTest.NATIONAL_ID).doesNotContain(ApplicationsTest.PASSPORT);
    }

    private static List<LoggedRequest> acknowledged(String id) {
        return ENTITY_SYSTEMS.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(WEBHOOK) && e.getResponse().getStatus() == 204)
                .map(e -> LoggedRequest.createFrom(e.getRequest()))
                .filter(r -> read(r.getBodyAsString()).get("applicationId").asText().equals(id))
                .filter(r -> read(r.getBodyAsString()).get("status").asText().equals("DELIVERED"))
                .toList();
    }

    private static JsonNode read(String json) {
        try {
            return CanonicalJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
