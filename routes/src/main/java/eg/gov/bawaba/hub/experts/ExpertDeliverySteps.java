package eg.gov.bawaba.hub.experts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import eg.gov.bawaba.connectors.definition.ExpertsFeed;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.UnknownEntityException;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Delivery;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Event;
import eg.gov.bawaba.hub.experts.ExpertDeliveryStore.Status;
import eg.gov.bawaba.hub.observability.Correlation;
import eg.gov.bawaba.mappings.CanonicalJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The hub's side of every expert profile delivery route: builds the entity's request from the canonical expert event
 * ({@code schema/canonical-expert-event.schema.json}) and records what the entity answered.
 */
@Component
public class ExpertDeliverySteps {

    private static final Logger LOG = LoggerFactory.getLogger(ExpertDeliverySteps.class);
    private static final List<Status> OPEN = List.of(Status.PENDING, Status.QUEUED);

    private final ExpertDeliveryStore store;
    private final ExpertDeliveries deliveries;
    private final ExpertsIndex index;
    private final ExpertViews views;
    private final EntityRegistry entities;
    private final MeterRegistry meters;
    private final Clock clock;

    public ExpertDeliverySteps(ExpertDeliveryStore store, ExpertDeliveries deliveries, ExpertsIndex index,
                               ExpertViews views, EntityRegistry entities, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.deliveries = deliveries;
        this.index = index;
        this.views = views;
        this.entities = entities;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Loads the delivery named by the message and replaces the body with the entity's request; a delivery already done
     * (its acknowledgement was lost) or with nothing left to send is acknowledged without a call.
     */
    public void prepare(Exchange exchange) {
        String id = exchange.getIn().getBody(String.class);
        exchange.setProperty(ApplicationConnector.APPLICATION_ID, id);
        Delivery delivery = store.find(id).orElse(null);
        if (delivery == null) {
            LOG.error("Queued expert delivery {} is not stored; its message is dropped", id);
            exchange.setRouteStop(true);
            return;
        }
        Correlation.onExchange(exchange, delivery.correlationId(), id, delivery.entityId());
        try (Correlation.Scope ignored = Correlation.open(exchange)) {
            if (!OPEN.contains(delivery.status())) {
                LOG.info("Expert delivery {} is {} already; its redelivered message is acknowledged", id,
                        delivery.status());
                exchange.setRouteStop(true);
                return;
            }
            Optional<ExpertsFeed> feed = feed(delivery.entityId());
            Optional<ExpertsIndex.Entry> expert = index.find(delivery.expertId());
            String skipped = feed.isEmpty() ? "the entity no longer subscribes to expert profiles"
                    : delivery.event() == Event.PUBLISHED && expert.isEmpty()
                    ? "consent was withdrawn before delivery; the withdrawal is delivered instead" : null;
            if (skipped != null) {
                store.transition(id, OPEN, Status.SKIPPED, null, skipped, clock.instant());
                count(delivery.entityId(), "skipped");
                LOG.info("Expert delivery {} skipped: {}", id, skipped);
                exchange.setRouteStop(true);
                return;
            }
            exchange.setProperty(DeliveryFailures.ATTEMPTS_MADE, delivery.attempts());
            if (delivery.attempts() > 0) {
                store.firstFailedAt(id).ifPresent(at -> exchange.setProperty(DeliveryFailures.FIRST_FAILED_AT, at));
            }
            LOG.info("Delivering {} of expert {} to {} (attempt {})", delivery.event(), delivery.expertId(),
                    delivery.entityId(), delivery.attempts() + 1);
            JsonNode request = feed.get().mapping().toEntityRequest(canonical(delivery, expert));
            exchange.getIn().setBody(request.isTextual() ? request.asText() : request.toString());
        }
    }

    private Optional<ExpertsFeed> feed(String entityId) {
        try {
            return Optional.ofNullable(entities.running(entityId).definition().experts());
        } catch (UnknownEntityException e) {
            return Optional.empty();
        }
    }

    private ObjectNode canonical(Delivery delivery, Optional<ExpertsIndex.Entry> expert) {
        ObjectNode event = CanonicalJson.mapper().createObjectNode();
        event.put("event", delivery.event().name());
        event.put("deliveryId", delivery.id());
        event.put("expertId", delivery.expertId());
        event.put("entityId", delivery.entityId());
        event.put("occurredAt", delivery.createdAt().toString());
        event.put("correlationId", delivery.correlationId());
        if (delivery.event() == Event.PUBLISHED) {
            // the profile as it is now, as far as its consent allows: a later change overtakes an earlier one
            event.set("expert", views.consented(expert.orElseThrow()));
        }
        return event;
    }

    public void accepted(Exchange exchange) {
        String id = exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class);
        String reference = exchange.getProperty(ApplicationConnector.ENTITY_REFERENCE, String.class);
        if (store.transition(id, OPEN, Status.DELIVERED, reference, null, clock.instant())) {
            count(exchange, "delivered");
            LOG.info("Expert delivery {} accepted by {}", id, exchange.getProperty(ApplicationConnector.ENTITY_ID));
        }
    }

    public void rejected(Exchange exchange) {
        String id = exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class);
        String reason = exchange.getProperty(ApplicationConnector.REJECTION_REASON, String.class);
        if (store.transition(id, OPEN, Status.REJECTED, null, reason, clock.instant())) {
            count(exchange, "rejected");
            LOG.warn("Expert delivery {} refused by {}", id, exchange.getProperty(ApplicationConnector.ENTITY_ID));
        }
    }

    public void attemptFailed(Exchange exchange) {
        String id = exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class);
        String failure = exchange.getProperty(DeliveryFailures.FAILURE, String.class);
        Integer counted = exchange.getProperty(DeliveryFailures.COUNTED_ATTEMPT, Integer.class);
        LOG.warn("Delivery attempt {} of expert delivery {} failed: {}", counted == null
                ? "(the breaker's trial call, not counted)" : counted, id, failure);
        if (id != null) {
            store.attemptFailed(id, counted != null, failure, clock.instant());
            count(exchange, "attempt_failed");
        }
    }

    public void deadLetter(Exchange exchange) {
        String id = exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class);
        String failure = exchange.getProperty(DeliveryFailures.FAILURE, String.class);
        Delivery delivery = store.find(id).orElseThrow();
        deliveries.deadLetter(delivery, failure);
        store.attemptFailed(id, true, failure, clock.instant());
        store.transition(id, OPEN, Status.FAILED, null, "dead-lettered after "
                + exchange.getProperty(DeliveryFailures.COUNTED_ATTEMPT, delivery.attempts() + 1, Integer.class)
                + " attempts: " + failure, clock.instant());
        count(exchange, "dead_lettered");
        LOG.error("Expert delivery {} dead-lettered: {}", id, failure);
    }

    private void count(Exchange exchange, String outcome) {
        count(exchange.getProperty(ApplicationConnector.ENTITY_ID, String.class), outcome);
    }

    private void count(String entityId, String outcome) {
        meters.counter("bawaba.expert.deliveries", "entity", String.valueOf(entityId), "direction", "outbound",
                "outcome", outcome).increment();
    }
}
