package eg.gov.bawaba.hub.catalogue;

import org.springframework.test.context.TestPropertySource;

/** The store contract on the embedded default database, H2 in file mode. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:file:./target/test-data/store-${random.uuid}/bawaba")
class CatalogueStoreTest extends CatalogueStoreContract {}
