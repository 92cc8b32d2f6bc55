package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The store contract on PostgreSQL (profile {@code postgres}, server at 127.0.0.1:5432), in a schema of its own that
 * Flyway creates and the test drops.
 */
@ActiveProfiles("postgres")
class CatalogueStorePostgresIT extends CatalogueStoreContract {

    private static final String SCHEMA = "bawaba_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String SERVER = System.getProperty("bawaba.it.postgres", "jdbc:postgresql://127.0.0.1:5432/test");

    @DynamicPropertySource
    static void ownSchema(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> SERVER + "?currentSchema=" + SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        // the contexts of every PostgreSQL test stay cached in one JVM: each keeps a small pool
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void indexesTheStoredStatesReadWithOneCoveringIndex() {
        // PostgreSQL plans a table this small with a sequential scan, so the test checks the index, not the plan
        assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = "
                + "'catalogue_entry' ORDER BY indexname", String.class, SCHEMA))
                .containsExactly("catalogue_entry_pkey", "catalogue_entry_state");
        assertThat(jdbc.queryForObject("SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND indexname = "
                + "'catalogue_entry_state'", String.class, SCHEMA))
                .endsWith("(entity_id, id, status, version, content_hash)");
    }

    @AfterAll
    static void dropSchema() {
        new JdbcTemplate(new DriverManagerDataSource(SERVER, "postgres", ""))
                .execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
}
