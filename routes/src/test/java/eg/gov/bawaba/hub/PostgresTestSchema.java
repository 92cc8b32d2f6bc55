package eg.gov.bawaba.hub;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A schema of its own on the test PostgreSQL server (127.0.0.1:5432, or {@code -Dbawaba.it.postgres}) for one
 * {@code *PostgresIT} class: Flyway creates it, the class drops it after its tests.
 */
public final class PostgresTestSchema {

    private static final String SERVER = System.getProperty("bawaba.it.postgres",
            "jdbc:postgresql://127.0.0.1:5432/test");

    private final String name = "bawaba_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public String name() {
        return name;
    }

    /** The JDBC URL of this schema on the test server. */
    public String url() {
        return SERVER + "?currentSchema=" + name;
    }

    /** Points the hub's datasource and Flyway at this schema. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::url);
        registry.add("spring.flyway.schemas", () -> name);
        // the contexts of every PostgreSQL test stay cached in one JVM: each keeps a small pool
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    }

    public void drop() {
        new JdbcTemplate(new DriverManagerDataSource(SERVER, "postgres", ""))
                .execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
}
