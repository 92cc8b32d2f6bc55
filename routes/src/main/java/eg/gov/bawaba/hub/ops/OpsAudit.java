package eg.gov.bawaba.hub.ops;

import eg.gov.bawaba.hub.audit.HashChain;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log of operations actions: who did what to which entity, when, and how it ended; append-only, and one
 * hash chain whose head (hash and length) is kept in {@code audit_chain_head}, so an altered or removed record shows
 * ({@link eg.gov.bawaba.hub.audit.AuditVerifier}).
 */
@Repository
public class OpsAudit {

    /** The name of the chain's head row in {@code audit_chain_head}. */
    public static final String CHAIN = "ops_audit";

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

    /**
     * Appends a record. The chain's head row, locked for the transaction, serialises appends across threads and hub
     * instances; actions are rare, so the wait is short.
     */
    @Transactional
    public void record(String actor, String action, String entityId, String target, Outcome outcome, String detail) {
        record Head(String hash, long count) {}
        Head head = jdbc.query("SELECT head_hash, record_count FROM audit_chain_head WHERE chain_name = ? FOR UPDATE",
                (rs, n) -> new Head(rs.getString(1), rs.getLong(2)), CHAIN).stream().findFirst().orElse(null);
        if (head == null) {
            // a new database (or one whose head was removed: then the verifier finds the chain longer than its head)
            jdbc.update("INSERT INTO audit_chain_head (chain_name, head_hash, record_count) VALUES (?, NULL, 0)", CHAIN);
            head = new Head(null, 0);
        }
        Instant at = HashChain.stored(clock.instant());
        String fittedTarget = HashChain.fit(target, 2000);
        String fittedDetail = HashChain.fit(detail, 2000);
        String hash = HashChain.next(head.hash(),
                chained(at, actor, action, entityId, fittedTarget, outcome.name(), fittedDetail));
        jdbc.update("INSERT INTO ops_audit (at, actor, action, entity_id, target, outcome, detail, prev_hash, hash) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor, action, entityId, fittedTarget, outcome.name(),
                fittedDetail, head.hash(), hash);
        jdbc.update("UPDATE audit_chain_head SET head_hash = ?, record_count = ? WHERE chain_name = ?",
                hash, head.count() + 1, CHAIN);
    }

    /** The canonical content of an audit record, as {@link HashChain} hashes it. */
    public static Object[] chained(Instant at, String actor, String action, String entityId, String target,
                                   String outcome, String detail) {
        return new Object[] {at, actor, action, entityId, target, outcome, detail};
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
}
