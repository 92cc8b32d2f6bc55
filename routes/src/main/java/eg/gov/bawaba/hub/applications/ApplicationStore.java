package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.hub.audit.HashChain;
import eg.gov.bawaba.hub.observability.Correlation;
import eg.gov.bawaba.hub.security.Owner;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applications and their status history; every change of a row is one row of history, in the same transaction. The
 * history of each application is a hash chain whose head (hash and length) the application row keeps, and each record
 * carries the digest of the row's fields ({@link ApplicationState}), so an altered, removed or added record, and a row
 * changed behind the hub's back, shows ({@link eg.gov.bawaba.hub.audit.AuditVerifier}).
 */
@Repository
public class ApplicationStore {

    /** What a purged application keeps instead of the hash of its request, which was computed over personal data. */
    public static final String PURGED = "purged";

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationStore.class);
    private static final String COLUMNS = "id, idempotency_key, request_hash, entry_id, entity_id, status, "
            + "entity_reference, correlation_id, personal_data, created_at, updated_at, personal_data_purged_at, "
            + "owner_client_id, owner_citizen_hash";

    /** One application's encrypted personal data, for re-encryption. */
    public record PersonalData(String applicationId, String encrypted) {}

    /** How many applications of one entry, entity and status; nothing that names a person. */
    public record StatisticsRow(String entityId, String entryId, ApplicationStatus status, long count) {}

    private final JdbcTemplate jdbc;

    public ApplicationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new application with its first status; a second one with the client's idempotency key fails. */
    @Transactional
    public void insert(StoredApplication a) {
        insertChained(a, List.of(a.status()));
    }

    /**
     * Stores a new application as QUEUED, with its history RECEIVED then QUEUED and its outbox row, in one
     * transaction: the caller sends it after the commit and reports the send to {@link #sent}; the sweep
     * ({@link #outboxBefore}) sends it if the hub stops in between. A second one with the client's idempotency key fails.
     */
    @Transactional
    public void insertQueued(StoredApplication a) {
        if (a.status() != ApplicationStatus.QUEUED) {
            throw new IllegalArgumentException("an application inserted for delivery is QUEUED, not " + a.status());
        }
        insertChained(a, List.of(ApplicationStatus.RECEIVED, ApplicationStatus.QUEUED));
        jdbc.update("INSERT INTO application_outbox (application_id, created_at) VALUES (?, ?)", a.id(),
                utc(a.createdAt()));
    }

    /**
     * Inserts the row with its first history records, each carrying the digest of the row, and the head: one
     * transaction writes them all, so all carry the same state. The digest is computed from the values as the
     * database keeps them (times in microseconds, {@link HashChain#stored}), which are the values inserted, so the row
     * is written once instead of inserted, read back and updated with its head.
     */
    private void insertChained(StoredApplication a, List<ApplicationStatus> history) {
        Instant stamp = HashChain.stored(a.createdAt());
        Instant updated = HashChain.stored(a.updatedAt());
        Instant purged = a.personalDataPurgedAt() == null ? null : HashChain.stored(a.personalDataPurgedAt());
        Map<String, Object> row = new HashMap<>();
        row.put("idempotency_key", a.idempotencyKey());
        row.put("request_hash", a.requestHash());
        row.put("entry_id", a.entryId());
        row.put("entity_id", a.entityId());
        row.put("status", a.status().name());
        row.put("entity_reference", a.entityReference());
        row.put("correlation_id", a.correlationId());
        row.put("personal_data", a.encryptedPersonalData());
        row.put("personal_data_purged_at", purged);
        row.put("created_at", stamp);
        row.put("updated_at", updated);
        row.put("owner_client_id", a.ownerClientId());
        row.put("owner_citizen_hash", a.ownerCitizenHash());
        if (!row.keySet().equals(Set.copyOf(ApplicationState.COLUMNS))) {
            // a column added to the digest must be inserted here too, or every new history would fail verification
            throw new IllegalStateException("the digest covers " + ApplicationState.COLUMNS + ", the insert "
                    + row.keySet());
        }
        String state = ApplicationState.digest(a.id(), row::get);
        List<String> hashes = new ArrayList<>(history.size());
        String previous = null;
        for (ApplicationStatus status : history) {
            previous = HashChain.next(previous, chained(a.id(), status.name(), null, stamp, state));
            hashes.add(previous);
        }
        jdbc.update("INSERT INTO application (" + COLUMNS + ", history_head, history_count) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(), a.idempotencyKey(), a.requestHash(), a.entryId(), a.entityId(), a.status().name(),
                a.entityReference(), a.correlationId(), a.encryptedPersonalData(), utc(stamp), utc(updated),
                purged == null ? null : utc(purged), a.ownerClientId(), a.ownerCitizenHash(), previous,
                history.size());
        for (int i = 0; i < history.size(); i++) {
            jdbc.update("INSERT INTO application_event (application_id, status, detail, at, prev_hash, hash, state_hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", a.id(), history.get(i).name(), null, utc(stamp),
                    i == 0 ? null : hashes.get(i - 1), hashes.get(i), state);
        }
    }

    /**
     * Outbox rows older than {@code before}: applications committed as QUEUED whose send was not confirmed (the hub
     * stopped, or the broker refused, between the commit and the send). Rows whose application is gone are removed.
     */
    public List<StoredApplication> outboxBefore(Instant before, int limit) {
        jdbc.update("DELETE FROM application_outbox o WHERE o.created_at < ? AND NOT EXISTS "
                + "(SELECT 1 FROM application a WHERE a.id = o.application_id)", utc(before));
        return jdbc.query("SELECT " + prefixed("a.") + " FROM application_outbox o JOIN application a "
                + "ON a.id = o.application_id WHERE o.created_at < ? ORDER BY o.created_at FETCH FIRST " + limit
                + " ROWS ONLY", (rs, n) -> row(rs), utc(before));
    }

    /** Removes the outbox rows of applications whose send the broker confirmed; one statement and commit for all. */
    public void sent(Collection<String> ids) {
        if (!ids.isEmpty()) {
            jdbc.update("DELETE FROM application_outbox WHERE application_id IN (" + placeholders(ids.size()) + ")",
                    ids.toArray());
        }
    }

    /**
     * Moves an application to a new status, only from one of the given ones; false when it was not in any of them
     * (already moved on by another delivery or report).
     */
    @Transactional
    public boolean transition(String id, List<ApplicationStatus> from, ApplicationStatus to, String reference,
                              String detail, Instant at) {
        Instant stamp = HashChain.stored(at);
        String text = HashChain.fit(detail, 2000);
        for (int attempt = 1; ; attempt++) {
            Head head = head(id);
            if (head == null || from.stream().noneMatch(s -> s.name().equals(head.status()))) {
                return false;
            }
            Map<String, Object> row = new HashMap<>(head.row());
            row.put("status", to.name());
            if (reference != null) {
                row.put("entity_reference", reference);
            }
            row.put("updated_at", stamp);
            // the row as this update leaves it, so that the status, its history line and the head are one write
            String state = ApplicationState.digest(id, row::get);
            String hash = HashChain.next(head.hash(), chained(id, to.name(), text, stamp, state));
            if (advance(id, head, attempt, "UPDATE application SET status = ?, entity_reference = COALESCE(?, "
                    + "entity_reference), updated_at = ?, history_head = ?, history_count = ? WHERE id = ? "
                    + "AND history_count = ?", to.name(), reference, utc(stamp), hash, head.count() + 1, id,
                    head.count())) {
                insertEvent(id, to.name(), text, stamp, head.hash(), hash, state);
                return true;
            }
        }
    }

    /** Adds a line of history without changing the status, e.g. a failed delivery attempt. */
    @Transactional
    public void note(String id, ApplicationStatus status, String detail, Instant at) {
        event(id, status, detail, at);
    }

    /** The attempts counted against an application's retry budget, and when the first of them failed. */
    public record DeliveryAttempts(int made, Instant firstFailedAt) {}

    /**
     * Records a failed delivery attempt as a line of history, and counts it against the retry budget when
     * {@code counted}; one transaction, so the count survives a crash exactly when the line does.
     */
    @Transactional
    public void attemptFailed(String id, boolean counted, String detail, Instant at) {
        if (counted) {
            jdbc.update("UPDATE application SET delivery_attempts = delivery_attempts + 1, "
                    + "first_failed_at = COALESCE(first_failed_at, ?) WHERE id = ?", utc(at), id);
        }
        event(id, ApplicationStatus.QUEUED, detail, at);
    }

    /** A replayed dead letter starts its retry budget again: an operator judged the cause gone. */
    public void resetDeliveryAttempts(String id) {
        jdbc.update("UPDATE application SET delivery_attempts = 0, first_failed_at = NULL WHERE id = ?", id);
    }

    private static Instant instantOrNull(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    /** An application with the attempts counted against its retry budget, for its next delivery attempt. */
    public record ForDelivery(StoredApplication application, DeliveryAttempts attempts) {}

    /** The application and its delivery attempts, read together: one query per delivery instead of two. */
    public Optional<ForDelivery> findForDelivery(String id) {
        return jdbc.query("SELECT " + COLUMNS + ", delivery_attempts, first_failed_at FROM application WHERE id = ?",
                (rs, n) -> new ForDelivery(row(rs), new DeliveryAttempts(rs.getInt(15),
                        instantOrNull(rs.getObject(16, OffsetDateTime.class)))), id).stream().findFirst();
    }

    public Optional<StoredApplication> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM application WHERE id = ?", (rs, n) -> row(rs), id)
                .stream().findFirst();
    }

    /** The application, only if this caller may see it ({@link Owner#mayAccess}); otherwise as if there were none. */
    public Optional<StoredApplication> findFor(Owner caller, String id) {
        return find(id).filter(a -> caller.mayAccess(a.ownerClientId(), a.ownerCitizenHash()));
    }

    /** The application this client submitted with this idempotency key: each client's keys are its own. */
    public Optional<StoredApplication> findByIdempotencyKey(String clientId, String key) {
        return jdbc.query("SELECT " + COLUMNS + " FROM application WHERE owner_client_id = ? AND idempotency_key = ?",
                (rs, n) -> row(rs), clientId, key).stream().findFirst();
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

    /**
     * Applications after {@code afterId} in id order whose personal data does not start with {@code prefix} (is under
     * another key), at most {@code limit}.
     */
    public List<PersonalData> personalDataNotUnder(String prefix, String afterId, int limit) {
        return jdbc.query("SELECT id, personal_data FROM application WHERE id > ? AND personal_data IS NOT NULL "
                        + "AND personal_data NOT LIKE ? ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> new PersonalData(rs.getString(1), rs.getString(2)), afterId, prefix + "%");
    }

    /**
     * Replaces the encrypted personal data only if it is still {@code expected} (never over a concurrent purge); its
     * history records why, so the chain covers the new ciphertext.
     */
    @Transactional
    public boolean replacePersonalData(String id, String expected, String replacement, String why, Instant at) {
        boolean replaced = jdbc.update("UPDATE application SET personal_data = ? WHERE id = ? AND personal_data = ?",
                replacement, id, expected) == 1;
        if (replaced) {
            event(id, null, why, at);
        }
        return replaced;
    }

    /** How many applications hold personal data whose ciphertext starts with one of the prefixes (all: none given). */
    public long countPersonalData(Collection<String> prefixes) {
        if (prefixes.isEmpty()) {
            return jdbc.queryForObject("SELECT COUNT(*) FROM application WHERE personal_data IS NOT NULL", Long.class);
        }
        String where = String.join(" OR ", prefixes.stream().map(p -> "personal_data LIKE ?").toList());
        return jdbc.queryForObject("SELECT COUNT(*) FROM application WHERE " + where, Long.class,
                prefixes.stream().map(p -> p + "%").toArray());
    }

    /** Applications in one of the statuses, unchanged since before {@code cutoff}, still holding personal data. */
    public List<String> holdingPersonalDataSince(Collection<ApplicationStatus> statuses, Instant cutoff, int limit) {
        List<Object> args = new ArrayList<>(statuses.stream().map(ApplicationStatus::name).toList());
        args.add(utc(cutoff));
        return jdbc.queryForList("SELECT id FROM application WHERE status IN (" + placeholders(statuses.size())
                + ") AND updated_at < ? AND personal_data IS NOT NULL ORDER BY updated_at FETCH FIRST " + limit
                + " ROWS ONLY", String.class, args.toArray());
    }

    /**
     * Removes the application's personal data (and the hashes of its request and of its applicant's national id, both
     * computed over it) if it is still in one of the statuses and unchanged since before {@code cutoff}; its history
     * records why. False when it no longer is.
     */
    @Transactional
    public boolean purgePersonalData(String id, Collection<ApplicationStatus> statuses, Instant cutoff, Instant at,
                                     String why) {
        List<Object> args = new ArrayList<>(List.of(PURGED, utc(at), id, utc(cutoff)));
        statuses.forEach(s -> args.add(s.name()));
        // the keyed hash of the national id goes too: it still singles out a person
        int purged = jdbc.update("UPDATE application SET personal_data = NULL, request_hash = ?, "
                + "owner_citizen_hash = NULL, personal_data_purged_at = ? WHERE id = ? AND personal_data IS NOT NULL AND updated_at < ? "
                + "AND status IN (" + placeholders(statuses.size()) + ")", args.toArray());
        if (purged == 1) {
            event(id, null, why, at);
        }
        return purged == 1;
    }

    /** Counts of the applications received in [from, to) by entity, entry and status. */
    public List<StatisticsRow> statistics(Instant from, Instant to) {
        return jdbc.query("SELECT entity_id, entry_id, status, COUNT(*) FROM application "
                        + "WHERE created_at >= ? AND created_at < ? GROUP BY entity_id, entry_id, status",
                (rs, n) -> new StatisticsRow(rs.getString(1), rs.getString(2),
                        ApplicationStatus.valueOf(rs.getString(3)), rs.getLong(4)), utc(from), utc(to));
    }

    /**
     * Appends a record to the application's history chain: its row, locked, holds the chain's head, so appends to one
     * history never interleave and the head always names the last record. The record carries the digest of the row as
     * this transaction has left it ({@link ApplicationState}); {@code status} null is the row's current status.
     */
    /** An application's history head and the covered fields of its row. */
    private record Head(String hash, int count, String status, Map<String, Object> row) {}

    /**
     * Read without a lock: the write that follows names the length of the history it read
     * ({@link #advance}), and the query stays in the database's cache of prepared statements, which one with
     * {@code FOR UPDATE} does not (H2 parses it again every time).
     */
    private Head head(String id) {
        return jdbc.query("SELECT history_head, history_count, " + ApplicationState.select("")
                        + " FROM application WHERE id = ?",
                (rs, n) -> new Head(rs.getString(1), rs.getInt(2), rs.getString("st_status"),
                        ApplicationState.values(rs)), id).stream().findFirst().orElse(null);
    }

    /**
     * Runs an update of the row that applies only while its history is as long as {@code head} read it; false when
     * another transaction added to it in between, and the caller reads the row again. Every change of the row adds a
     * history record, so the length stands for the whole row.
     */
    private boolean advance(String id, Head head, int attempt, String update, Object... args) {
        if (jdbc.update(update, args) == 1) {
            return true;
        }
        if (attempt >= 100) {
            throw new IllegalStateException("application " + id + " changed under 100 updates in a row");
        }
        LOG.debug("Application {} changed after its history was read at length {}; reading it again", id, head.count());
        return false;
    }

    private void event(String id, ApplicationStatus status, String detail, Instant at) {
        Instant stamp = HashChain.stored(at);
        String text = HashChain.fit(detail, 2000);
        for (int attempt = 1; ; attempt++) {
            Head head = head(id);
            if (head == null) {
                LOG.warn("Application {} is not stored; its history line '{}' is not written", id, status);
                return;
            }
            String recorded = status == null ? head.status() : status.name();
            String state = ApplicationState.digest(id, head.row()::get);
            String hash = HashChain.next(head.hash(), chained(id, recorded, text, stamp, state));
            if (advance(id, head, attempt, "UPDATE application SET history_head = ?, history_count = ? WHERE id = ? "
                    + "AND history_count = ?", hash, head.count() + 1, id, head.count())) {
                insertEvent(id, recorded, text, stamp, head.hash(), hash, state);
                return;
            }
        }
    }

    private void insertEvent(String id, String status, String detail, Instant stamp, String previous, String hash,
                             String state) {
        jdbc.update("INSERT INTO application_event (application_id, status, detail, at, prev_hash, hash, state_hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", id, status, detail, utc(stamp), previous, hash, state);
    }

    /**
     * The canonical content of a history record, as {@link HashChain} hashes it: with the digest of the application's
     * row ({@link ApplicationState}) since V14; {@code state} null is a record of an earlier version, chained without.
     */
    public static Object[] chained(String applicationId, String status, String detail, Instant at, String state) {
        return state == null ? chained(applicationId, status, detail, at)
                : new Object[] {applicationId, status, detail, at, state};
    }

    /** The canonical content of a history record written before V14, which carried no state. */
    public static Object[] chained(String applicationId, String status, String detail, Instant at) {
        return new Object[] {applicationId, status, detail, at};
    }

    private static StoredApplication row(ResultSet rs) throws SQLException {
        OffsetDateTime purged = rs.getObject(12, OffsetDateTime.class);
        return new StoredApplication(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                // masked as read: an id accepted before the hub masked them at the door may hold an identifier
                rs.getString(5), ApplicationStatus.valueOf(rs.getString(6)), rs.getString(7),
                Correlation.masked(rs.getString(8)),
                rs.getString(9), rs.getObject(10, OffsetDateTime.class).toInstant(),
                rs.getObject(11, OffsetDateTime.class).toInstant(), purged == null ? null : purged.toInstant(),
                rs.getString(13), rs.getString(14));
    }

    private static String prefixed(String alias) {
        return alias + COLUMNS.replace(", ", ", " + alias);
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
