package eg.gov.bawaba.hub.ops;

import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.hub.catalogue.SyncJournal;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.EntityStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.stereotype.Component;

/**
 * Judges each entity connector: DOWN when it cannot work (definition disabled, suspended by an operator, a route
 * stopped), DEGRADED when it works badly (delivery circuit open or half-open, last sync failed, a definition change
 * rejected), otherwise UP; always with the reasons an operator reads.
 */
@Component
public class EntityHealth {

    /** UP, DEGRADED or DOWN, and why. */
    public enum Level { UP, DEGRADED, DOWN }

    /** An entity's health and the reasons for it (empty when UP). */
    public record Assessment(String entityId, Level level, List<String> reasons) {}

    private final EntityRegistry registry;
    private final DeliveryBreakers breakers;
    private final SyncJournal journal;
    private final CamelContext camel;

    public EntityHealth(EntityRegistry registry, DeliveryBreakers breakers, SyncJournal journal, CamelContext camel) {
        this.registry = registry;
        this.breakers = breakers;
        this.journal = journal;
        this.camel = camel;
    }

    public Assessment assess(EntityStatus status, SyncReport lastSync) {
        String id = status.id();
        List<String> down = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (status.state() == EntityStatus.State.DISABLED) {
            down.add("definition disabled: " + String.join("; ", status.problems()));
            return new Assessment(id, Level.DOWN, down);
        }
        registry.suspension(id).ifPresent(s -> down.add("suspended by " + s.by() + " at " + s.at()
                + (s.reason() == null || s.reason().isBlank() ? "" : ": " + s.reason())));
        CircuitBreaker.State circuit = breakers.state(id);
        boolean circuitHolds = circuit == CircuitBreaker.State.OPEN || circuit == CircuitBreaker.State.HALF_OPEN;
        if (circuitHolds) {
            degraded.add("delivery circuit " + circuit + ": the entity is failing, applications wait in its queue");
        }
        CircuitBreaker.State expertsCircuit = breakers.expertsState(id);
        boolean expertsCircuitHolds = expertsCircuit == CircuitBreaker.State.OPEN
                || expertsCircuit == CircuitBreaker.State.HALF_OPEN;
        if (expertsCircuitHolds) {
            degraded.add("experts delivery circuit " + expertsCircuit
                    + ": the entity is failing, expert profiles wait in its queue");
        }
        if (down.isEmpty()) {
            for (String routeId : registry.routeIds(id)) {
                ServiceStatus route = camel.getRouteController().getRouteStatus(routeId);
                boolean heldByBreaker = (circuitHolds && routeId.equals(ApplicationConnector.deliveryRouteId(id)))
                        || (expertsCircuitHolds && routeId.equals(EntityRegistry.expertsDeliveryRouteId(id)));
                if (route != null && !route.isStarted() && !heldByBreaker) {
                    down.add("route " + routeId + " is " + route.name().toLowerCase());
                }
            }
        }
        if (lastSync != null && lastSync.outcome() == SyncReport.Outcome.FAILED) {
            degraded.add("last catalogue sync (" + lastSync.finishedAt() + ") failed: " + lastSync.error());
        }
        status.problems().forEach(p -> degraded.add(p));
        if (!down.isEmpty()) {
            down.addAll(degraded);
            return new Assessment(id, Level.DOWN, down);
        }
        return new Assessment(id, degraded.isEmpty() ? Level.UP : Level.DEGRADED, degraded);
    }

    public Assessment assess(String entityId) {
        EntityStatus status = registry.status(entityId)
                .orElseThrow(() -> new eg.gov.bawaba.hub.entities.UnknownEntityException(entityId, "is not configured"));
        List<SyncReport> last = journal.history(entityId, 1);
        return assess(status, last.isEmpty() ? null : last.get(0));
    }
}
