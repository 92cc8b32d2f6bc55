package eg.gov.bawaba.hub.audit;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit chain contract on PostgreSQL (profile {@code postgres}, server at 127.0.0.1:5432), in a schema of its own
 * that Flyway creates (V5 and the Java migration 5.1 included) and the test drops.
 */
@ActiveProfiles("postgres")
class AuditChainPostgresIT extends AuditChainContract {

    private static final String SCHEMA = "bawaba_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String SERVER = System.getProperty("bawaba.it.postgres", "jdbc:postgresql://127.0.0.1:5432/test");

    @DynamicPropertySource
    static void ownSchema(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> SERVER + "?currentSchema=" + SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        // the contexts of every PostgreSQL test stay cached in one JVM: each keeps a small pool
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    }

    @AfterAll
    static void dropSchema() {
        new JdbcTemplate(new DriverManagerDataSource(SERVER, "postgres", ""))
                .execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
}
