package eg.gov.bawaba.hub.audit;

import eg.gov.bawaba.hub.HubMigration;
import eg.gov.bawaba.hub.applications.ApplicationState;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 14: history records carry the state of their application's row (application_event.state_hash),
 * and each existing application's last record is re-chained to carry the row's current fields, once, so that an
 * upgraded database verifies intact and from then on a row changed outside the hub shows. A last record whose own
 * hash or head no longer holds is left as it is: re-chaining it would hide the tampering. Spring Boot hands this bean
 * to Flyway.
 */
@Component
public class BindApplicationState extends HubMigration {

    private static final Logger LOG = LoggerFactory.getLogger(BindApplicationState.class);
    private static final int BATCH = 500;

    public BindApplicationState() {
        super("14", "bind application rows to their history chains", 14);
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        try (Statement ddl = db.createStatement()) {
            // portable DDL (H2 and PostgreSQL); null on the records written before this version
            ddl.execute("ALTER TABLE application_event ADD COLUMN state_hash VARCHAR(64)");
        }
        bind(db);
    }

    /**
     * Re-chains the last history record of every application whose chain ends intact at its head, to carry the row's
     * current state; the records before it keep their hashes, and it keeps its link to them. How many were bound.
     */
    static int bind(Connection db) throws SQLException {
        int bound = 0;
        int left = 0;
        try (PreparedStatement read = db.prepareStatement("SELECT a.*, e.seq AS ev_seq, e.status AS ev_status, "
                     + "e.detail AS ev_detail, e.at AS ev_at, e.prev_hash AS ev_prev_hash, e.hash AS ev_hash "
                     + "FROM application a JOIN application_event e ON e.application_id = a.id AND e.seq = "
                     + "(SELECT MAX(l.seq) FROM application_event l WHERE l.application_id = a.id) ORDER BY a.id");
             PreparedStatement event = db.prepareStatement(
                     "UPDATE application_event SET state_hash = ?, hash = ? WHERE seq = ?");
             PreparedStatement head = db.prepareStatement("UPDATE application SET history_head = ? WHERE id = ?")) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    // the row by column name, whatever columns this database has by now
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                    }
                    String id = rs.getString("id");
                    String previous = rs.getString("ev_prev_hash");
                    Object[] content = ApplicationStore.chained(id, rs.getString("ev_status"), rs.getString("ev_detail"),
                            rs.getObject("ev_at", OffsetDateTime.class).toInstant());
                    String hash = rs.getString("ev_hash");
                    if (hash == null || !hash.equals(HashChain.next(previous, content))
                            || !hash.equals(rs.getString("history_head"))) {
                        left++;
                        continue;
                    }
                    String state = ApplicationState.digest(id, row::get);
                    String rebound = HashChain.next(previous, ApplicationStore.chained(id, rs.getString("ev_status"),
                            rs.getString("ev_detail"), rs.getObject("ev_at", OffsetDateTime.class).toInstant(), state));
                    event.setString(1, state);
                    event.setString(2, rebound);
                    event.setLong(3, rs.getLong("ev_seq"));
                    event.addBatch();
                    head.setString(1, rebound);
                    head.setString(2, id);
                    head.addBatch();
                    if (++bound % BATCH == 0) {
                        event.executeBatch();
                        head.executeBatch();
                    }
                }
            }
            event.executeBatch();
            head.executeBatch();
        }
        if (left > 0) {
            LOG.warn("{} applications were not bound to their history: their last record or head no longer matched "
                    + "before the upgrade; bin/verify-audit names them", left);
        }
        LOG.info("{} applications bound to their history chains", bound);
        return bound;
    }
}
