package eg.gov.bawaba.hub.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What two hubs sharing one database see of each other's processed drop files, on the table of migration V21: each hub
 * here has its own connections and its own {@link JdbcProcessedFileStores}, as two processes would.
 */
abstract class ProcessedFileStoresContract {

    private static final String KEY = "services.csv:" + "ab".repeat(32);
    private static final String CHANGED = "services.csv:" + "cd".repeat(32);

    @TempDir
    Path dataDir;

    /** A new connection factory to the test database, in which {@link #createTable} has run. */
    abstract DriverManagerDataSource database();

    static void createTable(DataSource database) {
        try (var connection = database.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/migration/V21__file_drop_processed.sql"));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private JdbcProcessedFileStores hub() {
        DriverManagerDataSource database = database();
        return new JdbcProcessedFileStores(database, new TransactionTemplate(new DataSourceTransactionManager(database)),
                new JdbcTemplate(database), dataDir);
    }

    private static IdempotentRepository started(JdbcProcessedFileStores hub, String entityId) throws Exception {
        IdempotentRepository store = hub.forEntity(entityId);
        store.start();
        return store;
    }

    @Test
    void aFileOneHubAppliedIsKnownToTheOtherButAChangedFileOfTheSameNameIsNot() throws Exception {
        String entity = "nosi-" + System.nanoTime();
        IdempotentRepository first = started(hub(), entity);
        IdempotentRepository second = started(hub(), entity);

        assertThat(second.contains(KEY)).isFalse();
        assertThat(first.add(KEY)).isTrue();

        assertThat(second.contains(KEY)).isTrue();
        // both applied it (a leader that died before it could know the other had): the second add is no error
        assertThat(second.add(KEY)).isFalse();
        assertThat(second.contains(CHANGED)).isFalse();
        assertThat(started(hub(), "other-" + entity).contains(KEY)).isFalse();
    }

    @Test
    void aFileThatFailedIsForgottenForEveryHub() throws Exception {
        String entity = "nosi-" + System.nanoTime();
        IdempotentRepository first = started(hub(), entity);
        IdempotentRepository second = started(hub(), entity);
        first.add(KEY);

        assertThat(second.remove(KEY)).isTrue();

        assertThat(first.contains(KEY)).isFalse();
    }

    @Test
    void theProcessedFileOfAnEarlierVersionIsImportedOnceAndRenamed() throws Exception {
        String entity = "nosi-" + System.nanoTime();
        Path legacy = Files.createDirectories(dataDir.resolve("file-drops")).resolve(entity + ".processed");
        Files.writeString(legacy, KEY + "\n" + CHANGED + "\n\n", StandardCharsets.UTF_8);

        IdempotentRepository store = started(hub(), entity);

        assertThat(store.contains(KEY)).isTrue();
        assertThat(store.contains(CHANGED)).isTrue();
        assertThat(legacy).doesNotExist();
        assertThat(legacy.resolveSibling(entity + ".processed.imported")).exists();
        // a second hub starting on the same data folder finds nothing left to import, and the keys stay
        assertThat(started(hub(), entity).contains(KEY)).isTrue();
    }

    @Test
    void anUnreadableLegacyFileStaysForTheNextStart() throws Exception {
        Path legacy = Files.createDirectories(dataDir.resolve("file-drops").resolve("broken.processed"));

        started(hub(), "broken");

        assertThat(legacy).isDirectory();
    }
}
