package eg.gov.bawaba.hub.audit;

import eg.gov.bawaba.hub.HubMigration;
import eg.gov.bawaba.hub.applications.ApplicationStore;
import eg.gov.bawaba.hub.ops.OpsAudit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 5.1, after V5: chains the history and audit records written before chains existed, once, in the
 * migration's transaction; from then on the hub chains every record as it writes it, and a record without a hash is
 * a record written behind its back. Spring Boot hands this bean to Flyway.
 */
@Component
public class ChainExistingRecords extends HubMigration {

    private static final int BATCH = 500;

    public ChainExistingRecords() {
        super("5.1", "chain existing history and audit records", 51);
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        chainHistories(db);
        chainOpsAudit(db);
    }

    private static void chainHistories(Connection db) throws SQLException {
        try (PreparedStatement read = db.prepareStatement("SELECT seq, application_id, status, detail, at "
                     + "FROM application_event ORDER BY application_id, seq");
             PreparedStatement event = db.prepareStatement("UPDATE application_event SET prev_hash = ?, hash = ? WHERE seq = ?");
             PreparedStatement head = db.prepareStatement(
                     "UPDATE application SET history_head = ?, history_count = ? WHERE id = ?")) {
            read.setFetchSize(BATCH);
            String application = null;
            String previous = null;
            int count = 0;
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(2);
                    if (!id.equals(application)) {
                        if (application != null) {
                            addHead(head, application, previous, count);
                        }
                        application = id;
                        previous = null;
                        count = 0;
                    }
                    String hash = HashChain.next(previous, ApplicationStore.chained(id, rs.getString(3),
                            rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
                    event.setString(1, previous);
                    event.setString(2, hash);
                    event.setLong(3, rs.getLong(1));
                    event.addBatch();
                    previous = hash;
                    count++;
                    if (++pending % BATCH == 0) {
                        event.executeBatch();
                        head.executeBatch();
                    }
                }
            }
            if (application != null) {
                addHead(head, application, previous, count);
            }
            event.executeBatch();
            head.executeBatch();
        }
    }

    private static void addHead(PreparedStatement head, String application, String hash, int count) throws SQLException {
        head.setString(1, hash);
        head.setInt(2, count);
        head.setString(3, application);
        head.addBatch();
    }

    private static void chainOpsAudit(Connection db) throws SQLException {
        String previous = null;
        long count = 0;
        try (PreparedStatement read = db.prepareStatement("SELECT id, at, actor, action, entity_id, target, outcome, "
                     + "detail FROM ops_audit ORDER BY id");
             PreparedStatement update = db.prepareStatement("UPDATE ops_audit SET prev_hash = ?, hash = ? WHERE id = ?")) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String hash = HashChain.next(previous, OpsAudit.chained(
                            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    update.setString(1, previous);
                    update.setString(2, hash);
                    update.setLong(3, rs.getLong(1));
                    update.addBatch();
                    previous = hash;
                    if (++count % BATCH == 0) {
                        update.executeBatch();
                    }
                }
            }
            update.executeBatch();
        }
        try (PreparedStatement none = db.prepareStatement("DELETE FROM audit_chain_head WHERE chain_name = ?")) {
            none.setString(1, OpsAudit.CHAIN);
            none.executeUpdate();
        }
        try (PreparedStatement head = db.prepareStatement(
                "INSERT INTO audit_chain_head (chain_name, head_hash, record_count) VALUES (?, ?, ?)")) {
            head.setString(1, OpsAudit.CHAIN);
            head.setString(2, previous);
            head.setLong(3, count);
            head.executeUpdate();
        }
    }
}
