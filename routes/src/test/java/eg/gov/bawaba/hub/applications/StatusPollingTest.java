package eg.gov.bawaba.hub.applications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** An entity that only answers when asked: Bawaba polls each open application's status and follows it. */
class StatusPollingTest extends HubTestSupport {

    private static final String STATUS = "/emigration/poller/applications/POLL-1/status";

    @Test
    void followsTheStatusTheEntityReportsWhenPolled() {
        sync("poller");
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo("/emigration/poller/applications"))
                .willReturn(aResponse().withStatus(201).withBody("{\"reference\":\"POLL-1\"}")));
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(STATUS))
                .willReturn(aResponse().withStatus(200).withBody("{\"state\":\"IN_REVIEW\",\"remarks\":\"قيد الدراسة\"}")));

        ObjectNode body = ApplicationsTest.carImport();
        body.put("entryId", "poller.CAR-IMPORT-01");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "poll-1");
        headers.add("X-Correlation-Id", "backend-poll-1");
        String id = json(http.postForEntity("/api/v1/applications", new HttpEntity<>(body.toString(), headers),
                String.class)).get("id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).get("status").asText().equals("IN_REVIEW"));
        assertThat(status(id).get("history").findValuesAsText("detail")).contains("قيد الدراسة");
        ENTITY_SYSTEMS.verify(WireMock.moreThanOrExactly(1), getRequestedFor(urlPathEqualTo(STATUS))
                .withHeader("X-Api-Key", WireMock.equalTo("test-emigration-key"))
                .withHeader("X-Correlation-Id", WireMock.equalTo("backend-poll-1")));

        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(STATUS)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody("{\"state\":\"APPROVED\"}")));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).get("status").asText().equals("APPROVED"));
        assertThat(status(id).get("history").findValuesAsText("status"))
                .containsExactly("RECEIVED", "QUEUED", "DELIVERED", "IN_REVIEW", "APPROVED");
    }

    private JsonNode status(String id) {
        return json(get("/api/v1/applications/" + id));
    }
}
