package eg.gov.bawaba.hub.audit;

import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.ops.OpsAudit;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks the hash chains of the application histories and of the ops audit: every record's hash against its content,
 * every link to the record before, and each chain's end against its head; names every record where a chain breaks.
 */
@Component
public class AuditVerifier {

    /** Chain name of the ops audit in a report; an application's history is {@code application/<id>}. */
    public static final String OPS_AUDIT = "ops_audit";

    private static final Logger LOG = LoggerFactory.getLogger(AuditVerifier.class);
    private static final int BATCH = 500;
    private static final int MAX_PROBLEMS = 1000;

    /** Where a chain breaks: the chain, the record's id (seq or audit id; null for the chain as a whole), and why. */
    public record Problem(String chain, Long record, String problem) {}

    /** The outcome of one verification; intact when there is no problem. */
    public record Report(Instant verifiedAt, long applications, long historyRecords, long auditRecords,
                         String auditHead, List<Problem> problems, boolean problemsCut) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditVerifier(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Report verify() {
        Instant started = clock.instant();
        Problems problems = new Problems();
        long[] histories = verifyHistories(problems);
        verifyOrphans(problems);
        Chain audit = verifyOpsAudit(problems);
        Report report = new Report(started, histories[0], histories[1], audit.count, audit.headHash, problems.list,
                problems.cut);
        // the heads, in the log store: an anchor outside the database, for comparing later runs
        LOG.info("Audit verified: {}; ops audit {} records, head {}; {} applications, {} history records",
                report.intact() ? "intact" : problems.list.size() + " problems", audit.count, audit.headHash,
                histories[0], histories[1]);
        return report;
    }

    private long[] verifyHistories(Problems problems) {
        long applications = 0;
        long records = 0;
        String after = "";
        while (true) {
            List<String> ids = jdbc.queryForList("SELECT id FROM application WHERE id > ? ORDER BY id FETCH FIRST "
                    + BATCH + " ROWS ONLY", String.class, after);
            if (ids.isEmpty()) {
                return new long[] {applications, records};
            }
            // heads and records in one statement, so one snapshot: an append in between cannot look like tampering
            Map<String, Head> heads = new LinkedHashMap<>();
            Map<String, List<Row>> events = new LinkedHashMap<>();
            String in = String.join(", ", ids.stream().map(id -> "?").toList());
            jdbc.query("SELECT a.id, a.history_head, a.history_count, e.seq, e.status, e.detail, e.at, e.prev_hash, "
                    + "e.hash FROM application a LEFT JOIN application_event e ON e.application_id = a.id "
                    + "WHERE a.id IN (" + in + ") ORDER BY a.id, e.seq", rs -> {
                        String id = rs.getString(1);
                        heads.putIfAbsent(id, new Head(rs.getString(2), rs.getLong(3)));
                        List<Row> rows = events.computeIfAbsent(id, k -> new ArrayList<>());
                        if (rs.getObject(4) != null) {
                            rows.add(new Row(rs.getLong(4), rs.getString(8), rs.getString(9), ApplicationStore.chained(
                                    id, rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant())));
                        }
                    }, ids.toArray());
            for (Map.Entry<String, Head> head : heads.entrySet()) {
                List<Row> rows = events.get(head.getKey());
                records += rows.size();
                verifyChain("application/" + head.getKey(), rows, head.getValue(), problems);
            }
            applications += heads.size();
            after = ids.get(ids.size() - 1);
        }
    }

    private void verifyOrphans(Problems problems) {
        jdbc.query("SELECT e.application_id, MIN(e.seq) FROM application_event e LEFT JOIN application a "
                        + "ON a.id = e.application_id WHERE a.id IS NULL GROUP BY e.application_id",
                rs -> {
                    problems.add(new Problem("application/" + rs.getString(1), rs.getLong(2),
                            "history records remain but the application itself was removed"));
                });
    }

    private Chain verifyOpsAudit(Problems problems) {
        List<Row> rows = new ArrayList<>();
        Head[] joined = new Head[1];
        // the head joined to every record, so both come from one snapshot
        jdbc.query("SELECT o.id, o.at, o.actor, o.action, o.entity_id, o.target, o.outcome, o.detail, o.prev_hash, "
                + "o.hash, h.chain_name, h.head_hash, h.record_count FROM ops_audit o LEFT JOIN audit_chain_head h "
                + "ON h.chain_name = ? ORDER BY o.id", rs -> {
                    if (joined[0] == null && rs.getString(11) != null) {
                        joined[0] = new Head(rs.getString(12), rs.getLong(13));
                    }
                    rows.add(new Row(rs.getLong(1), rs.getString(9), rs.getString(10), OpsAudit.chained(
                            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8))));
                }, OpsAudit.CHAIN);
        Head head = joined[0];
        if (rows.isEmpty()) {
            head = jdbc.query("SELECT head_hash, record_count FROM audit_chain_head WHERE chain_name = ?",
                    (rs, n) -> new Head(rs.getString(1), rs.getLong(2)), OpsAudit.CHAIN).stream().findFirst()
                    .orElse(new Head(null, 0));
        } else if (head == null) {
            problems.add(new Problem(OPS_AUDIT, null, "the chain's head (audit_chain_head) was removed"));
            head = new Head(rows.get(rows.size() - 1).hash, rows.size());
        }
        verifyChain(OPS_AUDIT, rows, head, problems);
        return new Chain(rows.size(), head.hash);
    }

