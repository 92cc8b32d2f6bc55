package eg.gov.bawaba.hub.insights;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The aggregate counts in table insight_count: batched additions and the sums the reports read. */
@Component
public class InsightStore {

    private static final String UPDATE = "UPDATE insight_count SET events = events + ? "
            + "WHERE kind = ? AND country = ? AND event_day = ? AND occupation = ? AND subject = ?";
    private static final String INSERT = "INSERT INTO insight_count (event_day, kind, country, occupation, subject, events) "
            + "VALUES (?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public InsightStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Adds the counts in one transaction: one batch of updates, then one batch of inserts for the cells not there yet
     * (plain SQL that H2 and PostgreSQL both run; the hub's single flusher is the only writer).
     */
    public void add(Map<InsightKey, LongAdder> counts) {
        if (counts.isEmpty()) {
            return;
        }
        List<Map.Entry<InsightKey, LongAdder>> cells = new ArrayList<>(counts.entrySet());
        tx.executeWithoutResult(status -> {
            List<Object[]> updates = new ArrayList<>(cells.size());
            for (Map.Entry<InsightKey, LongAdder> cell : cells) {
                InsightKey k = cell.getKey();
                updates.add(new Object[] {cell.getValue().sum(), k.kind(), k.country(), Date.valueOf(k.day()),
                        k.occupation(), k.subject()});
            }
            int[] updated = jdbc.batchUpdate(UPDATE, updates);
            List<Object[]> inserts = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                if (updated[i] == 0) {
                    InsightKey k = cells.get(i).getKey();
                    inserts.add(new Object[] {Date.valueOf(k.day()), k.kind(), k.country(), k.occupation(),
                            k.subject(), cells.get(i).getValue().sum()});
                }
            }
            if (!inserts.isEmpty()) {
                jdbc.batchUpdate(INSERT, inserts);
            }
        });
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
