package eg.gov.bawaba.connectors;

import eg.gov.bawaba.connectors.soap.SoapApplicationDelivery;
import eg.gov.bawaba.connectors.soap.SoapFaultException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;

/**
 * Failure policy of every application delivery, applied in the delivery call's fallback. A permanent refusal (HTTP
 * 4xx other than 408 and 429) rejects the application. Any other failure sends the message back to its queue, where
 * the broker redelivers it with backoff, until the entity's {@code maxAttempts} are used while its circuit breaker
 * is closed; then it is dead-lettered. A failure while the breaker is open or half-open never dead-letters: the
 * entity is known to be down and its applications wait in the queue.
 */
public final class DeliveryFailures {

    /** In: properties {@link ApplicationConnector#APPLICATION_ID} and {@link #FAILURE}; the hub records the attempt. */
    public static final String ATTEMPT_FAILED = "direct:application-attempt-failed";
    /** In: as {@link #ATTEMPT_FAILED}; the hub records the failure and moves the message to the dead letter queue. */
    public static final String DEAD_LETTER = "direct:application-dead-letter";
    /** Exchange property: what a delivery came to (ACCEPTED, REJECTED, DEAD_LETTER, RETRY). */
    public static final String OUTCOME = "bawabaDeliveryOutcome";
    /** Exchange property: the failure of the attempt, as text. */
    public static final String FAILURE = "bawabaDeliveryFailure";
    public static final String MAX_ATTEMPTS = "bawabaMaxAttempts";
    public static final String BREAKER = "bawabaBreaker";

    private DeliveryFailures() {}

    /** Decides what a failed delivery call means; runs as the circuit breaker's fallback. */
    public static void classify(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, cause);
        if (http != null && permanent(http)) {
            exchange.setProperty(OUTCOME, "REJECTED");
            exchange.setProperty(ApplicationConnector.REJECTION_REASON, reason(http));
            return;
        }
        // a SOAP Client/Sender fault refuses the application itself; other faults are retried like a 5xx
        SoapFaultException fault = ObjectHelper.getException(SoapFaultException.class, cause);
        if (fault != null && SoapApplicationDelivery.refusal(fault)) {
            exchange.setProperty(OUTCOME, "REJECTED");
            String text = fault.getMessage();
            exchange.setProperty(ApplicationConnector.REJECTION_REASON, text.length() > 1000 ? text.substring(0, 1000) : text);
            return;
        }
        exchange.setProperty(FAILURE, describe(cause)
                + EntityTls.hint(exchange.getProperty(ApplicationConnector.ENTITY_ID, String.class), cause));
        int delivery = exchange.getProperty(ApplicationConnector.DELIVERY_COUNT, 1, Integer.class);
        boolean entityKnownDown = breakerState(exchange) != CircuitBreaker.State.CLOSED;
        exchange.setProperty(OUTCOME, !entityKnownDown
                && delivery >= exchange.getProperty(MAX_ATTEMPTS, Integer.MAX_VALUE, Integer.class)
                ? "DEAD_LETTER" : "RETRY");
    }

    /**
     * Decides what a failed mapping means, in the catch around the hub's prepare step: a mapping that ran out of time
     * may pass (retried like a failed call); any other failure is the same on every attempt, so it is dead-lettered at
     * once instead of looping through the queue.
     */
    public static void unmappable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String message = cause == null || cause.getMessage() == null ? "the entity's mapping failed" : cause.getMessage();
        if (message.toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
            classify(exchange);
        } else {
            exchange.setProperty(OUTCOME, "DEAD_LETTER");
            exchange.setProperty(FAILURE, message);
        }
    }

    /** Fails the exchange so the transacted consumer rolls the message back onto its queue. */
    public static void retryLater(Exchange exchange) {
        exchange.setException(new EntityDeliveryException(exchange.getProperty(FAILURE, String.class)));
    }

    /** An HTTP 4xx other than 408 (timeout) and 429 (throttled): the entity refused this application for good. */
    static boolean permanent(HttpOperationFailedException e) {
        int status = e.getStatusCode();
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    static String reason(HttpOperationFailedException e) {
        String body = e.getResponseBody() == null ? "" : e.getResponseBody().strip();
        return "HTTP " + e.getStatusCode() + (body.isEmpty() ? "" : ": " + (body.length() > 1000 ? body.substring(0, 1000) : body));
    }

    private static CircuitBreaker.State breakerState(Exchange exchange) {
        CircuitBreaker breaker = exchange.getContext().getRegistry()
                .lookupByNameAndType(exchange.getProperty(BREAKER, String.class), CircuitBreaker.class);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.getState();
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            // the time limiter or an open breaker ended the call without an exception on the exchange
            return "no answer within the time limit, or the circuit breaker refused the call";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** The failure that sends an application back to its queue. */
    public static final class EntityDeliveryException extends RuntimeException {
        public EntityDeliveryException(String failure) {
            super(failure);
        }
    }
}
