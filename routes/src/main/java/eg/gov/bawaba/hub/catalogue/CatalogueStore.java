package eg.gov.bawaba.hub.catalogue;

import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.EntryStatus;
import eg.gov.bawaba.mappings.model.Provenance;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The stored canonical catalogue and its append-only change feed; the database is the source of truth. */
@Repository
public class CatalogueStore {

    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final String flywayTable;

    public CatalogueStore(JdbcTemplate jdbc) {
        this(jdbc, "flyway_schema_history");
    }

    @Autowired
    public CatalogueStore(JdbcTemplate jdbc,
                          @Value("${spring.flyway.table:flyway_schema_history}") String flywayTable) {
        this.jdbc = jdbc;
        this.flywayTable = flywayTable;
    }

    /** The stored state of one entry, as a sync compares it. */
    public record Stored(String id, EntryStatus status, long version, String hash) {}

    /** The stored state of every entry of one entity, by id. */
    public Map<String, Stored> storedStates(String entityId) {
        Map<String, Stored> existing = new HashMap<>();
        jdbc.query("SELECT id, status, version, content_hash FROM catalogue_entry WHERE entity_id = ?",
                rs -> {
                    existing.put(rs.getString(1), new Stored(rs.getString(1),
                            EntryStatus.valueOf(rs.getString(2)), rs.getLong(3), rs.getString(4)));
                }, entityId);
        return existing;
    }

    /**
     * Upserts one entity's mapped entries by id: new ones are added, changed ones (other content hash, or coming back
     * after withdrawal) get the next version, unchanged ones are not written at all. With a full snapshot, active
     * entries the feed no longer carries are withdrawn. Every write lands in the change feed.
     */
    @Transactional
    public StoreOutcome apply(String entityId, List<CatalogueEntry> mapped, boolean fullSnapshot, Instant syncedAt) {
        return apply(entityId, mapped, List.of(), fullSnapshot, syncedAt);
    }

    /**
     * As above, where {@code unchangedIds} are entries the feed still carries, known to be unchanged without mapping
     * (see {@link UnchangedRecords}): they are neither written nor withdrawn.
     */
    @Transactional
    public StoreOutcome apply(String entityId, List<CatalogueEntry> mapped, List<String> unchangedIds,
                              boolean fullSnapshot, Instant syncedAt) {
        return apply(entityId, mapped, unchangedIds, List.of(), fullSnapshot, syncedAt);
    }

    /**
     * As above, where {@code excludedIds} are entries the mapping left out on purpose, naming them: withdrawn when
     * active, with a delta feed too (a full one withdraws them anyway, as it no longer carries them).
     */
    @Transactional
    public StoreOutcome apply(String entityId, List<CatalogueEntry> mapped, List<String> unchangedIds,
                              List<String> excludedIds, boolean fullSnapshot, Instant syncedAt) {
        Map<String, Stored> existing = storedStates(entityId);

        List<Write> inserts = new ArrayList<>();
        List<Write> rewrites = new ArrayList<>();
        Set<String> seen = new HashSet<>(unchangedIds);
        int added = 0;
        int updated = 0;
        int unchanged = unchangedIds.size();
        for (CatalogueEntry entry : mapped) {
            seen.add(entry.id());
            Stored before = existing.get(entry.id());
            if (before == null) {
                inserts.add(new Write(stamp(entry, syncedAt, 1, EntryStatus.ACTIVE), ChangeType.ADDED));
                added++;
            } else if (!before.hash().equals(entry.provenance().contentHash()) || before.status() == EntryStatus.WITHDRAWN) {
                rewrites.add(new Write(stamp(entry, syncedAt, before.version() + 1, EntryStatus.ACTIVE), ChangeType.UPDATED));
                updated++;
            } else {
                unchanged++;
            }
        }
        int withdrawn = 0;
        Set<String> left = new HashSet<>(excludedIds);
        if (fullSnapshot || !left.isEmpty()) {
            List<String> gone = existing.values().stream()
                    .filter(s -> s.status() == EntryStatus.ACTIVE && !seen.contains(s.id())
                            && (fullSnapshot || left.contains(s.id())))
                    .map(Stored::id).sorted().toList();
            for (String id : gone) {
                rewrites.add(withdrawal(find(id).orElseThrow(), syncedAt));
                withdrawn++;
            }
        }

        batch("INSERT INTO catalogue_entry (entity_id, status, version, content_hash, synced_at, document, id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", inserts);
        batch("UPDATE catalogue_entry SET entity_id = ?, status = ?, version = ?, content_hash = ?, synced_at = ?, "
                + "document = ? WHERE id = ?", rewrites);
        List<Write> written = new ArrayList<>(inserts);
        written.addAll(rewrites);
        insertChanges(written, syncedAt);
        return new StoreOutcome(added, updated, withdrawn, unchanged,
                written.stream().map(Write::entry).toList(), latestChangeSeq());
    }

    /**
     * Withdraws up to {@code limit} active entries of one entity (the first by id), as a full sync withdraws the
     * entries its feed no longer carries: each gets the next version, status WITHDRAWN and a WITHDRAWN row in the
     * change feed. For a removed definition and an operator's deliberate withdrawal, which call it until nothing is
     * left; the entity's next sync republishes whatever its feed still carries.
     */
    @Transactional
    public StoreOutcome withdrawActive(String entityId, Instant at, int limit) {
        List<Write> rewrites = new ArrayList<>();
        jdbc.query("SELECT document FROM catalogue_entry WHERE entity_id = ? AND status = 'ACTIVE' ORDER BY id "
                        + "FETCH FIRST " + limit + " ROWS ONLY",
                rs -> {
                    rewrites.add(withdrawal(CanonicalJson.entryFromJson(rs.getString(1)), at));
                }, entityId);
        batch("UPDATE catalogue_entry SET entity_id = ?, status = ?, version = ?, content_hash = ?, synced_at = ?, "
                + "document = ? WHERE id = ?", rewrites);
        insertChanges(rewrites, at);
        return new StoreOutcome(0, 0, rewrites.size(), 0, rewrites.stream().map(Write::entry).toList(),
                latestChangeSeq());
    }

