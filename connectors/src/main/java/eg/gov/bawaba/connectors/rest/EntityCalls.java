package eg.gov.bawaba.connectors.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.SecretSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Steps of an application delivery over HTTP: the request's headers and credentials, and the entity's reference. */
final class EntityCalls {

    static final String AUTH_TYPE = "bawabaAuthType";
    static final String AUTH_HEADER = "bawabaAuthHeader";
    static final String SECRET_ENV = "bawabaSecretEnv";
    static final String USERNAME_ENV = "bawabaUsernameEnv";
    static final String SECRET_FILE = "bawabaSecretFile";
    static final String USERNAME_FILE = "bawabaUsernameFile";
    static final String REFERENCE_POINTER = "bawabaReferencePointer";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EntityCalls() {}

    static void prepareJsonPost(Exchange exchange) {
        Message in = exchange.getIn();
        // JMS and stale CamelHttp* headers would otherwise be sent to the entity or redirect the call
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Idempotency-Key", exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class));
        correlate(exchange);
        String authType = exchange.getProperty(AUTH_TYPE, "none", String.class);
        if ("api-key".equals(authType)) {
            in.setHeader(exchange.getProperty(AUTH_HEADER, String.class), secret(exchange, SECRET_ENV, SECRET_FILE));
        } else if ("basic".equals(authType)) {
            String pair = secret(exchange, USERNAME_ENV, USERNAME_FILE) + ":" + secret(exchange, SECRET_ENV, SECRET_FILE);
            in.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Sends the application's correlation id along, so the entity's logs can be matched with the hub's. */
    static void correlate(Exchange exchange) {
        String correlationId = exchange.getProperty(ApplicationConnector.CORRELATION_ID, String.class);
        if (correlationId != null) {
            exchange.getIn().setHeader(ApplicationConnector.CORRELATION_HEADER, correlationId);
        }
    }

    static void takeReference(Exchange exchange) {
        String body = exchange.getIn().getBody(String.class);
        try {
            JsonNode answer = body == null || body.isBlank() ? null : JSON.readTree(body);
            JsonNode reference = answer == null ? null : answer.at(exchange.getProperty(REFERENCE_POINTER, String.class));
            if (reference != null && !reference.isMissingNode() && !reference.isNull()) {
                exchange.setProperty(ApplicationConnector.ENTITY_REFERENCE, reference.asText());
            }
        } catch (Exception notJson) {
            // an acceptance without a readable reference is still an acceptance; status callbacks then use our id
        }
    }

    private static String secret(Exchange exchange, String envProperty, String fileProperty) {
        return new SecretSource(exchange.getProperty(envProperty, String.class),
                exchange.getProperty(fileProperty, String.class)).require(exchange.getContext());
    }
}
