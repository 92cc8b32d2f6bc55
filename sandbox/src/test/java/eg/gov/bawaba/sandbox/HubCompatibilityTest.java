package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.connectors.definition.EntityDefinition;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.mappings.MappingResult;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loads the demo definitions and maps the sandbox data with the hub's own loader and mapping engine. */
class HubCompatibilityTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+):([^}]*)}");
    // what the hub does with Spring's Environment when nothing overrides the defaults
    private static final EntityDefinitionLoader LOADER = new EntityDefinitionLoader(EntityConfig.directory(),
            text -> PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2))),
            java.util.List.of(new eg.gov.bawaba.connectors.rest.RestCatalogueConnector()),
            java.util.List.of(new eg.gov.bawaba.connectors.rest.RestApplicationDelivery()));

    @ParameterizedTest(name = "{0}")
    @CsvSource({"emigration, emigration/privileges.json", "digital-egypt, digital-egypt/services.json"})
    void theHubAcceptsTheDefinitionAndPublishesEverySandboxRecord(String entityId, String resource)
            throws IOException {
        EntityDefinition definition = LOADER.load(EntityConfig.directory().resolve(entityId + ".yaml"));
        CatalogueFeed feed = definition.catalogueFeed().orElseThrow();

        assertThat(definition.id()).isEqualTo(entityId);
        assertThat(feed.connectorKind()).isEqualTo("rest");
        assertThat(feed.every()).isEqualTo(Duration.ofMinutes(10));
        assertThat(feed.connector().path("baseUrl").asText())
                .isEqualTo("http://127.0.0.1:" + SandboxSettings.DEFAULT_PORT + "/" + entityId);

        List<JsonNode> records = sandboxRecords(resource);
        MappingResult result = feed.mapping().map(records, "REST", Instant.parse("2025-11-28T10:00:00Z"));

        assertThat(result.quarantined()).as("quarantined records").isEmpty();
        assertThat(result.entries()).hasSameSizeAs(records)
                .allSatisfy(entry -> assertThat(entry.id()).startsWith(entityId + "."))
                .allSatisfy(entry -> assertThat(entry.entityId()).isEqualTo(entityId));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"emigration, emigration/privileges.json, REPAT-REMAINS-01",
            "digital-egypt, digital-egypt/services.json, RE-REGISTRATION-INFO"})
    void theInformationalEntryIsInformationalToTheHub(String entityId, String resource, String code)
            throws IOException {
        CatalogueFeed feed = LOADER.load(EntityConfig.directory().resolve(entityId + ".yaml"))
                .catalogueFeed().orElseThrow();

        List<CatalogueEntry> entries = feed.mapping().map(sandboxRecords(resource), "REST", Instant.now()).entries();

        assertThat(entries).filteredOn(entry -> entry.id().equals(entityId + "." + code)).singleElement()
                .satisfies(entry -> assertThat(entry.informational()).isTrue());
        assertThat(entries).filteredOn(entry -> !entry.informational()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"emigration, emigration/privileges.json, typeCode",
            "digital-egypt, digital-egypt/services.json, category"})
    void theHubQuarantinesARecordWhoseCategoryCodeIsMissingFromTheCodeList(String entityId, String resource,
            String categoryField) throws IOException {
        CatalogueFeed feed = LOADER.load(EntityConfig.directory().resolve(entityId + ".yaml"))
                .catalogueFeed().orElseThrow();
        List<JsonNode> records = sandboxRecords(resource);
        ((ObjectNode) records.get(0)).put(categoryField, "SOMETHING_NEW");

        MappingResult result = feed.mapping().map(records, "REST", Instant.now());

        assertThat(result.entries()).hasSize(records.size() - 1);
        assertThat(result.quarantined()).singleElement().satisfies(quarantined -> assertThat(quarantined.reason())
                .contains("code list 'category' has no mapping for 'SOMETHING_NEW'"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"digital-training, digital-training/programmes.json, TRAINING",
            "mcit-content, mcit-content/content.json, CONTENT"})
    void theHubPublishesTheTrainingAndContentFeedsAsTheirKinds(String entityId, String resource, String kind)
            throws IOException {
        CatalogueFeed feed = LOADER.load(EntityConfig.directory().resolve(entityId + ".yaml"))
                .catalogueFeed().orElseThrow();
        List<JsonNode> records = sandboxRecords(resource);

        MappingResult result = feed.mapping().map(records, "REST", Instant.parse("2025-11-28T10:00:00Z"));

        assertThat(result.quarantined()).as("quarantined records").isEmpty();
        assertThat(result.entries()).hasSameSizeAs(records)
                .allSatisfy(entry -> assertThat(entry.kind().name()).isEqualTo(kind))
                .allSatisfy(entry -> assertThat(entry.informational()).isTrue());
        assertThat(feed.connector().path("baseUrl").asText())
                .isEqualTo("http://127.0.0.1:" + SandboxSettings.DEFAULT_PORT + "/" + entityId);
    }

    private static List<JsonNode> sandboxRecords(String resource) throws IOException {
        try (InputStream in = HubCompatibilityTest.class.getClassLoader().getResourceAsStream(resource)) {
            List<JsonNode> records = new ArrayList<>();
            EntityConfig.JSON.readTree(in).forEach(records::add);
            return records;
        }
    }
}
