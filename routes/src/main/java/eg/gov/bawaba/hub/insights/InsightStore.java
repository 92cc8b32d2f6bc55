package eg.gov.bawaba.hub.insights;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The aggregate counts in table insight_count: chunked, batched upserts and the sums the reports read. */
@Component
public class InsightStore {

    // H2's MERGE ... KEY(...) would replace the count, not add to it: the standard MERGE adds
    private static final String H2_UPSERT = "MERGE INTO insight_count t USING (VALUES (CAST(? AS DATE), "
            + "CAST(? AS VARCHAR(24)), CAST(? AS VARCHAR(2)), CAST(? AS VARCHAR(40)), CAST(? AS VARCHAR(200)), "
            + "CAST(? AS BIGINT))) s (event_day, kind, country, occupation, subject, events) "
            + "ON t.kind = s.kind AND t.country = s.country AND t.event_day = s.event_day "
            + "AND t.occupation = s.occupation AND t.subject = s.subject "
            + "WHEN MATCHED THEN UPDATE SET events = t.events + s.events "
            + "WHEN NOT MATCHED THEN INSERT (event_day, kind, country, occupation, subject, events) "
            + "VALUES (s.event_day, s.kind, s.country, s.occupation, s.subject, s.events)";
    private static final String POSTGRES_UPSERT = "INSERT INTO insight_count AS t "
            + "(event_day, kind, country, occupation, subject, events) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (kind, country, event_day, occupation, subject) "
            + "DO UPDATE SET events = t.events + EXCLUDED.events";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int chunkSize;
    private volatile String upsert;

    public InsightStore(JdbcTemplate jdbc, TransactionTemplate tx,
                        @Value("${bawaba.insights.flush-chunk:2000}") int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("bawaba.insights.flush-chunk must be at least 1, not " + chunkSize);
        }
        this.jdbc = jdbc;
        this.tx = tx;
        this.chunkSize = chunkSize;
    }

    /** How many cells one transaction of a flush writes. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Adds every count, in transactions of {@link #chunkSize()} cells. */
    public void add(Map<InsightKey, Long> counts) {
        List<Map.Entry<InsightKey, Long>> cells = new ArrayList<>(counts.entrySet());
        for (int from = 0; from < cells.size(); from += chunkSize) {
            addChunk(cells.subList(from, Math.min(cells.size(), from + chunkSize)));
        }
    }

    /**
     * Adds the counts of some cells in one transaction: one batched statement, one upsert per cell, so a cell costs
     * one index lookup whether it is new or not.
     */
    public void addChunk(List<Map.Entry<InsightKey, Long>> cells) {
        if (cells.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(cells.size());
        for (Map.Entry<InsightKey, Long> cell : cells) {
            InsightKey k = cell.getKey();
            rows.add(new Object[] {Date.valueOf(k.day()), k.kind(), k.country(), k.occupation(), k.subject(),
                    cell.getValue()});
        }
        String sql = upsert();
        tx.executeWithoutResult(status -> jdbc.batchUpdate(sql, rows));
    }

    /** The upsert of the database the hub runs on, chosen by its product name. */
    String upsert() {
        String chosen = upsert;
        if (chosen == null) {
            String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
            String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
            if (name.contains("postgres")) {
                chosen = POSTGRES_UPSERT;
            } else if (name.contains("h2")) {
                chosen = H2_UPSERT;
            } else {
                throw new IllegalStateException("insight counts can be written to H2 or PostgreSQL, not " + product);
            }
            upsert = chosen;
        }
        return chosen;
    }

    /** One subject's total over a period, for one kind, optionally one country and one occupation. */
    public record Total(String subject, long events) {}

    /** Totals per subject, largest first, of the cells matching; country and occupation null mean any. */
    public List<Total> totals(String kind, String country, String occupation, LocalDate from, LocalDate to) {
        StringBuilder sql = new StringBuilder(
                "SELECT subject, SUM(events) AS total FROM insight_count WHERE kind = ? AND event_day >= ? AND event_day <= ?");
        List<Object> args = new ArrayList<>(List.of(kind, Date.valueOf(from), Date.valueOf(to)));
        if (country != null) {
            sql.append(" AND country = ?");
            args.add(country);
        }
        if (occupation != null) {
            sql.append(" AND occupation = ?");
            args.add(occupation);
        }
        sql.append(" GROUP BY subject ORDER BY total DESC, subject");
        return jdbc.query(sql.toString(), (rs, n) -> new Total(rs.getString(1), rs.getLong(2)), args.toArray());
    }

    /** Removes every count (tests and a reset by operators). */
    public void clear() {
        jdbc.update("DELETE FROM insight_count");
    }
}
