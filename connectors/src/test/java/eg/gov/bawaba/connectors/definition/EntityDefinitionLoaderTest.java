package eg.gov.bawaba.connectors.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import eg.gov.bawaba.connectors.rest.RestCatalogueConnector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entity definitions are validated field by field, with messages that name the file and the field. */
class EntityDefinitionLoaderTest {

    private static final String MAPPING = """
            { "code": id, "kind": "SERVICE", "title": {"ar": nameAr, "en": nameEn},
              "summary": {"ar": nameAr, "en": nameEn}, "category": $lookup($codeLists.category, type),
              "eligibility": {"countries": [], "conditions": []}, "requiredDocuments": [], "channels": ["WEB"] }
            """;

    @TempDir
    Path config;
    Path entities;
    EntityDefinitionLoader loader;

    @BeforeEach
    void entitiesFolder() throws IOException {
        entities = Files.createDirectories(config.resolve("entities"));
        Files.createDirectories(entities.resolve("nosi"));
        write("nosi/catalogue.jsonata", MAPPING);
        write("nosi/code-lists.yaml", "category: {PEN: PENSIONS, INS: INSURANCE}\n");
        Map<String, String> env = Map.of("NOSI_URL", "https://nosi.example.gov.eg/api");
        loader = new EntityDefinitionLoader(entities, text -> text.replace("${NOSI_URL}", env.get("NOSI_URL")),
                List.of(new RestCatalogueConnector()));
    }

    @Test
    void loadsAValidDefinitionWithPlaceholdersAndDefaults() throws IOException {
        Path file = write("nosi.yaml", """
                id: nosi
                names: {ar: الهيئة القومية للتأمين الاجتماعي, en: National Organization for Social Insurance}
                catalogue:
                  connector: {kind: rest, baseUrl: "${NOSI_URL}", path: /services, timeout: 3s}
                  mapping: nosi/catalogue.jsonata
                  codeLists: nosi/code-lists.yaml
                """);

        EntityDefinition definition = loader.load(file);

        assertThat(definition.id()).isEqualTo("nosi");
        assertThat(definition.names().ar()).contains("القومية");
        assertThat(definition.catalogue().connectorKind()).isEqualTo("rest");
        assertThat(definition.catalogue().connector().get("baseUrl").asText()).isEqualTo("https://nosi.example.gov.eg/api");
        assertThat(definition.catalogue().every()).isEqualTo(EntityDefinitionLoader.DEFAULT_EVERY);
        assertThat(definition.catalogue().fullSnapshot()).isTrue();
        assertThat(definition.catalogue().mapping()).isNotNull();
    }

