package eg.gov.bawaba.hub.audit;

import org.springframework.test.context.TestPropertySource;

/** The audit chain contract on the embedded default database, H2 in file mode. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:file:./target/test-data/audit-${random.uuid}/bawaba")
class AuditChainTest extends AuditChainContract {}
