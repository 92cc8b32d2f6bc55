package eg.gov.bawaba.hub.audit;

import eg.gov.bawaba.hub.PostgresTestSchema;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit chain contract on PostgreSQL (profile {@code postgres}, server at 127.0.0.1:5432), in a schema of its own
 * that Flyway creates (V5, the Java migrations 5.1 and 14 included) and the test drops, as it drops the schemas the
 * upgrade test makes.
 */
@ActiveProfiles("postgres")
class AuditChainPostgresIT extends AuditChainContract {

    private static final PostgresTestSchema SCHEMA = new PostgresTestSchema();
    private static final List<PostgresTestSchema> UPGRADED = new ArrayList<>();

    @DynamicPropertySource
    static void ownSchema(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
    }

    @Override
    FluentConfiguration emptyDatabase() {
        PostgresTestSchema schema = new PostgresTestSchema();
        UPGRADED.add(schema);
        return Flyway.configure().placeholders(java.util.Map.of("legacy_owner", "bawaba:legacy")).dataSource(schema.url(), "postgres", "").schemas(schema.name());
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
        UPGRADED.forEach(PostgresTestSchema::drop);
    }
}
