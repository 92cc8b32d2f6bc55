package eg.gov.bawaba.hub.files;

import eg.gov.bawaba.connectors.file.ProcessedFileStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's {@link ProcessedFileStores}: the files each drop entity has applied, in table {@code file_drop_processed}
 * of the hub's database (Camel's {@link JdbcMessageIdRepository}), one store for a single hub and for every hub of a
 * cluster (docs/decisions/0005-file-drop-idempotency.md). At start it imports the keys of the per-hub files earlier
 * versions kept in {@code ${bawaba.data-dir}/file-drops/<entity>.processed}, so no file is synced again after the
 * upgrade, and renames each imported file to {@code <entity>.processed.imported}.
 */
@Component(ProcessedFileStores.DEFAULT_BEAN)
public class JdbcProcessedFileStores implements ProcessedFileStores {

    static final String LEGACY_SUFFIX = ".processed";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcProcessedFileStores.class);

    private final DataSource dataSource;
    private final TransactionTemplate tx;

    public JdbcProcessedFileStores(DataSource dataSource, TransactionTemplate tx, JdbcTemplate migrated,
                                   @Value("${bawaba.data-dir:./var}") Path dataDir) {
        // JdbcTemplate only orders this bean after the schema migration: the import below needs the table
        this.dataSource = dataSource;
        this.tx = tx;
        importLegacyFiles(dataDir.resolve("file-drops"));
    }

    @Override
    public IdempotentRepository forEntity(String entityId) {
        return new Store(dataSource, tx, entityId);
    }

    /** Imports every {@code <entity>.processed} file of the folder, then renames it; a file that fails stays. */
    void importLegacyFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + LEGACY_SUFFIX)) {
            for (Path file : files) {
                importLegacyFile(file);
            }
        } catch (IOException e) {
            LOG.error("Cannot list the processed-file stores of earlier versions in {}: {}", folder, e.getMessage());
        }
    }

    private void importLegacyFile(Path file) {
        String name = file.getFileName().toString();
        String entityId = name.substring(0, name.length() - LEGACY_SUFFIX.length());
        Store store = new Store(dataSource, tx, entityId);
        try {
            List<String> keys = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(k -> !k.isEmpty()).toList();
            store.start();
            int added = 0;
            for (String key : keys) {
                added += store.add(key) ? 1 : 0;
            }
            store.stop();
            Files.move(file, file.resolveSibling(name + ".imported"), StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Entity {}: {} processed-file keys imported from {} into the database ({} new)", entityId,
                    keys.size(), file, added);
        } catch (IOException | RuntimeException e) {
            // left in place and tried again at the next start; meanwhile a file still in the drop folder may be
            // synced again, which is harmless (an unchanged feed writes nothing)
            LOG.error("Entity {}: cannot import {}: {}", entityId, file, e.getMessage());
        }
    }

    /** One entity's rows of {@code file_drop_processed}; a key another hub added meanwhile counts as present. */
    static final class Store extends JdbcMessageIdRepository {

        Store(DataSource dataSource, TransactionTemplate tx, String entityId) {
            super(dataSource, tx, entityId);
            // the table is Flyway's (V21), never created here
            setCreateTableIfNotExists(false);
            setQueryString("SELECT COUNT(*) FROM file_drop_processed WHERE entity_id = ? AND file_key = ?");
            setInsertString("INSERT INTO file_drop_processed (entity_id, file_key, created_at) VALUES (?, ?, ?)");
            setDeleteString("DELETE FROM file_drop_processed WHERE entity_id = ? AND file_key = ?");
            setClearString("DELETE FROM file_drop_processed WHERE entity_id = ?");
        }

        @Override
        public boolean add(String key) {
            try {
                return super.add(key);
            } catch (DataIntegrityViolationException alreadyThere) {
                return false;
            }
        }
    }
}
