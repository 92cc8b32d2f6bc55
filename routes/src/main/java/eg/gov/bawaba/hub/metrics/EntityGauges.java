package eg.gov.bawaba.hub.metrics;

import static eg.gov.bawaba.hub.metrics.HubMetrics.DIRECTION;
import static eg.gov.bawaba.hub.metrics.HubMetrics.ENTITY;
import static eg.gov.bawaba.hub.metrics.HubMetrics.OUTBOUND;

import eg.gov.bawaba.connectors.definition.EntityDefinition;
import eg.gov.bawaba.hub.applications.QueueDepths;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.EntityStatus;
import eg.gov.bawaba.hub.entities.UnknownEntityException;
import eg.gov.bawaba.hub.experts.ExpertDeliveries;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Per-entity gauges (up, delivery circuit state, queue and dead-letter depth, the same for expert profile deliveries) as snapshots taken by {@link #refresh()}:
 * each refresh replaces every row, so an entity added at runtime gains its gauges and a removed one loses them.
 */
@Component
public class EntityGauges {

    public static final String ENTITY_UP = "bawaba.entity.up";
    public static final String CIRCUIT_STATE = "bawaba.circuit.state";
    public static final String QUEUE_DEPTH = "bawaba.queue.depth";
    public static final String DEAD_LETTER_DEPTH = "bawaba.dead.letter.depth";
    public static final String EXPERT_CIRCUIT_STATE = "bawaba.expert.circuit.state";
    public static final String EXPERT_QUEUE_DEPTH = "bawaba.expert.queue.depth";
    public static final String EXPERT_DEAD_LETTER_DEPTH = "bawaba.expert.dead.letter.depth";

    private static final Logger LOG = LoggerFactory.getLogger(EntityGauges.class);

    private final EntityRegistry entities;
    private final DeliveryBreakers breakers;
    private final QueueDepths depths;
    private final MultiGauge up;
    private final MultiGauge circuit;
    private final MultiGauge queueDepth;
    private final MultiGauge deadLetterDepth;
    private final ExpertDeliveries expertQueues;
    private final MultiGauge expertCircuit;
    private final MultiGauge expertQueueDepth;
    private final MultiGauge expertDeadLetterDepth;

    public EntityGauges(MeterRegistry registry, EntityRegistry entities, DeliveryBreakers breakers, QueueDepths depths,
                        ExpertDeliveries expertQueues) {
        this.entities = entities;
        this.breakers = breakers;
        this.depths = depths;
        this.expertQueues = expertQueues;
        this.expertCircuit = MultiGauge.builder(EXPERT_CIRCUIT_STATE)
                .description("Expert profile delivery circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
        this.expertQueueDepth = MultiGauge.builder(EXPERT_QUEUE_DEPTH)
                .description("Expert profile deliveries waiting in the entity's experts queue").register(registry);
        this.expertDeadLetterDepth = MultiGauge.builder(EXPERT_DEAD_LETTER_DEPTH)
                .description("Expert profile deliveries in the entity's experts dead letter queue").register(registry);
        this.up = MultiGauge.builder(ENTITY_UP).description("1 while the entity runs, 0 while its definition is disabled")
                .register(registry);
        this.circuit = MultiGauge.builder(CIRCUIT_STATE)
                .description("Delivery circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
        this.queueDepth = MultiGauge.builder(QUEUE_DEPTH).description("Applications waiting for delivery")
                .register(registry);
        this.deadLetterDepth = MultiGauge.builder(DEAD_LETTER_DEPTH)
                .description("Applications in the dead letter queue, waiting for an operator")
                .register(registry);
    }

    /** Takes a new snapshot of every known entity. */
    public synchronized void refresh() {
        List<MultiGauge.Row<?>> ups = new ArrayList<>();
        List<MultiGauge.Row<?>> circuits = new ArrayList<>();
        List<MultiGauge.Row<?>> queued = new ArrayList<>();
        List<MultiGauge.Row<?>> deadLettered = new ArrayList<>();
        expertGauges();
        for (EntityStatus status : entities.statuses()) {
            String id = status.id();
            Tags entity = Tags.of(ENTITY, id);
            ups.add(MultiGauge.Row.of(entity, status.state() == EntityStatus.State.RUNNING ? 1 : 0));
            if (!takesApplications(status)) {
                continue;
            }
            Integer state = circuitValue(breakers.state(id));
            if (state != null) {
                circuits.add(MultiGauge.Row.of(entity.and(DIRECTION, OUTBOUND), state));
            }
            try {
                queued.add(MultiGauge.Row.of(entity, depths.depth(id)));
                deadLettered.add(MultiGauge.Row.of(entity, depths.deadLetterDepth(id)));
            } catch (RuntimeException e) {
                // an unreachable external broker: better no depth than a wrong one
                LOG.warn("Queue depths of {} unavailable: {}", id, e.getMessage());
            }
        }
        up.register(ups, true);
        circuit.register(circuits, true);
        queueDepth.register(queued, true);
        deadLetterDepth.register(deadLettered, true);
    }

    /** The gauges of the running entities subscribed to expert profiles. */
    private void expertGauges() {
        List<MultiGauge.Row<?>> circuits = new ArrayList<>();
        List<MultiGauge.Row<?>> queued = new ArrayList<>();
        List<MultiGauge.Row<?>> deadLettered = new ArrayList<>();
        for (EntityDefinition subscriber : entities.subscribedToExperts()) {
            Tags entity = Tags.of(ENTITY, subscriber.id());
            Integer state = circuitValue(breakers.expertsState(subscriber.id()));
            if (state != null) {
                circuits.add(MultiGauge.Row.of(entity.and(DIRECTION, OUTBOUND), state));
            }
            try {
                queued.add(MultiGauge.Row.of(entity, depths.count(expertQueues.queue(subscriber.id()))));
                deadLettered.add(MultiGauge.Row.of(entity, depths.count(expertQueues.deadLetterQueue(subscriber.id()))));
            } catch (RuntimeException e) {
                LOG.warn("Expert queue depths of {} unavailable: {}", subscriber.id(), e.getMessage());
            }
        }
        expertCircuit.register(circuits, true);
        expertQueueDepth.register(queued, true);
        expertDeadLetterDepth.register(deadLettered, true);
    }

    /**
     * A running entity with an applications section; a disabled one that delivered before (its breaker exists) may
     * still hold applications in its queues.
     */
    private boolean takesApplications(EntityStatus status) {
        if (status.state() == EntityStatus.State.RUNNING) {
            try {
                return entities.running(status.id()).definition().applications() != null;
            } catch (UnknownEntityException e) {
                return false; // disabled since statuses() was read; the next refresh sees it as such
            }
        }
        return breakers.state(status.id()) != CircuitBreaker.State.DISABLED;
    }

    static Integer circuitValue(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
            default -> null;
        };
    }
}
