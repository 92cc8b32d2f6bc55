package eg.gov.bawaba.hub.audit;

import eg.gov.bawaba.hub.PostgresTestSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit chain contract on PostgreSQL (profile {@code postgres}, server at 127.0.0.1:5432), in a schema of its own
 * that Flyway creates (V5 and the Java migration 5.1 included) and the test drops.
 */
@ActiveProfiles("postgres")
class AuditChainPostgresIT extends AuditChainContract {

    private static final PostgresTestSchema SCHEMA = new PostgresTestSchema();

    @DynamicPropertySource
    static void ownSchema(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
    }
}
