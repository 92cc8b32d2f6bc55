package eg.gov.bawaba.hub.experts;

import org.springframework.test.context.TestPropertySource;

/** The experts contract on the embedded default database, H2 in file mode. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:file:./target/test-data/experts-${random.uuid}/bawaba")
class ExpertsStoreTest extends ExpertsContract {}
