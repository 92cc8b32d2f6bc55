package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.mappings.QuarantinedRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The history of catalogue syncs and the records each entity's latest successful sync quarantined. */
@Repository
public class SyncJournal {

    private static final String SYNC_COLUMNS = "id, entity_id, trigger_kind, started_at, finished_at, outcome, received, "
            + "added, updated, withdrawn, unchanged, quarantined, error, warnings";

    private static final String WARNING_SEPARATOR = "\n";

    private final JdbcTemplate jdbc;

    public SyncJournal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a sync and returns it with its id. */
    public SyncReport record(SyncReport r) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO catalogue_sync (entity_id, trigger_kind, started_at, finished_at, "
                    + "outcome, received, added, updated, withdrawn, unchanged, quarantined, error, warnings) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, r.entityId());
            ps.setString(2, r.trigger());
            ps.setObject(3, utc(r.startedAt()));
            ps.setObject(4, utc(r.finishedAt()));
            ps.setString(5, r.outcome().name());
            ps.setInt(6, r.received());
            ps.setInt(7, r.added());
            ps.setInt(8, r.updated());
            ps.setInt(9, r.withdrawn());
            ps.setInt(10, r.unchanged());
            ps.setInt(11, r.quarantined());
            ps.setString(12, r.error() == null ? null : truncate(r.error(), 4000));
            ps.setString(13, warningsText(r.warnings()));
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        return new SyncReport(id, r.entityId(), r.trigger(), r.startedAt(), r.finishedAt(), r.outcome(), r.received(),
                r.added(), r.updated(), r.withdrawn(), r.unchanged(), r.quarantined(), r.error(), r.warnings());
    }

    /**
     * Replaces an entity's quarantine with what its latest sync rejected: the quarantine shows the feed as it is now,
     * not every past rejection of the same record.
     */
    /** Sets the sync's end to when its result became readable, after its transaction and the index update. */
    public SyncReport finished(SyncReport r, Instant finishedAt) {
        jdbc.update("UPDATE catalogue_sync SET finished_at = ? WHERE id = ?", utc(finishedAt), r.id());
        return new SyncReport(r.id(), r.entityId(), r.trigger(), r.startedAt(), finishedAt, r.outcome(), r.received(),
                r.added(), r.updated(), r.withdrawn(), r.unchanged(), r.quarantined(), r.error(), r.warnings());
    }

    public void replaceQuarantine(String entityId, long syncId, List<QuarantinedRecord> records, Instant at) {
        jdbc.update("DELETE FROM quarantine_record WHERE entity_id = ?", entityId);
        jdbc.batchUpdate("INSERT INTO quarantine_record (entity_id, sync_id, quarantined_at, reason, source_record) "
                + "VALUES (?, ?, ?, ?, ?)", records, 500, (ps, q) -> {
            ps.setString(1, entityId);
            ps.setLong(2, syncId);
            ps.setObject(3, utc(at));
            ps.setString(4, truncate(q.reason(), 4000));
            ps.setString(5, q.sourceRecord());
        });
    }

    /** The latest sync of every entity that has synced at least once. */
    public Map<String, SyncReport> latestByEntity() {
        Map<String, SyncReport> latest = new HashMap<>();
        jdbc.query("SELECT " + SYNC_COLUMNS + " FROM catalogue_sync s WHERE id = "
                + "(SELECT MAX(id) FROM catalogue_sync t WHERE t.entity_id = s.entity_id)", rs -> {
                    SyncReport r = report(rs);
                    latest.put(r.entityId(), r);
                });
        return latest;
    }

    public List<SyncReport> history(String entityId, int limit) {
        return jdbc.query("SELECT " + SYNC_COLUMNS + " FROM catalogue_sync WHERE entity_id = ? ORDER BY id DESC "
                + "FETCH FIRST " + limit + " ROWS ONLY", (rs, n) -> report(rs), entityId);
    }

    public List<QuarantineItem> quarantine(String entityId, int offset, int limit) {
        String where = entityId == null ? "" : " WHERE entity_id = ?";
        Object[] args = entityId == null ? new Object[0] : new Object[] {entityId};
        return jdbc.query("SELECT id, entity_id, sync_id, quarantined_at, reason, source_record FROM quarantine_record"
                        + where + " ORDER BY id OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> new QuarantineItem(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        CatalogueStore.instant(rs, 4), rs.getString(5), rs.getString(6)), args);
    }

    public long quarantineCount(String entityId) {
        Long count = entityId == null
                ? jdbc.queryForObject("SELECT COUNT(*) FROM quarantine_record", Long.class)
                : jdbc.queryForObject("SELECT COUNT(*) FROM quarantine_record WHERE entity_id = ?", Long.class, entityId);
        return count == null ? 0 : count;
    }

    private static SyncReport report(ResultSet rs) throws SQLException {
        SyncReport.Outcome outcome = SyncReport.Outcome.valueOf(rs.getString(6));
        String warnings = rs.getString(14);
        return new SyncReport(rs.getLong(1), rs.getString(2), rs.getString(3), CatalogueStore.instant(rs, 4),
                CatalogueStore.instant(rs, 5), outcome, rs.getInt(7), rs.getInt(8),
                rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getString(13),
                warnings == null ? List.of() : List.of(warnings.split(WARNING_SEPARATOR)));
    }

    /** The journal's {@code warnings} column: one warning a line (each is one line), as many as 4,000 characters hold. */
    private static String warningsText(List<String> warnings) {
        if (warnings.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (String warning : warnings) {
            String line = warning.replaceAll("[\\r\\n]+", " ");
            if (text.length() + line.length() + 1 > 4000) {
                if (text.length() == 0) {
                    text.append(truncate(line, 4000));
                }
                break;
            }
            text.append(text.length() == 0 ? "" : WARNING_SEPARATOR).append(line);
        }
        return text.toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
