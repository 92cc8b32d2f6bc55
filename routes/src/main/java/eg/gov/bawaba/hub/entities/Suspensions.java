package eg.gov.bawaba.hub.entities;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Entities an operator suspended: their routes stay stopped, across hub restarts and definition reloads, until an
 * operator resumes them; read on every breaker transition, so they are kept in memory as well.
 */
@Repository
public class Suspensions {

    /** Who suspended an entity, when and why. */
    public record Suspension(String by, Instant at, String reason) {}

    private final JdbcTemplate jdbc;
    private final Map<String, Suspension> cache = new ConcurrentHashMap<>();

    public Suspensions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        cache.putAll(stored());
    }

    /** The suspensions as the database has them now: other hubs of a cluster write there too. */
    Map<String, Suspension> stored() {
        Map<String, Suspension> stored = new HashMap<>();
        jdbc.query("SELECT entity_id, suspended_by, suspended_at, reason FROM entity_suspension", rs -> {
            stored.put(rs.getString(1), new Suspension(rs.getString(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)));
        });
        return stored;
    }

    /** Takes a suspension another hub recorded into this hub's view. */
    void suspendedElsewhere(String entityId, Suspension suspension) {
        cache.put(entityId, suspension);
    }

    /** Takes a resume another hub recorded into this hub's view. */
    void resumedElsewhere(String entityId) {
        cache.remove(entityId);
    }

    /** The entities this hub knows as suspended. */
    Set<String> suspended() {
        return Set.copyOf(cache.keySet());
    }

    public Optional<Suspension> of(String entityId) {
        return Optional.ofNullable(cache.get(entityId));
    }

    public boolean isSuspended(String entityId) {
        return cache.containsKey(entityId);
    }

    void suspend(String entityId, Suspension suspension) {
        jdbc.update("DELETE FROM entity_suspension WHERE entity_id = ?", entityId);
        jdbc.update("INSERT INTO entity_suspension (entity_id, suspended_by, suspended_at, reason) VALUES (?, ?, ?, ?)",
                entityId, suspension.by(), OffsetDateTime.ofInstant(suspension.at(), ZoneOffset.UTC), suspension.reason());
        cache.put(entityId, suspension);
    }

    void resume(String entityId) {
        jdbc.update("DELETE FROM entity_suspension WHERE entity_id = ?", entityId);
        cache.remove(entityId);
    }
}
