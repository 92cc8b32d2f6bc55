package eg.gov.bawaba.connectors;

import eg.gov.bawaba.connectors.soap.SoapFaultException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;
import org.springframework.stereotype.Component;

/**
 * Retry policy shared by every call Bawaba makes to an entity system: I/O errors, timeouts, HTTP 5xx and SOAP Server
 * faults are retried with exponential backoff, as many times as the entity's own {@value #RETRIES_PROPERTY} exchange
 * property allows.
 */
@Component
public class ConnectorErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "entity-calls";
    public static final String RETRIES_PROPERTY = "bawabaRetries";

    // Retries differ per entity, so the limit is read from the exchange rather than fixed in the policy.
    // Camel counts the redelivery about to happen before asking, so the first retry sees counter 1.
    private static final Predicate WITHIN_ENTITY_RETRIES = exchange ->
            exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class)
                    <= exchange.getProperty(RETRIES_PROPERTY, 2, Integer.class);

    private static boolean serverError(Exchange exchange) {
        Throwable failure = exchange.getException() != null
                ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        // a SOAP Server/Receiver fault is the SOAP form of a 5xx: the entity's own trouble, which may pass
        SoapFaultException fault = ObjectHelper.getException(SoapFaultException.class, failure);
        return http != null && http.getStatusCode() >= 500 || fault != null && fault.receiverFault();
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                // The caller journals every failed call with its cause; a stack trace per sync would only be noise.
                .errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false))
                .onException(IOException.class, TimeoutException.class)
                    .retryWhile(WITHIN_ENTITY_RETRIES)
                    .redeliveryDelay("{{bawaba.connectors.retry-delay:500}}")
                    .useExponentialBackOff()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                .end()
                .onException(HttpOperationFailedException.class, SoapFaultException.class)
                    .onWhen(ConnectorErrorHandling::serverError)
                    .retryWhile(WITHIN_ENTITY_RETRIES)
                    .redeliveryDelay("{{bawaba.connectors.retry-delay:500}}")
                    .useExponentialBackOff()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                .end();
    }
}