    /** The next version of an active entry, withdrawn at {@code at}. */
    private static Write withdrawal(CatalogueEntry current, Instant at) {
        Provenance p = current.provenance();
        return new Write(current.withProvenance(new Provenance(
                p.sourceProtocol(), at, p.contentHash(), p.version() + 1, EntryStatus.WITHDRAWN)), ChangeType.WITHDRAWN);
    }

    /** One entry to write, serialised once for both the entry table and the change feed. */
    private record Write(CatalogueEntry entry, ChangeType type, String json) {
        Write(CatalogueEntry entry, ChangeType type) {
            this(entry, type, CanonicalJson.toJson(entry));
        }
    }

    public Optional<CatalogueEntry> find(String id) {
        return jdbc.query("SELECT document FROM catalogue_entry WHERE id = ?",
                (rs, n) -> CanonicalJson.entryFromJson(rs.getString(1)), id).stream().findFirst();
    }

    /** Streams every stored entry to the consumer, for rebuilding read models. */
    public void forEachEntry(Consumer<CatalogueEntry> consumer) {
        jdbc.query("SELECT document FROM catalogue_entry ORDER BY id",
                rs -> {
                    consumer.accept(CanonicalJson.entryFromJson(rs.getString(1)));
                });
    }

    /** The entries with these ids that are stored (in no particular order). */
    public List<CatalogueEntry> entries(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT document FROM catalogue_entry WHERE id IN ("
                        + String.join(",", Collections.nCopies(ids.size(), "?")) + ")",
                (rs, n) -> CanonicalJson.entryFromJson(rs.getString(1)), ids.toArray());
    }

    /** The ids of the entities that have stored entries, active or withdrawn. */
    public List<String> entityIds() {
        return jdbc.queryForList("SELECT DISTINCT entity_id FROM catalogue_entry", String.class);
    }

    /**
     * Tells this database from another one, e.g. one created again empty and refilled, whose entries may repeat ids
     * and versions: when and by whom its first migration ran (Flyway's history), or "" when that is unknown.
     */
    public String databaseIdentity() {
        try {
            // quoted: Flyway creates its table with lower-case names, which H2 otherwise reads as upper case
            return jdbc.query("SELECT \"installed_on\", \"installed_by\" FROM \"" + flywayTable
                            + "\" WHERE \"installed_rank\" = 1",
                    rs -> rs.next() ? rs.getString(1) + " " + rs.getString(2) : "");
        } catch (DataAccessException e) {
            return "";
        }
    }

    /** The changes after a cursor, oldest first. */
    public List<CatalogueChange> changesAfter(long seq, int limit) {
        return jdbc.query("SELECT seq, entry_id, entity_id, change_type, version, changed_at, document "
                        + "FROM catalogue_change WHERE seq > ? ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> new CatalogueChange(rs.getLong(1), rs.getString(2), rs.getString(3),
                        ChangeType.valueOf(rs.getString(4)), rs.getLong(5), instant(rs, 6), rs.getString(7)),
                seq);
    }

    public long latestChangeSeq() {
        Long seq = jdbc.queryForObject("SELECT MAX(seq) FROM catalogue_change", Long.class);
        return seq == null ? 0 : seq;
    }

    /** Active entries per entity id. */
    public Map<String, Long> activeCounts() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("SELECT entity_id, COUNT(*) FROM catalogue_entry WHERE status = 'ACTIVE' GROUP BY entity_id",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    private static CatalogueEntry stamp(CatalogueEntry entry, Instant syncedAt, long version, EntryStatus status) {
        Provenance p = entry.provenance();
        return entry.withProvenance(new Provenance(p.sourceProtocol(), syncedAt, p.contentHash(), version, status));
    }

    private void batch(String sql, List<Write> writes) {
        for (int from = 0; from < writes.size(); from += BATCH) {
            List<Write> chunk = writes.subList(from, Math.min(writes.size(), from + BATCH));
            jdbc.batchUpdate(sql, chunk, chunk.size(), (ps, w) -> {
                Provenance p = w.entry().provenance();
                ps.setString(1, w.entry().entityId());
                ps.setString(2, p.status().name());
                ps.setLong(3, p.version());
                ps.setString(4, p.contentHash());
                ps.setObject(5, OffsetDateTime.ofInstant(p.syncedAt(), ZoneOffset.UTC));
                ps.setString(6, w.json());
                ps.setString(7, w.entry().id());
            });
        }
    }

    private void insertChanges(List<Write> writes, Instant at) {
        OffsetDateTime changedAt = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        for (int from = 0; from < writes.size(); from += BATCH) {
            List<Write> chunk = writes.subList(from, Math.min(writes.size(), from + BATCH));
            jdbc.batchUpdate("INSERT INTO catalogue_change (entry_id, entity_id, change_type, version, changed_at, document) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", chunk, chunk.size(), (ps, w) -> {
                ps.setString(1, w.entry().id());
                ps.setString(2, w.entry().entityId());
                ps.setString(3, w.type().name());
                ps.setLong(4, w.entry().provenance().version());
                ps.setObject(5, changedAt);
                ps.setString(6, w.json());
            });
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
