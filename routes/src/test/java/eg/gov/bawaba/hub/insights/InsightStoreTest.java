package eg.gov.bawaba.hub.insights;

import org.springframework.test.context.TestPropertySource;

/** The insight store contract on the embedded default database, H2 in file mode. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:file:./target/test-data/insights-${random.uuid}/bawaba")
class InsightStoreTest extends InsightStoreContract {

    @Override
    String expectedUpsertStart() {
        return "MERGE INTO insight_count";
    }
}
