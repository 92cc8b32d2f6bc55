package eg.gov.bawaba.hub.ops;

import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.EntityStatus;
import java.util.Iterator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/** The {@code entities} component of /actuator/health: one component per configured entity, as they come and go. */
@Component("entities")
public class EntityHealthContributor implements CompositeHealthContributor {

    /** Works, but badly: an operator should look; maps to HTTP 200 so orchestrators leave the hub alone. */
    public static final Status DEGRADED = new Status("DEGRADED", "works with failures; see the reasons");

    private final EntityRegistry registry;
    private final EntityHealth health;

    public EntityHealthContributor(EntityRegistry registry, EntityHealth health) {
        this.registry = registry;
        this.health = health;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return registry.isKnown(name) ? indicator(name) : null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return registry.statuses().stream().map(EntityStatus::id)
                .map(id -> NamedContributor.of(id, (HealthContributor) indicator(id))).iterator();
    }

    private HealthIndicator indicator(String entityId) {
        return () -> {
            EntityHealth.Assessment a = health.assess(entityId);
            Health.Builder builder = switch (a.level()) {
                case UP -> Health.up();
                case DEGRADED -> Health.status(DEGRADED);
                case DOWN -> Health.down();
            };
            return builder.withDetail("reasons", a.reasons()).build();
        };
    }
}
