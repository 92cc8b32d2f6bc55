package eg.gov.bawaba.hub.insights;

import eg.gov.bawaba.hub.PostgresTestSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The insight store contract on PostgreSQL (profile {@code postgres}, server at 127.0.0.1:5432), in a schema of its
 * own that Flyway creates and the test drops.
 */
@ActiveProfiles("postgres")
class InsightStorePostgresIT extends InsightStoreContract {

    private static final PostgresTestSchema SCHEMA = new PostgresTestSchema();

    @DynamicPropertySource
    static void ownSchema(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
    }

    @Override
    String expectedUpsertStart() {
        return "INSERT INTO insight_count AS t";
    }
}
