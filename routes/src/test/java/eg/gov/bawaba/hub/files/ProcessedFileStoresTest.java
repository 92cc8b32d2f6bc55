package eg.gov.bawaba.hub.files;

import java.util.UUID;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The shared processed-file stores on H2, the database of the embedded hub. */
class ProcessedFileStoresTest extends ProcessedFileStoresContract {

    private final String url = "jdbc:h2:mem:processed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    ProcessedFileStoresTest() {
        createTable(database());
    }

    @Override
    DriverManagerDataSource database() {
        return new DriverManagerDataSource(url, "bawaba", "");
    }
}
