package eg.gov.bawaba.hub.catalogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The PostgreSQL transactions that may still commit a change to the catalogue feed: those holding a write lock on
 * {@code catalogue_change}, which an insert takes before it draws its sequence value and keeps until it ends.
 */
@Component
@ConditionalOnProperty(name = "bawaba.cluster.enabled", havingValue = "true")
public class FeedWriters {

    private final JdbcTemplate jdbc;

    public FeedWriters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A writer: its virtual transaction id, and its transaction id once it has written (else null). */
    public record Writer(String virtualId, String transactionId) {}

    /** The feed's writers at this moment. */
    public List<Writer> now() {
        return jdbc.query("SELECT l.virtualtransaction, x.transactionid::text FROM pg_locks l "
                        + "LEFT JOIN pg_locks x ON x.virtualtransaction = l.virtualtransaction "
                        + "AND x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock' "
                        + "WHERE l.locktype = 'relation' AND l.mode = 'RowExclusiveLock' "
                        + "AND l.relation = to_regclass('catalogue_change') "
                        + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                (rs, n) -> new Writer(rs.getString(1), rs.getString(2)));
    }

    /** Whether any of these writers is still running. */
    public boolean anyRunning(List<Writer> writers) {
        if (writers.isEmpty()) {
            return false;
        }
        Integer running = jdbc.queryForObject("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'virtualxid' "
                + "AND virtualxid IN (" + marks(writers.size()) + ")", Integer.class,
                writers.stream().map(Writer::virtualId).toArray());
        return running != null && running > 0;
    }

    /** The documents these writers committed to the feed at or before a sequence number, oldest first. */
    public List<String> documentsWrittenBy(List<Writer> writers, long upTo) {
        List<Object> ids = writers.stream().map(Writer::transactionId).filter(id -> id != null)
                .map(Object.class::cast).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(ids);
        args.add(upTo);
        return jdbc.queryForList("SELECT document FROM catalogue_change WHERE xmin::text IN (" + marks(ids.size())
                + ") AND seq <= ? ORDER BY seq", String.class, args.toArray());
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
