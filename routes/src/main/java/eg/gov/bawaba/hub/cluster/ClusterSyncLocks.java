package eg.gov.bawaba.hub.cluster;

import eg.gov.bawaba.hub.catalogue.SyncLocks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * The cluster-wide guard of catalogue syncs: a PostgreSQL advisory lock per entity, held on a connection of its own
 * for as long as the sync runs. A hub that dies loses its connection and with it the lock, so nothing is ever left
 * locked; the connection is outside the pool, so syncs running at once never starve requests of connections.
 */
@Component
@ConditionalOnProperty(name = "bawaba.cluster.enabled", havingValue = "true")
public class ClusterSyncLocks implements SyncLocks {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSyncLocks.class);

    private final String url;
    private final String user;
    private final String password;
    private final Map<String, Connection> held = new ConcurrentHashMap<>();

    @Autowired
    public ClusterSyncLocks(DataSourceProperties database) {
        this(database.determineUrl(), database.determineUsername(), database.determinePassword());
    }

    /** Locks on the database at {@code url}, as another hub would hold them (tests). */
    public ClusterSyncLocks(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public boolean tryLock(String entityId) {
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(url, user, password);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, key(entityId));
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        held.put(entityId, connection);
                        return true;
                    }
                }
            }
            connection.close();
            return false;
        } catch (SQLException e) {
            close(connection);
            throw new IllegalStateException("cannot ask the database whether another hub syncs " + entityId + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void unlock(String entityId) {
        // closing the session releases its advisory locks
        close(held.remove(entityId));
    }

    /** The lock's 64-bit key: the first bytes of a SHA-256 of the entity id, prefixed so no other lock shares it. */
    static long key(String entityId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("bawaba-catalogue-sync:" + entityId).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // the server ends the session, and the lock with it, when it notices the connection is gone
            LOG.warn("Could not close a catalogue sync lock's connection: {}", e.getMessage());
        }
    }
}
