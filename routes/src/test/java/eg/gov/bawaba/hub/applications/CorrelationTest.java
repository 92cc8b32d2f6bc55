package eg.gov.bawaba.hub.applications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.observability.Correlation;
import eg.gov.bawaba.mappings.CanonicalJson;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;

/**
 * One correlation id per application, from the app backend's request through the queue to the entity and back to the
 * app backend's webhook, echoed by the API, and on every JSON log line written for the application.
 */
@ExtendWith(OutputCaptureExtension.class)
class CorrelationTest extends HubTestSupport {

    private static final String ENTITY_PATH = "/emigration/lab/applications";
    private static final String WEBHOOK = "/backend/bawaba-webhook";

    @Autowired
    DeliveryBreakers breakers;
    @Autowired
    ApplicationContext context;
    @Autowired
    CamelContext camelContext;
    @Autowired
    JmsTemplate jms;

    @BeforeEach
    void labCatalogue() {
        breakers.reset("lab");
        sync("lab");
    }

    @Test
    void theBackendsIdTravelsToTheEntityAndBackAndIsOnEveryLogLineOfTheApplication(CapturedOutput output) {
        // every character the id may have: letters, digits and . _ : -; five random hex digits at most, since six
        // digits in a row would be masked as an identifier
        String correlationId = "backend:req_" + UUID.randomUUID().toString().substring(0, 5) + ".1";

        ResponseEntity<String> submitted = submit("corr-1", correlationId);

        assertThat(submitted.getStatusCode().value()).isEqualTo(202);
        assertThat(submitted.getHeaders().getFirst(Correlation.HEADER)).isEqualTo(correlationId);
        String id = json(submitted).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !webhooks(id, "DELIVERED").isEmpty());
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH))
                .withHeader("Idempotency-Key", equalTo(id))
                .withHeader(Correlation.HEADER, equalTo(correlationId)));
        ENTITY_SYSTEMS.verify(postRequestedFor(urlPathEqualTo(WEBHOOK))
                .withRequestBody(matchingJsonPath("$.applicationId", equalTo(id)))
                .withHeader(Correlation.HEADER, equalTo(correlationId)));

        ResponseEntity<String> followed = get("/api/v1/applications/" + id);
        assertThat(followed.getHeaders().getFirst(Correlation.HEADER)).isEqualTo(correlationId);
        assertThat(json(followed).get("correlationId").asText()).isEqualTo(correlationId);

        // the entity calls back by its reference, not by the id: the hub finds the application's id itself
        String path = SignedCallbacks.path("lab", "LAB-" + id);
        ResponseEntity<String> callback = http.postForEntity(path,
                SignedCallbacks.signed(SignedCallbacks.LAB_SECRET, path, "{\"status\":\"IN_REVIEW\"}"), String.class);
        assertThat(callback.getStatusCode().value()).isEqualTo(204);
        assertThat(callback.getHeaders().getFirst(Correlation.HEADER)).isEqualTo(correlationId);
        await().atMost(Duration.ofSeconds(30)).until(() -> !webhooks(id, "IN_REVIEW").isEmpty());

        await().atMost(Duration.ofSeconds(10)).until(() -> logLines(output)
                .anyMatch(line -> message(line).contains("delivered to lab")));
        List<JsonNode> ofTheApplication = logLines(output)
                .filter(line -> id.equals(line.path(Correlation.MDC_APPLICATION_ID).asText()))
                .toList();
        assertThat(ofTheApplication).extracting(CorrelationTest::message)
                .anySatisfy(m -> assertThat(m).startsWith("Application " + id + " for lab.CAR-IMPORT-01 received"))
                .anySatisfy(m -> assertThat(m).startsWith("Delivering application " + id + " to lab (attempt 1)"))
                .anySatisfy(m -> assertThat(m).startsWith("Application " + id + " delivered to lab"))
                .anySatisfy(m -> assertThat(m).startsWith("Entity lab called back IN_REVIEW for application " + id));
        assertThat(ofTheApplication).allSatisfy(line -> {
            assertThat(line.path(Correlation.MDC_CORRELATION_ID).asText()).as(line.toString()).isEqualTo(correlationId);
            assertThat(line.path(Correlation.MDC_ENTITY_ID).asText()).as(line.toString()).isEqualTo("lab");
        });
        // a line that names the application in its text also carries its context
        assertThat(logLines(output).filter(line -> message(line).contains(id)))
                .allSatisfy(line -> assertThat(line.path(Correlation.MDC_CORRELATION_ID).asText())
                        .as(line.toString()).isEqualTo(correlationId));
        assertThat(output.getOut()).doesNotContain(SampleApplications.NATIONAL_ID)
                .doesNotContain(SampleApplications.PASSPORT);
    }

    @Test
    void anIdentifierInTheBackendsIdIsMaskedInLogsStoreEntityCallWebhookAndAnswers(CapturedOutput output) {
        String digits = "29901015550002";
        String masked = "req-xxxxxxxxxxxx02";

        ResponseEntity<String> submitted = submit("corr-identifier", "req-" + digits);

        assertThat(submitted.getStatusCode().value()).isEqualTo(202);
        assertThat(submitted.getHeaders().getFirst(Correlation.HEADER)).isEqualTo(masked);
        String id = json(submitted).get("id").asText();
        assertThat(jdbc.queryForObject("SELECT correlation_id FROM application WHERE id = ?", String.class, id))
                .isEqualTo(masked);
        await().atMost(Duration.ofSeconds(30)).until(() -> !webhooks(id, "DELIVERED").isEmpty());
        ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH))
                .withHeader("Idempotency-Key", equalTo(id))
                .withHeader(Correlation.HEADER, equalTo(masked)));
        ENTITY_SYSTEMS.verify(postRequestedFor(urlPathEqualTo(WEBHOOK))
                .withRequestBody(matchingJsonPath("$.applicationId", equalTo(id)))
                .withHeader(Correlation.HEADER, equalTo(masked)));
        assertThat(ENTITY_SYSTEMS.getAllServeEvents()).allSatisfy(call ->
                assertThat(call.getRequest().getHeaders() + call.getRequest().getBodyAsString())
                        .doesNotContain(digits));

        ResponseEntity<String> followed = get("/api/v1/applications/" + id);
        assertThat(followed.getHeaders().getFirst(Correlation.HEADER)).isEqualTo(masked);
        assertThat(json(followed).get("correlationId").asText()).isEqualTo(masked);
        await().atMost(Duration.ofSeconds(10)).until(() -> logLines(output)
                .anyMatch(line -> message(line).startsWith("Application " + id + " delivered to lab")));
        assertThat(logLines(output).filter(line -> id.equals(line.path(Correlation.MDC_APPLICATION_ID).asText())))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.path(Correlation.MDC_CORRELATION_ID).asText()).isEqualTo(masked));
        assertThat(output.getAll()).doesNotContain(digits);
    }

    @Test
    void anIdStoredBeforeTheHubMaskedIdsIsMaskedWhenRead() {
        String id = json(submit("corr-stored-before", "backend-before-1")).get("id").asText();
        // as an application accepted by an earlier version keeps it
        jdbc.update("UPDATE application SET correlation_id = ? WHERE id = ?", "req-29901015550002", id);

        ResponseEntity<String> followed = get("/api/v1/applications/" + id);

        assertThat(followed.getHeaders().getFirst(Correlation.HEADER)).isEqualTo("req-xxxxxxxxxxxx02");
        assertThat(json(followed).get("correlationId").asText()).isEqualTo("req-xxxxxxxxxxxx02");
    }

    @Test
    void anInvalidIncomingIdIsReplacedAndTheReplacementTravels() {
        String tooLong = "a".repeat(65);
        for (String invalid : new String[] {"has spaces and ümlauts", tooLong, "semi;colon", ""}) {
            ResponseEntity<String> submitted = submit("corr-invalid-" + invalid.length(), invalid);

            assertThat(submitted.getStatusCode().value()).isEqualTo(202);
            String replacement = submitted.getHeaders().getFirst(Correlation.HEADER);
            assertThat(replacement).isNotEqualTo(invalid).matches("[A-Za-z0-9._:-]{1,64}");
            String id = json(submitted).get("id").asText();
            assertThat(get("/api/v1/applications/" + id).getHeaders().getFirst(Correlation.HEADER))
                    .isEqualTo(replacement);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    ENTITY_SYSTEMS.verify(1, postRequestedFor(urlPathEqualTo(ENTITY_PATH))
                            .withHeader("Idempotency-Key", equalTo(id))
                            .withHeader(Correlation.HEADER, equalTo(replacement))));
        }
    }

    @Test
    void aReplayedDeadLetterKeepsItsId() {
        var failing = ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(ENTITY_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("NullPointerException in ApplicationServlet")));
        String id = json(submit("corr-replay", "backend-replay-1")).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/v1/applications/" + id))
                .get("status").asText().equals("DELIVERY_FAILED"));
        // the dead letter is sent in the delivery's broker transaction, which commits after the status is stored
        String onTheDeadLetter = await().atMost(Duration.ofSeconds(10)).until(
                () -> jms.browse("DLQ.bawaba.applications.lab", (session, browser) -> {
                    for (Object m : Collections.list(browser.getEnumeration())) {
                        if (id.equals(text((Message) m))) {
                            return property((Message) m, Correlation.JMS_PROPERTY);
                        }
                    }
                    return null;
                }), java.util.Objects::nonNull);
        assertThat(onTheDeadLetter).isEqualTo("backend-replay-1");

        ENTITY_SYSTEMS.removeStub(failing);
        breakers.reset("lab");
        assertThat(http.postForEntity("/ops/v1/entities/lab/dead-letters/" + id + "/replay",
                new HttpEntity<>("", new HttpHeaders()), String.class).getStatusCode().value()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/v1/applications/" + id))
                .get("status").asText().equals("DELIVERED"));
        // the three failed attempts and the one after the replay
        ENTITY_SYSTEMS.verify(4, postRequestedFor(urlPathEqualTo(ENTITY_PATH))
                .withHeader("Idempotency-Key", equalTo(id))
                .withHeader(Correlation.HEADER, equalTo("backend-replay-1")));
    }

    @Test
    void aProblemAnswerEchoesTheId() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add(Correlation.HEADER, "backend-req-422");
        headers.add("Idempotency-Key", "corr-problem");
        ResponseEntity<String> refused = http.postForEntity("/api/v1/applications",
                new HttpEntity<>("{\"entryId\": \"lab.NO-SUCH-ENTRY\"}", headers), String.class);

        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getHeaders().getFirst(Correlation.HEADER)).isEqualTo("backend-req-422");
    }

    @Test
    void installsNoTracerWhileTracingIsOff() {
        assertThat(context.getEnvironment().getProperty("bawaba.tracing.enabled")).isEqualTo("false");
        assertThat(camelContext.hasService(org.apache.camel.telemetry.Tracer.class)).isNull();
        assertThat(context.getBeansOfType(org.apache.camel.telemetry.Tracer.class)).isEmpty();
        assertThat(context.getBeansOfType(io.opentelemetry.api.trace.Tracer.class)).isEmpty();
        assertThat(camelContext.getRoutePolicyFactories())
                .noneMatch(factory -> factory instanceof org.apache.camel.telemetry.Tracer);
    }

    private ResponseEntity<String> submit(String key, String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", key);
        headers.add(Correlation.HEADER, correlationId);
        return http.postForEntity("/api/v1/applications",
                new HttpEntity<>(SampleApplications.carImport().toString(), headers), String.class);
    }

    private static String text(Message message) {
        try {
            return ((TextMessage) message).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String property(Message message, String name) {
        try {
            return message.getStringProperty(name);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> webhooks(String id, String status) {
        return ENTITY_SYSTEMS.findAll(postRequestedFor(urlPathEqualTo(WEBHOOK))
                        .withRequestBody(matchingJsonPath("$.applicationId", equalTo(id)))
                        .withRequestBody(matchingJsonPath("$.status", equalTo(status))))
                .stream().map(r -> read(r.getBodyAsString())).toList();
    }

    /** The captured console lines that are log records; each must be one JSON object. */
    private static Stream<JsonNode> logLines(CapturedOutput output) {
        return output.getOut().lines()
                .filter(line -> line.startsWith("{"))
                .map(CorrelationTest::read);
    }

    private static String message(JsonNode line) {
        return line.path("message").asText();
    }

    private static JsonNode read(String json) {
        try {
            return CanonicalJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object: " + json, e);
        }
    }
}
