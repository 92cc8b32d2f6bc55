package eg.gov.bawaba.mappings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/** Schema violations come back as dotted field paths that an operator can act on. */
class JsonSchemaCheckTest {

    private static final JsonSchemaCheck ENTITY_DEFINITION =
            JsonSchemaCheck.fromClasspath("schema/test-entity-definition.schema.json");

    private static JsonNode yaml(String text) throws Exception {
        return new YAMLMapper().readTree(text);
    }

    @Test
    void acceptsAValidYamlDocument() throws Exception {
        JsonNode definition = yaml("""
                id: emigration
                nameAr: وزارة الدولة للهجرة وشؤون المصريين بالخارج
                catalogue:
                  schedule: "0 0 3 * * *"
                  connector:
                    protocol: REST
                    baseUrl: https://api.emigration.gov.eg/v1
                """);

        assertThat(ENTITY_DEFINITION.validate(definition)).isEmpty();
    }

    @Test
    void namesMissingNestedFieldAsDottedPath() throws Exception {
        JsonNode definition = yaml("""
                id: emigration
                catalogue:
                  schedule: "0 0 3 * * *"
                  connector:
                    protocol: REST
                """);

        assertThat(ENTITY_DEFINITION.validate(definition))
                .containsExactly("catalogue.connector.baseUrl: is missing but required");
    }

    @Test
    void reportsSeveralProblemsSortedAndAssertsFormats() throws Exception {
        JsonNode definition = yaml("""
                id: Emigration Ministry
                catalogue:
                  schedule: nightly
                  connector:
                    protocol: HTTP
                    baseUrl: "api emigration gov eg"
                    timeoutSeconds: 0
                  extra: true
                owner: someone
                """);

        assertThat(ENTITY_DEFINITION.validate(definition)).containsExactly(
                "catalogue.connector.baseUrl: does not match the uri pattern must be a valid RFC 3986 URI (found \"api emigration gov eg\")",
                "catalogue.connector.protocol: does not have a value in the enumeration [\"REST\", \"SOAP\", \"FILE\", \"SFTP\"] (found \"HTTP\")",
                "catalogue.connector.timeoutSeconds: must have a minimum value of 1 (found 0)",
                "id: does not match the regex pattern ^[a-z0-9][a-z0-9-]*$ (found \"Emigration Ministry\")",
                "owner: is not allowed here (unknown field)");
    }

    @Test
    void reportsWrongRootTypeAgainstTheDocument() throws Exception {
        assertThat(ENTITY_DEFINITION.validate(yaml("- just\n- a list\n")))
                .containsExactly("document: array found, object expected");
    }

    @Test
    void loadsSchemasWrittenInYamlAndAcceptsLeadingSlash() throws Exception {
        JsonSchemaCheck contact = JsonSchemaCheck.fromClasspath("/schema/contact.schema.yaml");

        assertThat(contact.validate(yaml("email: consulate@egyptembassy.net"))).isEmpty();
        assertThat(contact.validate(yaml("email: not-an-address"))).singleElement().asString().startsWith("email:");
        assertThat(contact.resource()).isEqualTo("schema/contact.schema.yaml");
    }

    @Test
    void failsClearlyForMissingSchema() {
        assertThatThrownBy(() -> JsonSchemaCheck.fromClasspath("schema/no-such.schema.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema/no-such.schema.json");
    }
}
