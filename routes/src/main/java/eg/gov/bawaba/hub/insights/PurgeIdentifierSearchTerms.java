package eg.gov.bawaba.hub.insights;

import eg.gov.bawaba.hub.HubMigration;
import eg.gov.bawaba.hub.privacy.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 15: removes the counts of search texts that hold what looks like a personal identifier, counted
 * before {@link QueryText} removed identifiers from search texts; in Java, so that it judges by the same rule
 * ({@link Identifiers}) on H2 and PostgreSQL alike. Spring Boot hands this bean to Flyway.
 */
@Component
public class PurgeIdentifierSearchTerms extends HubMigration {

    private static final int BATCH = 500;

    public PurgeIdentifierSearchTerms() {
        super("15", "purge identifier-like search terms", 15);
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        List<String> identifying = new ArrayList<>();
        try (PreparedStatement read = db.prepareStatement("SELECT DISTINCT subject FROM insight_count "
                + "WHERE kind IN ('" + InsightKey.SEARCH + "', '" + InsightKey.SEARCH_EMPTY + "')")) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String subject = rs.getString(1);
                    if (Identifiers.containsAny(subject)) {
                        identifying.add(subject);
                    }
                }
            }
        }
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM insight_count WHERE kind IN ('"
                + InsightKey.SEARCH + "', '" + InsightKey.SEARCH_EMPTY + "') AND subject = ?")) {
            for (int i = 0; i < identifying.size(); i++) {
                delete.setString(1, identifying.get(i));
                delete.addBatch();
                if ((i + 1) % BATCH == 0) {
                    delete.executeBatch();
                }
            }
            delete.executeBatch();
        }
    }
}
