package eg.gov.bawaba.hub.observability;

import eg.gov.bawaba.connectors.ApplicationConnector;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.springframework.stereotype.Component;

/**
 * Gives every route step that handles an application the logging context {@code correlationId}, {@code applicationId}
 * and {@code entityId} from the exchange's properties, for the step's duration only.
 *
 * <p>Each step sets the context on the thread it runs on and restores the thread's previous context when it returns:
 * Camel hops between pooled threads (JMS consumers, the circuit breaker's time limiter), so a context set once per
 * exchange would be missing on the next thread and left behind on the last, stamping other exchanges' lines.
 */
@Component
public class CorrelationLogging implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(AsyncProcessorConverterHelper.convert(target)) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                if (!handlesAnApplication(exchange)) {
                    return processor.process(exchange, callback);
                }
                try (Correlation.Scope ignored = Correlation.open(exchange)) {
                    return processor.process(exchange, callback);
                }
            }
        };
    }

    private static boolean handlesAnApplication(Exchange exchange) {
        return exchange.getProperty(Correlation.PROPERTY) != null
                || exchange.getProperty(ApplicationConnector.APPLICATION_ID) != null
                || exchange.getProperty(ApplicationConnector.ENTITY_ID) != null;
    }
}
