package eg.gov.bawaba.hub.experts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The deliveries of expert profile events to subscribed entities, with what became of each. */
@Repository
public class ExpertDeliveryStore {

    /** What a delivery tells the entity: the profile (new or changed) or that the entity must drop it. */
    public enum Event { PUBLISHED, WITHDRAWN }

    /**
     * PENDING (written, not yet on the queue), QUEUED, DELIVERED, REJECTED (refused for good by the entity), FAILED
     * (dead-lettered after its attempts), SKIPPED (nothing left to send, e.g. consent withdrawn before delivery),
     * DISCARDED (an operator took its dead letter out for good, with a reason).
     */
    public enum Status { PENDING, QUEUED, DELIVERED, REJECTED, FAILED, SKIPPED, DISCARDED }

    public record Delivery(String id, String expertId, String entityId, Event event, Status status,
                           String correlationId, int attempts, String entityReference, String note, Instant createdAt,
                           Instant updatedAt) {}

    private static final String COLUMNS = "id, expert_id, entity_id, event, status, correlation_id, attempts, "
            + "entity_reference, note, created_at, updated_at";

    private final JdbcTemplate jdbc;

    public ExpertDeliveryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Delivery d) {
        jdbc.update("INSERT INTO expert_delivery (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", d.id(),
                d.expertId(), d.entityId(), d.event().name(), d.status().name(), d.correlationId(), d.attempts(),
                d.entityReference(), d.note(), utc(d.createdAt()), utc(d.updatedAt()));
    }

    public Optional<Delivery> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM expert_delivery WHERE id = ?", ExpertDeliveryStore::row, id)
                .stream().findFirst();
    }

    /** Moves a delivery from one of {@code from} to {@code to}; false when it was in none of them. */
    public boolean transition(String id, Collection<Status> from, Status to, String reference, String note, Instant at) {
        List<Object> args = new ArrayList<>(List.of(to.name(), utc(at)));
        args.add(reference);
        args.add(note);
        args.add(id);
        from.forEach(s -> args.add(s.name()));
        return jdbc.update("UPDATE expert_delivery SET status = ?, updated_at = ?, "
                + "entity_reference = COALESCE(?, entity_reference), note = COALESCE(?, note) WHERE id = ? AND status IN ("
                + String.join(", ", from.stream().map(s -> "?").toList()) + ")", args.toArray()) == 1;
    }

    /** Keeps a failed attempt's failure, and counts it against the retry budget when {@code counted}. */
    public void attemptFailed(String id, boolean counted, String note, Instant at) {
        if (counted) {
            jdbc.update("UPDATE expert_delivery SET attempts = attempts + 1, first_failed_at = COALESCE(first_failed_at, ?), "
                    + "note = ?, updated_at = ? WHERE id = ?", utc(at), note, utc(at), id);
        } else {
            jdbc.update("UPDATE expert_delivery SET note = ?, updated_at = ? WHERE id = ?", note, utc(at), id);
        }
    }

    /** A replayed dead letter starts its retry budget again: an operator judged the cause gone. */
    public void resetAttempts(String id) {
        jdbc.update("UPDATE expert_delivery SET attempts = 0, first_failed_at = NULL WHERE id = ?", id);
    }

    /** When the first counted attempt of a delivery failed, if one did: the start of its {@code retryFor} budget. */
    public Optional<Instant> firstFailedAt(String id) {
        return jdbc.query("SELECT first_failed_at FROM expert_delivery WHERE id = ?",
                (rs, n) -> rs.getObject(1, OffsetDateTime.class), id).stream()
                .filter(java.util.Objects::nonNull).map(OffsetDateTime::toInstant).findFirst();
    }

    /** Removes the notes (entities' refusal texts, failures) of deliveries whose expert's personal data was purged. */
    public int forgetNotesOfPurgedExperts() {
        return jdbc.update("UPDATE expert_delivery SET note = NULL WHERE note IS NOT NULL AND expert_id IN "
                + "(SELECT id FROM expert WHERE personal_data_purged_at IS NOT NULL)");
    }

    /** The event of the latest delivery of this expert to this entity, if there was one. */
    public Optional<Event> latestEvent(String expertId, String entityId) {
        return jdbc.query("SELECT event FROM expert_delivery WHERE expert_id = ? AND entity_id = ? "
                                + "ORDER BY created_at DESC, id DESC FETCH FIRST 1 ROWS ONLY",
                        (rs, n) -> Event.valueOf(rs.getString(1)), expertId, entityId)
                .stream().findFirst();
    }

    /** Deliveries written but never sent to their queue (the hub stopped in between), oldest first. */
    public List<Delivery> pendingBefore(Instant cutoff, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM expert_delivery WHERE status = ? AND created_at < ? "
                + "ORDER BY created_at FETCH FIRST " + limit + " ROWS ONLY", ExpertDeliveryStore::row,
                Status.PENDING.name(), utc(cutoff));
    }

    /** The newest deliveries, optionally of one entity and/or in one status. */
    public List<Delivery> newest(String entityId, Status status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM expert_delivery WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (entityId != null) {
            sql.append(" AND entity_id = ?");
            args.add(entityId);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        sql.append(" ORDER BY created_at DESC, id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.query(sql.toString(), ExpertDeliveryStore::row, args.toArray());
    }

    /** How many deliveries are in each status, optionally of one entity. */
    public Map<Status, Long> countsByStatus(String entityId) {
        Map<Status, Long> counts = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            counts.put(s, 0L);
        }
        String sql = "SELECT status, COUNT(*) FROM expert_delivery" + (entityId == null ? "" : " WHERE entity_id = ?")
                + " GROUP BY status";
        jdbc.query(sql, rs -> {
            counts.put(Status.valueOf(rs.getString(1)), rs.getLong(2));
        }, entityId == null ? new Object[0] : new Object[] {entityId});
        return counts;
    }

    private static Delivery row(ResultSet rs, int rowNum) throws SQLException {
        return new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), Event.valueOf(rs.getString(4)),
                Status.valueOf(rs.getString(5)), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                instant(rs, 10), instant(rs, 11));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
