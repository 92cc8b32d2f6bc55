package eg.gov.bawaba.connectors;

import eg.gov.bawaba.connectors.soap.SoapApplicationDelivery;
import eg.gov.bawaba.connectors.soap.SoapFaultException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.util.ObjectHelper;

/**
 * Failure policy of every application delivery, applied in the delivery call's fallback. A permanent refusal (HTTP
 * 4xx other than 408 and 429) rejects the application. Any other failure sends the message back to its queue, where
 * the broker redelivers it with capped exponential backoff, until the application's retry budget is used: its
 * {@code maxAttempts}, or with {@code retryFor} the time since its first counted failure. Only calls that reached the
 * entity while its circuit breaker was closed count: a call the breaker refused never reached it (HELD, nothing
 * recorded), and the breaker's half-open trial call probes the entity, not the application. Nothing is dead-lettered
 * while the breaker is open or half-open. The count lives with the application in the hub's database, so a crash does
 * not reset it.
 *
 * <p>Towards the breaker, an application failing again after the entity answered others counts once, and a refusal
 * for good counts as an answer (the entity works), so one poison application cannot open the breaker and hold every
 * other delivery.
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
    /** Exchange property: the retry budget in milliseconds since the first counted failure; 0 to count attempts. */
    public static final String RETRY_FOR = "bawabaRetryFor";
    public static final String BREAKER = "bawabaBreaker";
    /** Exchange property set by the hub's prepare step: counted attempts before this one (0 on the first). */
    public static final String ATTEMPTS_MADE = "bawabaAttemptsMade";
    /** Exchange property set by the hub's prepare step: when the first counted attempt failed, an Instant, or absent. */
    public static final String FIRST_FAILED_AT = "bawabaFirstFailedAt";
    /** Exchange property for the hub's attempt-failed step: the number of this attempt, or absent when not counted. */
    public static final String COUNTED_ATTEMPT = "bawabaCountedAttempt";
    /** Exchange property: the {@link Call} of this delivery. */
    public static final String CALL = "bawabaDeliveryCall";
    /** A new {@link Call} for each exchange: shared with the breaker's copy of the exchange, which cannot report back. */
    public static final Expression NEW_CALL = new ExpressionAdapter() {
        @Override
        public Object evaluate(Exchange exchange) {
            return new Call();
        }
    };

    /** Whether the call began inside the breaker, and in which breaker state. */
    public static final class Call {
        private volatile boolean started;
        private volatile boolean trial;

        public boolean started() {
            return started;
        }

        /** A half-open breaker's trial call: it probes the entity, so it is not held against the application. */
        public boolean trial() {
            return trial;
        }
    }

    private DeliveryFailures() {}

    /** Decides what a failed delivery call means; runs as the circuit breaker's fallback. */
    public static void classify(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Call started = exchange.getProperty(CALL, Call.class);
        if (ObjectHelper.getException(CallNotPermittedException.class, cause) != null
                || cause == null && started != null && !started.started()) {
            exchange.setProperty(OUTCOME, "HELD");
            exchange.setProperty(FAILURE, "the entity's circuit breaker is open: the call was not made");
            return;
        }
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
        Call call = exchange.getProperty(CALL, Call.class);
        if (call != null && call.trial()) {
            // RETRY without a counted attempt: the hub notes it, the application's budget stays as it was
            exchange.setProperty(OUTCOME, "RETRY");
            return;
        }
        int attempt = exchange.getProperty(ATTEMPTS_MADE, 0, Integer.class) + 1;
        exchange.setProperty(COUNTED_ATTEMPT, attempt);
        boolean entityKnownDown = breakerState(exchange) != CircuitBreaker.State.CLOSED;
        exchange.setProperty(OUTCOME, !entityKnownDown && budgetUsed(exchange, attempt) ? "DEAD_LETTER" : "RETRY");
    }

    /** Whether this counted attempt uses the application's budget up: attempts, or time with {@code retryFor}. */
    static boolean budgetUsed(Exchange exchange, int attempt) {
        long retryFor = exchange.getProperty(RETRY_FOR, 0L, Long.class);
        if (retryFor <= 0) {
            return attempt >= exchange.getProperty(MAX_ATTEMPTS, Integer.MAX_VALUE, Integer.class);
        }
        Instant first = exchange.getProperty(FIRST_FAILED_AT, Instant.class);
        return first != null && Duration.between(first, Instant.now()).toMillis() >= retryFor;
    }

    /** First step inside the breaker: the call was permitted, and whether it is a half-open trial. */
    public static void callStarted(Exchange exchange) {
        Call call = exchange.getProperty(CALL, Call.class);
        if (call != null) {
            call.started = true;
            call.trial = breakerState(exchange) == CircuitBreaker.State.HALF_OPEN;
        }
    }

    /**
     * Rethrows a failed call to the breaker, marked when it must not count as the entity failing: a refusal for good
     * is an answer ({@link EntityAnswered}), and a poison application counts once ({@link Repeated}).
     */
    public static void forBreaker(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (refusal(cause)) {
            throw new EntityAnswered(cause);
        }
        Call call = exchange.getProperty(CALL, Call.class);
        if ((call == null || !call.trial()) && poison(exchange)) {
            throw new Repeated(cause);
        }
        if (cause instanceof Exception e) {
            throw e;
        }
        throw new IllegalStateException(cause);
    }

    /**
     * Whether this application failed before while the entity has answered other calls since: it is the application
     * that fails, not the entity, so its failure is not held against the entity again. While nothing succeeds, an
     * application's failures all count, so an entity that is down is still found out with few applications queued.
     */
    private static boolean poison(Exchange exchange) {
        Instant firstFailed = exchange.getProperty(FIRST_FAILED_AT, Instant.class);
        if (exchange.getProperty(ATTEMPTS_MADE, 0, Integer.class) == 0 || firstFailed == null) {
            return false;
        }
        Answers answers = exchange.getContext().getRegistry()
                .lookupByNameAndType(Answers.name(exchange.getProperty(BREAKER, String.class)), Answers.class);
        return answers != null && answers.last().isAfter(firstFailed);
    }

    /** When the entity last answered a delivery call well; bound beside its breaker under {@link #name}. */
    public static final class Answers {
        private volatile Instant last = Instant.EPOCH;

        public static String name(String breaker) {
            return breaker + "-answers";
        }

        public void answered(Instant at) {
            last = at;
        }

        public Instant last() {
            return last;
        }
    }

    /** For the entity's breaker: a failure it should ignore (a poison application failing again). */
    public static boolean repeated(Throwable failure) {
        return ObjectHelper.getException(Repeated.class, failure) != null;
    }

    /** For the entity's breaker: whether a failure counts against the entity (not an answer refusing for good). */
    public static boolean entityFailure(Throwable failure) {
        return ObjectHelper.getException(EntityAnswered.class, failure) == null;
    }

    private static boolean refusal(Throwable cause) {
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, cause);
        SoapFaultException fault = ObjectHelper.getException(SoapFaultException.class, cause);
        return http != null && permanent(http) || fault != null && SoapApplicationDelivery.refusal(fault);
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

    /** A refusal for good, rethrown through the breaker: the entity answered, so it counts as working. */
    static final class EntityAnswered extends RuntimeException {
        EntityAnswered(Throwable cause) {
            super(cause == null ? "refused" : cause.getMessage(), cause, false, false);
        }
    }

    /** A poison application failing again, rethrown through the breaker, which ignores it. */
    static final class Repeated extends RuntimeException {
        Repeated(Throwable cause) {
            super(cause == null ? "failed again" : cause.getMessage(), cause, false, false);
        }
    }

    /** The failure that sends an application back to its queue. */
    public static final class EntityDeliveryException extends RuntimeException {
        public EntityDeliveryException(String failure) {
            super(failure);
        }
    }
}
