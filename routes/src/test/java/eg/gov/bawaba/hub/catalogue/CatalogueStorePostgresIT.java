package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import eg.gov.bawaba.hub.PostgresTestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The store contract on PostgreSQL (profile {@code postgres}, server at 127.0.0.1:5432), in a schema of its own that
 * Flyway creates and the test drops.
 */
@ActiveProfiles("postgres")
class CatalogueStorePostgresIT extends CatalogueStoreContract {

    private static final PostgresTestSchema SCHEMA = new PostgresTestSchema();

    @DynamicPropertySource
    static void ownSchema(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void indexesTheStoredStatesReadWithOneCoveringIndex() {
        // PostgreSQL plans a table this small with a sequential scan, so the test checks the index, not the plan
        assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename = "
                + "'catalogue_entry' ORDER BY indexname", String.class, SCHEMA.name()))
                .containsExactly("catalogue_entry_pkey", "catalogue_entry_state");
        assertThat(jdbc.queryForObject("SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND indexname = "
                + "'catalogue_entry_state'", String.class, SCHEMA.name()))
                .endsWith("(entity_id, id, status, version, content_hash)");
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
    }
}
