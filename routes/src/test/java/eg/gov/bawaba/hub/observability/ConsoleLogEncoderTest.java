package eg.gov.bawaba.hub.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** The console's two faces: JSON lines with the MDC fields for log stores, Spring Boot's text pattern for people. */
class ConsoleLogEncoderTest {

    private final LoggerContext context = new LoggerContext();

    ConsoleLogEncoderTest() {
        // as Spring Boot's logging system provides it to the structured formats
        context.putObject(Environment.class.getName(), new MockEnvironment()
                .withProperty("spring.application.name", "bawaba"));
    }

    @Test
    void writesOneJsonObjectPerLineWithTheMdcFields() throws Exception {
        ConsoleLogEncoder encoder = encoder("ecs");

        String line = new String(encoder.encode(event()), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        JsonNode json = CanonicalJson.mapper().readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("Delivering application a-1 to lab");
        assertThat(json.get("correlationId").asText()).isEqualTo("backend:req-1");
        assertThat(json.get("applicationId").asText()).isEqualTo("a-1");
        assertThat(json.at("/service/name").asText()).isEqualTo("bawaba");
    }

    @Test
    void writesTextWhenAskedTo() {
        ConsoleLogEncoder encoder = encoder("text");

        String line = new String(encoder.encode(event()), StandardCharsets.UTF_8);

        assertThat(line).isEqualTo("INFO lab-delivery Delivering application a-1 to lab [backend:req-1]\n");
    }

    @Test
    void masksIdentifiersInTheMessageAndItsExceptionInBothFormats() throws Exception {
        LoggingEvent event = new LoggingEvent(ConsoleLogEncoderTest.class.getName(), context.getLogger("lab-delivery"),
                Level.WARN, "Entity refused citizen {}", new IllegalStateException("passport A12345678 unknown"),
                new Object[] {"29001011234567"});
        event.setMDCPropertyMap(Map.of("correlationId", "backend:req-1", "applicationId", "a-1"));

        String text = new String(encoder("text").encode(event), StandardCharsets.UTF_8);
        JsonNode json = CanonicalJson.mapper().readTree(new String(encoder("ecs").encode(event), StandardCharsets.UTF_8));

        assertThat(text).startsWith("WARN lab-delivery Entity refused citizen ••••••••••••67 [backend:req-1]")
                .contains("IllegalStateException: passport •••••••78 unknown")
                .doesNotContain("29001011234567").doesNotContain("A12345678");
        assertThat(json.get("message").asText()).isEqualTo("Entity refused citizen ••••••••••••67");
        assertThat(json.toString()).doesNotContain("29001011234567").doesNotContain("A12345678");
        assertThat(json.get("correlationId").asText()).isEqualTo("backend:req-1");
    }

    @Test
    void masksTheCorrelationIdsIdentifierAndEMailsButNotTheHubsOwnIds() throws Exception {
        LoggingEvent event = new LoggingEvent(ConsoleLogEncoderTest.class.getName(), context.getLogger("lab-delivery"),
                Level.INFO, "Application {} of req-29901015550002 confirmed to someone@example.com", null,
                new Object[] {"35cd612b-2d3e-4065-b2a5-d6850079246f"});
        event.setMDCPropertyMap(Map.of("correlationId", "req-29901015550002", "applicationId",
                "35cd612b-2d3e-4065-b2a5-d6850079246f", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"));

        JsonNode json = CanonicalJson.mapper().readTree(
                new String(encoder("ecs").encode(event), StandardCharsets.UTF_8));

        assertThat(json.get("message").asText()).isEqualTo("Application 35cd612b-2d3e-4065-b2a5-d6850079246f of "
                + "req-••••••••••••02 confirmed to •••••••@•••••••.•om");
        assertThat(json.get("correlationId").asText()).isEqualTo("req-••••••••••••02");
        assertThat(json.get("applicationId").asText()).isEqualTo("35cd612b-2d3e-4065-b2a5-d6850079246f");
        assertThat(json.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.toString()).doesNotContain("29901015550002").doesNotContain("someone@");
    }

    @Test
    void refusesAFormatItDoesNotKnow() {
        assertThatThrownBy(() -> encoder("yaml")).hasMessageContaining("yaml").hasMessageContaining("logstash");
    }

    private ConsoleLogEncoder encoder(String format) {
        ConsoleLogEncoder encoder = new ConsoleLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setPattern("%level %logger %msg [%X{correlationId}]%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private LoggingEvent event() {
        LoggingEvent event = new LoggingEvent(ConsoleLogEncoderTest.class.getName(), context.getLogger("lab-delivery"),
                Level.INFO, "Delivering application {} to {}", null, new Object[] {"a-1", "lab"});
        event.setMDCPropertyMap(Map.of("correlationId", "backend:req-1", "applicationId", "a-1", "entityId", "lab"));
        return event;
    }
}
