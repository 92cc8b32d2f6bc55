package eg.gov.bawaba.hub.ops;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The audit log of operations actions: who did what to which entity, when, and how it ended; append-only. */
@Repository
public class OpsAudit {

    /** DONE: the action took effect; REFUSED: the request was refused (4xx); FAILED: the hub could not complete it. */
    public enum Outcome { DONE, REFUSED, FAILED }

    /** One audited action. */
    public record AuditRecord(long id, Instant at, String actor, String action, String entityId, String target,
                              Outcome outcome, String detail) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public OpsAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String action, String entityId, String target, Outcome outcome, String detail) {
        jdbc.update("INSERT INTO ops_audit (at, actor, action, entity_id, target, outcome, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), actor, action, entityId,
                truncate(target), outcome.name(), truncate(detail));
    }

    /** The newest records first, of one entity or of all when {@code entityId} is null. */
    public List<AuditRecord> latest(String entityId, int limit) {
        List<Object> args = new ArrayList<>();
        String where = "";
        if (entityId != null) {
            where = " WHERE entity_id = ?";
            args.add(entityId);
        }
        return jdbc.query("SELECT id, at, actor, action, entity_id, target, outcome, detail FROM ops_audit" + where
                        + " ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> new AuditRecord(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        Outcome.valueOf(rs.getString(7)), rs.getString(8)), args.toArray());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }
}