    @Test
    void readsAPlaceholderThatIsTheWholeValueAsTheNumberItResolvesTo() throws IOException {
        EntityDefinitionLoader perEnvironment = new EntityDefinitionLoader(entities,
                text -> text.replace("${NOSI_URL}", "https://nosi.example.gov.eg/api")
                        .replace("${NOSI_PAGE_SIZE:100}", "250").replace("${NOSI_FIRST_PAGE:1}", "0 "),
                List.of(new RestCatalogueConnector()));
        Path file = writeWithPaging("{style: page, pageSize: \"${NOSI_PAGE_SIZE:100}\"}");

        EntityDefinition definition = perEnvironment.load(file);

        JsonNode paging = definition.catalogue().connector().get("paging");
        assertThat(paging.get("pageSize").isInt()).isTrue();
        assertThat(paging.get("pageSize").intValue()).isEqualTo(250);
        assertThat(definition.catalogue().connector().get("baseUrl").isTextual()).isTrue();

        // a value that is more than the placeholder, or resolves to something else, stays text for the schema to judge
        writeWithPaging("{style: page, firstPage: \"${NOSI_FIRST_PAGE:1}\"}");
        InvalidEntityDefinitionException e = catchThrowableOfType(InvalidEntityDefinitionException.class,
                () -> perEnvironment.load(file));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("firstPage").contains("integer expected"));
    }

    /** A REST catalogue definition of nosi at ${NOSI_URL} with the given paging. */
    private Path writeWithPaging(String paging) throws IOException {
        return write("nosi.yaml", """
                id: nosi
                names: {ar: الهيئة, en: NOSI}
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: "${NOSI_URL}"
                    path: /services
                    paging: %s
                  mapping: nosi/catalogue.jsonata
                """.formatted(paging));
    }

    @Test
    void rejectsMissingConnectorFieldNamingFileAndField() throws IOException {
        Path file = write("nosi.yaml", """
                id: nosi
                names: {ar: الهيئة, en: NOSI}
                catalogue:
                  connector: {kind: rest, path: /services}
                  mapping: nosi/catalogue.jsonata
                """);

        InvalidEntityDefinitionException e = catchThrowableOfType(InvalidEntityDefinitionException.class,
                () -> loader.load(file));

        assertThat(e.problems()).singleElement().asString()
                .contains("entities/nosi.yaml").contains("catalogue.connector").contains("baseUrl");
    }

    @Test
    void rejectsEveryProblemAtOnce() throws IOException {
        Path file = write("nosi.yaml", """
                id: NOSI
                names: {ar: National, en: NOSI}
                catalogue:
                  connector: {kind: carrier-pigeon}
                  schedule: {every: often}
                  mapping: nosi/catalogue.jsonata
                  colour: blue
                """);

        InvalidEntityDefinitionException e = catchThrowableOfType(InvalidEntityDefinitionException.class,
                () -> loader.load(file));

        assertThat(String.join("\n", e.problems()))
                .contains("id")
                .contains("names.ar")
                .contains("catalogue.connector.kind")
                .contains("catalogue.schedule.every")
                .contains("colour");
    }

    @Test
    void rejectsIdThatDiffersFromTheFileName() throws IOException {
        Path file = write("nosi.yaml", "id: social-insurance\nnames: {ar: الهيئة, en: NOSI}\n");

        assertThat(catchThrowableOfType(InvalidEntityDefinitionException.class, () -> loader.load(file)).problems())
                .singleElement().asString().contains("id: must equal the file name 'nosi'");
    }

    @Test
    void rejectsMissingMappingFileAndMappingThatDoesNotCompile() throws IOException {
        write("nosi/broken.jsonata", "{ \"code\": id, ");
        Path missing = write("nosi.yaml", """
                id: nosi
                names: {ar: الهيئة, en: NOSI}
                catalogue: {connector: {kind: rest, baseUrl: "http://h", path: /s}, mapping: nosi/none.jsonata}
                """);
        assertThat(catchThrowableOfType(InvalidEntityDefinitionException.class, () -> loader.load(missing)).problems())
                .singleElement().asString().contains("catalogue.mapping").contains("not found");

        Path broken = write("nosi.yaml", """
                id: nosi
                names: {ar: الهيئة, en: NOSI}
                catalogue: {connector: {kind: rest, baseUrl: "http://h", path: /s}, mapping: nosi/broken.jsonata}
                """);
        assertThat(catchThrowableOfType(InvalidEntityDefinitionException.class, () -> loader.load(broken)).problems())
                .singleElement().asString().contains("catalogue.mapping").contains("does not compile");
    }

    @Test
    void refusesMappingPathsOutsideTheEntitiesFolder() throws IOException {
        Path file = write("nosi.yaml", """
                id: nosi
                names: {ar: الهيئة, en: NOSI}
                catalogue: {connector: {kind: rest, baseUrl: "http://h", path: /s}, mapping: ../../etc/passwd}
                """);

        assertThat(catchThrowableOfType(InvalidEntityDefinitionException.class, () -> loader.load(file)).problems())
                .singleElement().asString().contains("must stay inside");
    }

    @Test
    void readsShortAndIsoDurations() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationText.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    private Path write(String name, String text) throws IOException {
        Path file = entities.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
