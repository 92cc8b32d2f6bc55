package eg.gov.bawaba.hub.applications;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.observability.Correlation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code bawaba.tracing.enabled}, an application's way through the hub is one trace: the app backend's request,
 * the queue, the delivery and the call to the entity, spans kept in memory instead of exported. A hub of its own
 * (database and broker apart from the other tests' hub, which runs without tracing).
 */
@TestPropertySource(properties = {
        "bawaba.tracing.enabled=true",
        "otel.traces.exporter=none",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/tracing-${random.uuid}/db/bawaba;DB_CLOSE_ON_EXIT=FALSE",
        "spring.artemis.embedded.data-directory=./target/test-data/tracing-${random.uuid}/artemis"})
class TracingTest extends HubTestSupport {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final AttributeKey<String> CORRELATION = AttributeKey.stringKey(Correlation.SPAN_ATTRIBUTE);
    private static final String ENTITY_PATH = "/emigration/lab/applications";
    private static final String WEBHOOK = "/backend/bawaba-webhook";

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemorySpans {
        @Bean
        SpanProcessor inMemorySpans() {
            return SimpleSpanProcessor.create(SPANS);
        }
    }

    @Autowired
    DeliveryBreakers breakers;
    @Autowired
    CamelContext camelContext;

    @Test
    void anApplicationsWayThroughTheHubIsOneTrace() {
        breakers.reset("lab");
        sync("lab");
        SPANS.reset();
        String correlationId = "traced-request-1";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "traced-1");
        headers.add(Correlation.HEADER, correlationId);

        ResponseEntity<String> submitted = http.postForEntity("/api/v1/applications",
                new HttpEntity<>(SampleApplications.carImport().toString(), headers), String.class);

        String id = json(submitted).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !webhookCalls(id).isEmpty());
        SpanData intake = await().atMost(Duration.ofSeconds(10)).until(() -> spans().stream()
                        .filter(s -> uri(s).startsWith("rest://post:/api/v1/applications")).findFirst(),
                Optional::isPresent).get();
        assertThat(intake.getAttributes().get(CORRELATION)).isEqualTo(correlationId);
        String trace = intake.getTraceId();

        // the queue does not break the trace: it travels on the message (traceparent) with the application
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans())
                .filteredOn(s -> s.getTraceId().equals(trace)).extracting(TracingTest::step)
                .contains("EVENT_SENT jms://queue:bawaba.applications.lab",
                        "EVENT_RECEIVED jms://queue:bawaba.applications.lab",
                        "EVENT_RECEIVED direct://application-prepare",
                        "EVENT_SENT " + ENTITY_SYSTEMS.baseUrl() + ENTITY_PATH,
                        "EVENT_RECEIVED direct://application-accepted",
                        "EVENT_SENT jms://queue:bawaba.webhooks",
                        "EVENT_RECEIVED jms://queue:bawaba.webhooks",
                        "EVENT_SENT " + ENTITY_SYSTEMS.baseUrl() + WEBHOOK));
        assertThat(spans()).filteredOn(s -> uri(s).equals("direct://application-prepare")
                        && s.getAttributes().get(CORRELATION) != null)
                .singleElement().satisfies(prepare -> {
                    assertThat(prepare.getTraceId()).isEqualTo(trace);
                    assertThat(prepare.getAttributes().get(CORRELATION)).isEqualTo(correlationId);
                });
        // the entity and the app backend can join the trace: W3C trace context on the calls to them
        String traceparent = "00-" + trace + "-[0-9a-f]{16}-01";
        ENTITY_SYSTEMS.verify(postRequestedFor(urlPathEqualTo(ENTITY_PATH))
                .withHeader("Idempotency-Key", equalTo(id))
                .withHeader("traceparent", matching(traceparent))
                .withHeader(Correlation.HEADER, equalTo(correlationId)));
        assertThat(webhookCalls(id)).allSatisfy(call -> assertThat(call.getHeader("traceparent")).matches(traceparent));
        assertThat(camelContext.hasService(org.apache.camel.telemetry.Tracer.class)).isNotNull();
    }

    private static List<SpanData> spans() {
        return SPANS.getFinishedSpanItems();
    }

    private static String uri(SpanData span) {
        String uri = span.getAttributes().get(AttributeKey.stringKey("camel.uri"));
        return uri == null ? "" : uri;
    }

    /** What a span stands for: a message received by a route or sent to an endpoint, and the endpoint (no query). */
    private static String step(SpanData span) {
        return span.getAttributes().get(AttributeKey.stringKey("op")) + " " + uri(span).replaceFirst("\\?.*$", "");
    }

    private static List<LoggedRequest> webhookCalls(String id) {
        return ENTITY_SYSTEMS.findAll(postRequestedFor(urlPathEqualTo(WEBHOOK))
                .withRequestBody(matchingJsonPath("$.applicationId", equalTo(id))));
    }
}
