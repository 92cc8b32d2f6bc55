package eg.gov.bawaba.hub.audit;

import eg.gov.bawaba.hub.applications.ApplicationState;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.applications.PersonalDataCipher;
import eg.gov.bawaba.hub.experts.ExpertProfileKeys;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks the hash chains of the application histories and of the ops audit: every record's hash against its content,
 * every link to the record before, each chain's end against its head, and each application row's fields against the
 * state its last record carries; with the key ring, every bound ciphertext against the record it sits in. Names every
 * record where a chain breaks.
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

    /**
     * The outcome of one verification; intact when there is no problem. {@code keyRing}: whether the personal data
     * keys were at hand, so that {@code ciphertextsAuthenticated} bound ciphertexts could be checked against their rows.
     */
    public record Report(Instant verifiedAt, long applications, long historyRecords, long auditRecords,
                         String auditHead, boolean keyRing, long ciphertextsAuthenticated, List<Problem> problems,
                         boolean problemsCut) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final PersonalDataCipher cipher;

    @Autowired
    public AuditVerifier(JdbcTemplate jdbc, Clock clock, ObjectProvider<PersonalDataCipher> cipher) {
        this(jdbc, clock, cipher.getIfAvailable());
    }

    /** {@code cipher} null: the chains and the rows' states only, no ciphertext authenticated. */
    public AuditVerifier(JdbcTemplate jdbc, Clock clock, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = cipher;
    }

    public Report verify() {
        Instant started = clock.instant();
        Problems problems = new Problems();
        long[] histories = verifyHistories(problems);
        verifyOrphans(problems);
        long authenticated = histories[2] + verifyExpertProfiles(problems);
        Chain audit = verifyOpsAudit(problems);
        Report report = new Report(started, histories[0], histories[1], audit.count, audit.headHash, cipher != null,
                authenticated, problems.list, problems.cut);
        // the heads, in the log store: an anchor outside the database, for comparing later runs
        LOG.info("Audit verified: {}; ops audit {} records, head {}; {} applications, {} history records; {} "
                        + "ciphertexts authenticated{}", report.intact() ? "intact" : problems.list.size() + " problems",
                audit.count, audit.headHash, histories[0], histories[1], authenticated,
                cipher == null ? " (no key ring at hand)" : "");
        return report;
    }

    private long[] verifyHistories(Problems problems) {
        long applications = 0;
        long records = 0;
        long authenticated = 0;
        String after = "";
        while (true) {
            List<String> ids = jdbc.queryForList("SELECT id FROM application WHERE id > ? ORDER BY id FETCH FIRST "
                    + BATCH + " ROWS ONLY", String.class, after);
            if (ids.isEmpty()) {
                return new long[] {applications, records, authenticated};
            }
            // rows, heads and records in one statement, so one snapshot: an append in between cannot look like tampering
            Map<String, Head> heads = new LinkedHashMap<>();
            Map<String, List<Row>> events = new LinkedHashMap<>();
            String in = String.join(", ", ids.stream().map(id -> "?").toList());
            jdbc.query("SELECT a.id, a.history_head, a.history_count, e.seq, e.status, e.detail, e.at, e.prev_hash, "
                    + "e.hash, e.state_hash, " + ApplicationState.select("a.") + " FROM application a "
                    + "LEFT JOIN application_event e ON e.application_id = a.id WHERE a.id IN (" + in + ") "
                    + "ORDER BY a.id, e.seq", rs -> {
                        String id = rs.getString(1);
                        if (!heads.containsKey(id)) {
                            heads.put(id, new Head(rs.getString(2), rs.getLong(3), ApplicationState.digest(id, rs),
                                    rs.getString("st_personal_data")));
                        }
                        List<Row> rows = events.computeIfAbsent(id, k -> new ArrayList<>());
                        if (rs.getObject(4) != null) {
                            String state = rs.getString(10);
                            rows.add(new Row(rs.getLong(4), rs.getString(8), rs.getString(9), ApplicationStore.chained(
                                    id, rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                                    state), state));
                        }
                    }, ids.toArray());
            for (Map.Entry<String, Head> head : heads.entrySet()) {
                String chain = "application/" + head.getKey();
                List<Row> rows = events.get(head.getKey());
                records += rows.size();
                if (verifyChain(chain, rows, head.getValue(), problems)) {
                    verifyState(chain, rows, head.getValue(), problems);
                }
                String sealed = head.getValue().personalData;
                if (sealed != null && authenticate(sealed, ApplicationState.binding(head.getKey()))) {
                    authenticated++;
                } else if (sealed != null && PersonalDataCipher.bound(sealed) && cipher != null
                        && cipher.readable(sealed)) {
                    problems.add(new Problem(chain, null, "its personal data does not belong to it: the ciphertext "
                            + "fails authentication as this application's (moved from another application, or altered)"));
                }
            }
            applications += heads.size();
            after = ids.get(ids.size() - 1);
        }
    }

    /**
     * The row against its history: the last record carries the digest of the row's fields as the hub left them, and
     * every record after the first that carries one carries one too (records of earlier versions carry none).
     */
    private static void verifyState(String chain, List<Row> rows, Head head, Problems problems) {
        if (rows.isEmpty()) {
            return;
        }
        boolean stated = false;
        for (Row row : rows) {
            if (row.state != null) {
                stated = true;
            } else if (stated) {
                problems.add(new Problem(chain, row.id, "record " + row.id + " carries no state of the application "
                        + "though an earlier record does: written outside the hub"));
            }
        }
        Row last = rows.get(rows.size() - 1);
        if (last.state == null) {
            problems.add(new Problem(chain, last.id, "the application row is not bound to its history: its last "
                    + "record " + last.id + " carries no state of the application"));
        } else if (!last.state.equals(head.state)) {
            problems.add(new Problem(chain, null, "the application row was changed outside the hub: its fields ("
                    + String.join(", ", ApplicationState.COLUMNS) + ") no longer match the state its last history "
                    + "record " + last.id + " carries"));
        }
    }

    /**
     * Expert profiles have no history; with the key ring, each bound profile ciphertext is authenticated against the
     * expert it sits in. How many were.
     */
    private long verifyExpertProfiles(Problems problems) {
        if (cipher == null) {
            return 0;
        }
        long authenticated = 0;
        String after = "";
        while (true) {
            List<Map<String, Object>> batch = jdbc.queryForList("SELECT id, personal_data FROM expert WHERE id > ? "
                    + "ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY", after);
            if (batch.isEmpty()) {
                return authenticated;
            }
            for (Map<String, Object> row : batch) {
                String id = (String) row.get("id");
                String sealed = (String) row.get("personal_data");
                if (sealed != null && authenticate(sealed, ExpertProfileKeys.profileBinding(id))) {
                    authenticated++;
                } else if (sealed != null && PersonalDataCipher.bound(sealed) && cipher.readable(sealed)) {
                    problems.add(new Problem("expert/" + id, null, "its profile does not belong to it: the ciphertext "
                            + "fails authentication as this expert's (moved from another expert, or altered)"));
                }
                after = id;
            }
        }
    }

    /**
     * Whether a bound ciphertext authenticates as what it is bound to; false too when it cannot be checked (no key ring,
     * a key not in it, or a ciphertext of an earlier version, bound to nothing).
     */
    private boolean authenticate(String sealed, PersonalDataCipher.Binding binding) {
        if (cipher == null || !PersonalDataCipher.bound(sealed) || !cipher.readable(sealed)) {
            return false;
        }
        try {
            cipher.decrypt(sealed, binding);
            return true;
        } catch (IllegalStateException notItsOwn) {
            return false;
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
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)), null));
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

    /**
     * One chain: each record against its hash and its link to the one before, and the last against the head; whether
     * the chain ends at its head (so its last record is the one the head names).
     */
    private static boolean verifyChain(String chain, List<Row> rows, Head head, Problems problems) {
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
            return true;
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
        return false;
    }

    /** A chain's head; for an application, also the digest of its row's fields and its ciphertext. */
    private record Head(String hash, long count, String state, String personalData) {
        Head(String hash, long count) {
            this(hash, count, null, null);
        }
    }

    /** A record: its content as hashed, and for an application's, the state it carries (null before V14). */
    private record Row(long id, String prevHash, String hash, Object[] content, String state) {}

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
