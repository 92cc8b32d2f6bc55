package eg.gov.bawaba.connectors.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.connectors.definition.EntityDefinition;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.rest.RestCatalogueConnector;
import eg.gov.bawaba.mappings.CatalogueMapping;
import eg.gov.bawaba.mappings.MappingResult;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.Category;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in docs/onboarding.md work exactly as written, so an engineer can copy them. */
class OnboardingGuideExampleTest {

    private static final Path GUIDE = Path.of("..", "docs", "onboarding.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void workedMappingExampleProducesTheEntryTheGuideDescribes() throws Exception {
        List<String[]> blocks = blocks();
        String record = block(blocks, "json", "serviceNo");
        String mapping = block(blocks, "jsonata", "serviceNo");
        String codeLists = block(blocks, "yaml", "PEN: PENSIONS");

        Map<String, Object> lists = new ObjectMapper(new YAMLFactory()).readValue(codeLists, new TypeReference<>() {});
        MappingResult result = CatalogueMapping.compile("nosi", mapping, lists)
                .map(List.of(new ObjectMapper().readTree(record)), "REST", Instant.now());

        assertThat(result.quarantined()).isEmpty();
        CatalogueEntry entry = result.entries().get(0);
        assertThat(entry.id()).isEqualTo("nosi.PEN-07");
        assertThat(entry.category()).isEqualTo(Category.PENSIONS);
        assertThat(entry.eligibility().countries()).containsExactly("SA", "AE");
    }

    @Test
    void exampleDefinitionIsValid() throws Exception {
        String definition = block(blocks(), "yaml", "id: emigration");
        Path entities = Files.createTempDirectory("guide").resolve("entities");
        Files.createDirectories(entities.resolve("emigration"));
        Files.writeString(entities.resolve("emigration.yaml"), definition);
        Files.copy(Path.of("..", "config", "entities", "emigration", "catalogue.jsonata"),
                entities.resolve("emigration/catalogue.jsonata"));
        Files.copy(Path.of("..", "config", "entities", "emigration", "code-lists.yaml"),
                entities.resolve("emigration/code-lists.yaml"));

        EntityDefinition loaded = new EntityDefinitionLoader(entities,
                text -> text.replace("${EMIGRATION_BASE_URL:http://127.0.0.1:8091/emigration}", "http://127.0.0.1:8091/emigration"),
                List.of(new RestCatalogueConnector()))
                .load(entities.resolve("emigration.yaml"));

        assertThat(loaded.catalogue().connector().get("baseUrl").asText()).isEqualTo("http://127.0.0.1:8091/emigration");
    }

    private static List<String[]> blocks() throws Exception {
        Matcher m = BLOCK.matcher(Files.readString(GUIDE));
        List<String[]> found = new ArrayList<>();
        while (m.find()) {
            found.add(new String[] {m.group(1), m.group(2)});
        }
        return found;
    }

    private static String block(List<String[]> blocks, String language, String containing) {
        return blocks.stream().filter(b -> b[0].equals(language) && b[1].contains(containing)).findFirst()
                .map(b -> b[1]).orElseThrow(() -> new AssertionError("no " + language + " block with " + containing));
    }
}
