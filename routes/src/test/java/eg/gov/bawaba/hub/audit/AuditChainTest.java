package eg.gov.bawaba.hub.audit;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.test.context.TestPropertySource;

/** The audit chain contract on the embedded default database, H2 in file mode. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:file:./target/test-data/audit-${random.uuid}/bawaba")
class AuditChainTest extends AuditChainContract {

    @Override
    FluentConfiguration emptyDatabase() {
        return Flyway.configure().placeholders(java.util.Map.of("legacy_owner", "bawaba:legacy")).dataSource("jdbc:h2:file:./target/test-data/audit-upgrade-" + UUID.randomUUID()
                + "/bawaba", "bawaba", "");
    }
}
