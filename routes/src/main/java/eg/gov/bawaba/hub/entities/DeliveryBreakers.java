package eg.gov.bawaba.hub.entities;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.DeliveryFailures;
import eg.gov.bawaba.connectors.definition.DurationText;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per entity for application delivery. While it is open, the entity's delivery
 * route is suspended, so its applications wait in the queue instead of burning delivery attempts; when the breaker
 * lets a trial call through (half-open), the route resumes.
 */
@Component
public class DeliveryBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBreakers.class);

    private final CamelContext camel;
    private final Suspensions suspensions;
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    // suspending waits for in-flight exchanges, and the transition fires on one of them: never on that thread
    private final ExecutorService routeControl = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "delivery-breakers");
        t.setDaemon(true);
        return t;
    });

    public DeliveryBreakers(CamelContext camel, Suspensions suspensions) {
        this.camel = camel;
        this.suspensions = suspensions;
    }

    /** Creates (or re-creates) the entity's breaker, binds it in Camel's registry and returns the name it is bound to. */
    public String bind(String entityId, String routeId, JsonNode settings) {
        return bind(name(entityId), entityId, routeId, settings);
    }

    /**
     * The breaker of the entity's expert profile deliveries: apart from its applications' one, since the two go to
     * different endpoints of the entity and one failing must not hold the other.
     */
    public String bindExperts(String entityId, String routeId, JsonNode settings) {
        return bind(expertsName(entityId), entityId, routeId, settings);
    }

    public CircuitBreaker.State expertsState(String entityId) {
        return breakers.find(expertsName(entityId)).map(CircuitBreaker::getState).orElse(CircuitBreaker.State.DISABLED);
    }

    private static String name(String entityId) {
        return entityId + "-delivery-breaker";
    }

    private static String expertsName(String entityId) {
        return entityId + "-experts-breaker";
    }

    private String bind(String name, String entityId, String routeId, JsonNode settings) {
        breakers.remove(name);
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.path("failureRateThreshold").asInt(50))
                .minimumNumberOfCalls(settings.path("minimumCalls").asInt(4))
                .slidingWindowSize(Math.max(settings.path("minimumCalls").asInt(4), 10))
                .waitDurationInOpenState(settings.has("openFor")
                        ? DurationText.parse(settings.get("openFor").asText()) : Duration.ofSeconds(30))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                // one poison application must not open the breaker, nor a refusal for good, which is an answer
                .ignoreException(DeliveryFailures::repeated)
                .recordException(DeliveryFailures::entityFailure)
                .build();
        CircuitBreaker breaker = breakers.circuitBreaker(name, config);
        DeliveryFailures.Answers answers = new DeliveryFailures.Answers();
        breaker.getEventPublisher().onSuccess(event -> answers.answered(event.getCreationTime().toInstant()));
        camel.getRegistry().bind(DeliveryFailures.Answers.name(name), answers);
        breaker.getEventPublisher().onStateTransition(event -> routeControl.submit(() -> {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            try {
                if (to == CircuitBreaker.State.OPEN && camel.getRoute(routeId) != null) {
                    LOG.warn("Entity {} is failing: delivery route {} suspended, messages wait in its queue", entityId,
                            routeId);
                    camel.getRouteController().suspendRoute(routeId);
                } else if (to != CircuitBreaker.State.OPEN && camel.getRoute(routeId) != null
                        && !suspensions.isSuspended(entityId)) {
                    LOG.info("Entity {}: delivery route {} resumed ({})", entityId, routeId, to);
                    camel.getRouteController().resumeRoute(routeId);
                }
            } catch (Exception e) {
                LOG.error("Could not {} route {}: {}", to == CircuitBreaker.State.OPEN ? "suspend" : "resume", routeId,
                        e.getMessage());
            }
        }));
        camel.getRegistry().bind(name, breaker);
        return name;
    }

    /** Closes the entity's breaker and forgets its failures, e.g. after the entity reports it is back. */
    public void reset(String entityId) {
        breakers.find(name(entityId)).ifPresent(CircuitBreaker::reset);
    }

    public CircuitBreaker.State state(String entityId) {
        return breakers.find(name(entityId)).map(CircuitBreaker::getState)
                .orElse(CircuitBreaker.State.DISABLED);
    }
}
