package eg.gov.bawaba.hub.applications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.hub.observability.Correlation;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Pushes each status change to the app backend's webhook, signed: {@code X-Bawaba-Signature: sha256=<hex>} is the
 * HMAC-SHA256, with the shared secret, of {@code <X-Bawaba-Timestamp>.<body>}. A non-2xx answer or no answer rolls
 * the message back onto its queue, and the broker retries with backoff until the backend acknowledges it. The
 * application's correlation id travels as {@code X-Correlation-Id} (and as {@code correlationId} in the body).
 */
@Component
public class WebhookRoutes extends RouteBuilder {

    public static final String SIGNATURE = "X-Bawaba-Signature";
    public static final String TIMESTAMP = "X-Bawaba-Timestamp";

    private final String url;
    private final String secret;
    private final Clock clock;

    public WebhookRoutes(@Value("${bawaba.webhook.url:}") String url, @Value("${bawaba.webhook.secret:}") String secret,
                         Clock clock) {
        this.url = url;
        this.secret = secret;
        this.clock = clock;
    }

    @Override
    public void configure() {
        if (url.isBlank()) {
            // no app backend to notify (a development hub): StatusNotifications queues nothing either
            return;
        }
        if (secret.isBlank()) {
            throw new IllegalStateException("bawaba.webhook.secret must be set when bawaba.webhook.url is");
        }
        from("jms:queue:{{bawaba.webhook.queue:bawaba.webhooks}}?transacted=true")
                .routeId("applications-webhook")
                .errorHandler(defaultErrorHandler().maximumRedeliveries(0).logStackTrace(false))
                .process(WebhookRoutes::correlate)
                .process(this::sign)
                .to("{{bawaba.webhook.url}}");
    }

    /** Names the application on the exchange, from the notification's JMS properties or, for an older one, its body. */
    private static void correlate(Exchange exchange) {
        String correlationId = exchange.getIn().getHeader(Correlation.JMS_PROPERTY, String.class);
        String applicationId = exchange.getIn().getHeader(ApplicationConnector.APPLICATION_ID, String.class);
        if (correlationId == null) {
            try {
                JsonNode event = CanonicalJson.mapper().readTree(exchange.getIn().getBody(String.class));
                correlationId = event.path("correlationId").asText(null);
                applicationId = event.path("applicationId").asText(null);
            } catch (JsonProcessingException notJson) {
                // sent as it is: naming it in the logs must not hold a notification back
            }
        }
        Correlation.onExchange(exchange, correlationId, applicationId,
                exchange.getIn().getHeader(ApplicationConnector.ENTITY_ID, String.class));
    }

    private void sign(Exchange exchange) {
        String body = exchange.getIn().getBody(String.class);
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        exchange.getIn().removeHeaders("*");
        String correlationId = exchange.getProperty(Correlation.PROPERTY, String.class);
        if (correlationId != null) {
            exchange.getIn().setHeader(Correlation.HEADER, correlationId);
        }
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setHeader(TIMESTAMP, timestamp);
        exchange.getIn().setHeader(SIGNATURE, "sha256=" + hmac(secret, timestamp + "." + body));
    }

    /** HMAC-SHA256 of the text with the secret, in lower-case hex: what a receiver recomputes to verify. */
    public static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
