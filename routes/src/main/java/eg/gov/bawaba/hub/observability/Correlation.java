package eg.gov.bawaba.hub.observability;

import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.hub.privacy.Identifiers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * The one correlation id an application carries from the app backend's request to the entity and back: its name on
 * every hop, what an acceptable id is, and the logging context ({@code correlationId}, {@code applicationId},
 * {@code entityId}) of the work done for one application.
 */
public final class Correlation {

    /** HTTP header, in and out: the app backend's request and our answers, calls to entities, the webhook. */
    public static final String HEADER = ApplicationConnector.CORRELATION_HEADER;
    /** JMS property of an application's queue message (and of its dead letter, and of its webhook notification). */
    public static final String JMS_PROPERTY = "bawabaCorrelationId";
    /** Exchange property while an application is handled. */
    public static final String PROPERTY = ApplicationConnector.CORRELATION_ID;
    /** Span attribute, when tracing is on, to find an application's spans by the id the app backend knows. */
    public static final String SPAN_ATTRIBUTE = "bawaba.correlation_id";

    public static final String MDC_CORRELATION_ID = "correlationId";
    public static final String MDC_APPLICATION_ID = "applicationId";
    public static final String MDC_ENTITY_ID = "entityId";

    // what fits the column and can travel in an HTTP header, a JMS property and a log field unescaped
    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");
    // one of VALID's characters, so that a masked id is still an id; a letter, so it is never read as a digit
    private static final char ID_MASK = 'x';

    private Correlation() {}

    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * The caller's id when it is acceptable, with what looks like a personal identifier in it masked
     * ({@link #masked}); otherwise a new one: never stores or forwards what a caller made up.
     */
    public static String acceptOrCreate(String incoming) {
        return valid(incoming) ? masked(incoming) : create();
    }

    /**
     * The id with its identifier-like parts (a run of six or more digits, with a passport's letter prefix; see
     * {@link Identifiers}) masked with {@code x} but the last two characters, so that it stays a valid id:
     * {@code req-29901015550002} becomes {@code req-xxxxxxxxxxxx02}. A masked id is its own mask; a UUID is unchanged.
     */
    public static String masked(String id) {
        return Identifiers.masked(id, ID_MASK);
    }

    public static String create() {
        return UUID.randomUUID().toString();
    }

    /** Opens the logging context of one application's work; {@link Scope#close()} puts back what was there before. */
    public static Scope open(String correlationId, String applicationId, String entityId) {
        Scope scope = new Scope();
        scope.put(MDC_CORRELATION_ID, correlationId);
        scope.put(MDC_APPLICATION_ID, applicationId);
        scope.put(MDC_ENTITY_ID, entityId);
        return scope;
    }

    /** The logging context of the application an exchange is handling, from its exchange properties. */
    public static Scope open(Exchange exchange) {
        return open(exchange.getProperty(PROPERTY, String.class),
                exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class),
                exchange.getProperty(ApplicationConnector.ENTITY_ID, String.class));
    }

    /** Names the application on the exchange, so every later step logs (and calls the entity) with its id. */
    public static void onExchange(Exchange exchange, String correlationId, String applicationId, String entityId) {
        exchange.setProperty(PROPERTY, correlationId);
        exchange.setProperty(ApplicationConnector.APPLICATION_ID, applicationId);
        exchange.setProperty(ApplicationConnector.ENTITY_ID, entityId);
    }

    /** Marks the current span (a no-op while tracing is off) with the correlation id. */
    public static void tagSpan(String correlationId) {
        if (correlationId != null) {
            Span.current().setAttribute(SPAN_ATTRIBUTE, correlationId);
        }
    }

    /**
     * The W3C trace context of the current span as message headers ({@code traceparent}), empty while tracing is off.
     * A message sent with them continues the current trace even though it is sent from a new exchange.
     */
    public static Map<String, Object> traceHeaders() {
        Map<String, Object> headers = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
        return headers;
    }

    /** A logging context that restores the previous values of its keys when closed (threads are pooled). */
    public static final class Scope implements AutoCloseable {

        private final Map<String, String> previous = new HashMap<>();

        private Scope() {}

        /** Sets one key for the rest of the scope; a null value leaves the key as it was. */
        public Scope put(String key, String value) {
            if (value == null) {
                return this;
            }
            if (!previous.containsKey(key)) {
                previous.put(key, MDC.get(key));
            }
            MDC.put(key, value);
            return this;
        }

        @Override
        public void close() {
            previous.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }
}
