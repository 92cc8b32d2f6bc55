package eg.gov.bawaba.hub.applications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Applications and their status history; every status change is one row of history, in the same transaction. */
@Repository
public class ApplicationStore {

    private static final String COLUMNS = "id, idempotency_key, request_hash, entry_id, entity_id, status, "
            + "entity_reference, correlation_id, personal_data, created_at, updated_at";

    private final JdbcTemplate jdbc;

    public ApplicationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new application with its first status; a second one with the same idempotency key fails. */
    @Transactional
    public void insert(StoredApplication a) {
        jdbc.update("INSERT INTO application (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(), a.idempotencyKey(), a.requestHash(), a.entryId(), a.entityId(), a.status().name(),
                a.entityReference(), a.correlationId(), a.encryptedPersonalData(), utc(a.createdAt()), utc(a.updatedAt()));
        event(a.id(), a.status(), null, a.createdAt());
    }

    /**
     * Moves an application to a new status, only from one of the given ones; false when it was not in any of them
     * (already moved on by another delivery or report).
     */
    @Transactional
    public boolean transition(String id, List<ApplicationStatus> from, ApplicationStatus to, String reference,
                              String detail, Instant at) {
        String placeholders = String.join(", ", from.stream().map(s -> "?").toList());
        Object[] args = new Object[4 + from.size()];
        args[0] = to.name();
        args[1] = reference;
        args[2] = utc(at);
        args[3] = id;
        for (int i = 0; i < from.size(); i++) {
            args[4 + i] = from.get(i).name();
        }
        int updated = jdbc.update("UPDATE application SET status = ?, entity_reference = COALESCE(?, entity_reference), "
                + "updated_at = ? WHERE id = ? AND status IN (" + placeholders + ")", args);
        if (updated == 1) {
            event(id, to, detail, at);
        }
        return updated == 1;
    }

    /** Adds a line of history without changing the status, e.g. a failed delivery attempt. */
    public void note(String id, ApplicationStatus status, String detail, Instant at) {
        event(id, status, detail, at);
    }

    public Optional<StoredApplication> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM application WHERE id = ?", (rs, n) -> row(rs), id)
                .stream().findFirst();
    }

    public Optional<StoredApplication> findByIdempotencyKey(String key) {
        return jdbc.query("SELECT " + COLUMNS + " FROM application WHERE idempotency_key = ?", (rs, n) -> row(rs), key)
                .stream().findFirst();
    }

    public Optional<StoredApplication> findByReference(String entityId, String reference) {
        return jdbc.query("SELECT " + COLUMNS + " FROM application WHERE entity_id = ? AND entity_reference = ?",
                (rs, n) -> row(rs), entityId, reference).stream().findFirst();
    }

    /** Applications stored but not yet enqueued since before the given time: the hub stopped between the two. */
    public List<StoredApplication> receivedBefore(Instant before, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM application WHERE status = 'RECEIVED' AND created_at < ? "
                + "ORDER BY created_at FETCH FIRST " + limit + " ROWS ONLY", (rs, n) -> row(rs), utc(before));
    }

    /**
     * The latest failure notes of the entity's applications still waiting for delivery or dead-lettered (those
     * delivered since no longer count as failing), newest first.
     */
    public List<ApplicationEvent> recentFailures(String entityId, int limit) {
        return jdbc.query("SELECT e.seq, e.status, e.detail, e.at FROM application_event e JOIN application a "
                        + "ON a.id = e.application_id WHERE a.entity_id = ? AND a.status IN ('QUEUED', 'DELIVERY_FAILED') "
                        + "AND ((e.status = 'QUEUED' AND e.detail LIKE 'delivery attempt %') "
                        + "OR (e.status = 'DELIVERY_FAILED' AND e.detail LIKE 'dead-lettered %')) "
                        + "ORDER BY e.seq DESC FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> new ApplicationEvent(rs.getLong(1), ApplicationStatus.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()), entityId);
    }

    public List<ApplicationEvent> history(String id) {
        return jdbc.query("SELECT seq, status, detail, at FROM application_event WHERE application_id = ? ORDER BY seq",
                (rs, n) -> new ApplicationEvent(rs.getLong(1), ApplicationStatus.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()), id);
    }

    private void event(String id, ApplicationStatus status, String detail, Instant at) {
        jdbc.update("INSERT INTO application_event (application_id, status, detail, at) VALUES (?, ?, ?, ?)",
                id, status.name(), detail == null ? null : truncate(detail), utc(at));
    }

    private static StoredApplication row(ResultSet rs) throws SQLException {
        return new StoredApplication(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), ApplicationStatus.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getObject(10, OffsetDateTime.class).toInstant(),
                rs.getObject(11, OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String truncate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }
}