    /** One chain: each record against its hash and its link to the one before, and the last against the head. */
    private static void verifyChain(String chain, List<Row> rows, Head head, Problems problems) {
        String previousHash = null;
        Long previousId = null;
        boolean brokenLink = false;
        for (Row row : rows) {
            if (row.hash == null) {
                problems.add(new Problem(chain, row.id, "record " + row.id + " has no hash: it was written outside "
                        + "the hub"));
            } else if (!row.hash.equals(HashChain.next(row.prevHash, row.content))) {
                problems.add(new Problem(chain, row.id, "record " + row.id
                        + " was altered: its content no longer matches its hash"));
            }
            if (!Objects.equals(row.prevHash, previousHash)) {
                brokenLink = true;
                problems.add(new Problem(chain, row.id, previousId == null
                        ? "record " + row.id + " is the first left but follows another: earlier records were removed"
                        : "record " + row.id + " does not follow record " + previousId
                                + ": a record between them was removed, or record " + previousId + " was rewritten"));
            }
            previousHash = row.hash;
            previousId = row.id;
        }
        if (Objects.equals(previousHash, head.hash)) {
            if (rows.size() != head.count && !brokenLink) {
                problems.add(new Problem(chain, null, "the chain holds " + rows.size() + " records but its head counts "
                        + head.count));
            }
            // otherwise a count that differs is the broken link already named
        } else if (rows.size() < head.count) {
            problems.add(new Problem(chain, previousId, (previousId == null ? "the chain has no record left"
                    : "the chain ends at record " + previousId) + " but its head counts " + head.count + " records, not "
                    + rows.size() + ": the last " + (head.count - rows.size()) + " were removed"));
        } else if (rows.size() > head.count) {
            Row first = rows.get((int) head.count);
            problems.add(new Problem(chain, first.id, "record " + first.id + " and any after it lie beyond the chain's "
                    + "head (" + head.count + " records): added outside the hub"));
        } else {
            problems.add(new Problem(chain, previousId, "the chain ends at record " + previousId
                    + ", whose hash is not the chain's head: the last record was replaced"));
        }
    }

    private record Head(String hash, long count) {}

    private record Row(long id, String prevHash, String hash, Object[] content) {}

    private record Chain(long count, String headHash) {}

    /** The problems found, up to a cap: past it, the report says so instead of growing without end. */
    private static final class Problems {
        final List<Problem> list = new ArrayList<>();
        boolean cut;

        void add(Problem problem) {
            if (list.size() < MAX_PROBLEMS) {
                list.add(problem);
            } else {
                cut = true;
            }
        }
    }
}
