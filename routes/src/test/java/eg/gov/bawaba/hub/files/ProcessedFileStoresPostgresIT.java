package eg.gov.bawaba.hub.files;

import eg.gov.bawaba.hub.PostgresTestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The shared processed-file stores on PostgreSQL, the database of a cluster (database {@code test}). */
class ProcessedFileStoresPostgresIT extends ProcessedFileStoresContract {

    private static final PostgresTestSchema SCHEMA = new PostgresTestSchema();

    @BeforeAll
    static void schema() {
        DriverManagerDataSource server = new DriverManagerDataSource(SCHEMA.url(), "postgres", "");
        new JdbcTemplate(server).execute("CREATE SCHEMA " + SCHEMA.name());
        createTable(server);
    }

    @AfterAll
    static void drop() {
        SCHEMA.drop();
    }

    @Override
    DriverManagerDataSource database() {
        return new DriverManagerDataSource(SCHEMA.url(), "postgres", "");
    }
}
