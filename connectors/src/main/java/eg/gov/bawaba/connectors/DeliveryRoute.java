package eg.gov.bawaba.connectors;

import static org.apache.camel.builder.Builder.constant;
import static org.apache.camel.builder.Builder.exchangeProperty;
import static org.apache.camel.builder.Builder.header;

import eg.gov.bawaba.mappings.MappingDefinitionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.support.DefaultMessage;

/**
 * The route every delivery kind shares (applications and expert profiles alike): consume the entity's queue in a JMS
 * transaction, let the hub prepare the request, call the entity inside its circuit breaker, and hand the outcome to
 * the hub's steps. A kind supplies only its own preparation, its call and what it reads from an acceptance.
 *
 * <p>Template parameters it declares: entityId, queue, breaker, maxAttempts, retryFor (millis, 0 when the budget is
 * counted in attempts), hubSteps, consumers and timeoutMillis (the kind gives their defaults).
 */
public final class DeliveryRoute {

    /** What a delivery kind adds to the shared route; its preparation leaves OUTCOME at ACCEPTED to go on. */
    public interface Kind {
        /** After the hub's prepare step: turn the body into the entity's request. */
        ProcessorDefinition<?> prepare(ProcessorDefinition<?> route);

        /** In the catch of a mapping failure, e.g. {@link DeliveryFailures#unmappable}. */
        ProcessorDefinition<?> unmappable(ProcessorDefinition<?> route);

        /** The call to the entity, inside its breaker. */
        ProcessorDefinition<?> call(ProcessorDefinition<?> route);

        /** Before the hub's accepted step, e.g. read the entity's reference from its answer. */
        default ProcessorDefinition<?> accepted(ProcessorDefinition<?> route) {
            return route;
        }
    }

    private DeliveryRoute() {}

    /** Declares the parameters every delivery template takes. */
    public static void parameters(RouteTemplateDefinition template) {
        template.templateParameter("entityId")
                .templateParameter("queue")
                .templateParameter("breaker")
                .templateParameter("maxAttempts")
                .templateParameter("retryFor", "0")
                .templateParameter(ApplicationConnector.HUB_STEPS, ApplicationConnector.DEFAULT_HUB_STEPS);
    }

    /**
     * The consumer of the entity's queue with the properties every kind needs; a kind adds its own, then calls
     * {@link #deliver}.
     */
    public static RouteDefinition consume(RouteTemplateDefinition template) {
        EntityCallThreads.registerFor(template);
        // a failed attempt is one WARN line of the hub's step; the listener container and Camel's error handler
        // would each add an ERROR with a stack trace for what is only a rollback onto the queue
        // a local transaction on each listener's own session (no transaction manager), so its session and consumer
        // are kept for the next message instead of opened and closed per message; the queues have consumer window 0
        // (BrokerPolicy), so a kept consumer holds nothing while its route is on hold. What the hub's steps send on
        // this thread (a dead letter, a status notification) joins the listener's session and commits with it
        RouteDefinition route = template.from("jms:queue:{{queue}}?transacted=true&lazyCreateTransactionManager=false"
                + "&cacheLevelName=CACHE_CONSUMER&concurrentConsumers={{consumers}}"
                + "&errorHandlerLoggingLevel=DEBUG&errorHandlerLogStackTrace=false");
        route.onException(DeliveryFailures.EntityDeliveryException.class)
                .handled(false).logExhausted(false).logStackTrace(false).logRetryAttempted(false)
                .end();
        return route.setProperty(ApplicationConnector.DELIVERY_COUNT, header("JMSXDeliveryCount"))
                .setProperty(DeliveryFailures.MAX_ATTEMPTS, constant("{{maxAttempts}}"))
                .setProperty(DeliveryFailures.RETRY_FOR, constant("{{retryFor}}"))
                .setProperty(DeliveryFailures.BREAKER, constant("{{breaker}}"));
    }

    /**
     * Puts the entity's request, as the hub prepared it, in a plain message in place of the queue's: what the queue
     * message said is on the exchange's properties by now, and the breaker copies the message for its call, which for
     * a JMS message means reading the JMS message's headers and traits again (a sixth of the call thread's CPU in a
     * profile). No queue header goes on to the entity either.
     */
    static void detachFromQueueMessage(Exchange exchange) {
        Message plain = new DefaultMessage(exchange);
        plain.setBody(exchange.getIn().getBody());
        exchange.setIn(plain);
    }

    /** Prepares, calls the entity through its breaker and hands the outcome to the hub. */
    public static void deliver(ProcessorDefinition<?> route, Kind kind) {
        Resilience4jConfigurationDefinition settings = new Resilience4jConfigurationDefinition();
        EntityCallThreads.use(settings);
        settings.setCircuitBreaker("{{breaker}}");
        settings.setThrowExceptionWhenHalfOpenOrOpenState("true");
        settings.setTimeoutEnabled("true");
        settings.setTimeoutDuration("{{timeoutMillis}}");

        route.setProperty(DeliveryFailures.OUTCOME, constant("ACCEPTED"))
                .setProperty(DeliveryFailures.CALL, DeliveryFailures.NEW_CALL);
        // prepared outside the breaker: a mapping problem says nothing about the entity's health
        TryDefinition preparing = route.doTry();
        kind.prepare(preparing.to(ApplicationConnector.HUB_PREPARE).process(DeliveryRoute::detachFromQueueMessage));
        kind.unmappable(preparing.doCatch(MappingDefinitionException.class));
        preparing.end();

        FilterDefinition ready = route.filter(exchangeProperty(DeliveryFailures.OUTCOME).isEqualTo("ACCEPTED"));
        CircuitBreakerDefinition breaker = ready.circuitBreaker().resilience4jConfiguration(settings);
        breaker.process(DeliveryFailures::callStarted);
        TryDefinition calling = breaker.doTry();
        kind.call(calling);
        // marks what the breaker must not count: a refusal for good, or the same application failing again
        calling.doCatch(Exception.class).process(DeliveryFailures::forBreaker);
        calling.end();
        breaker.onFallback().process(DeliveryFailures::classify);
        breaker.end();
        ready.end();

        ChoiceDefinition outcome = route.choice();
        kind.accepted(outcome.when(exchangeProperty(DeliveryFailures.OUTCOME).isEqualTo("ACCEPTED")))
                .to(ApplicationConnector.HUB_ACCEPTED);
        outcome.when(exchangeProperty(DeliveryFailures.OUTCOME).isEqualTo("REJECTED"))
                .to(ApplicationConnector.HUB_REJECTED);
        outcome.when(exchangeProperty(DeliveryFailures.OUTCOME).isEqualTo("DEAD_LETTER"))
                .to(ApplicationConnector.HUB_DEAD_LETTER);
        // the breaker refused the call: nothing reached the entity, so nothing is recorded or counted
        outcome.when(exchangeProperty(DeliveryFailures.OUTCOME).isEqualTo("HELD"))
                .process(DeliveryFailures::retryLater);
        outcome.otherwise()
                .to(ApplicationConnector.HUB_ATTEMPT_FAILED)
                .process(DeliveryFailures::retryLater);
        outcome.end();
    }
}
