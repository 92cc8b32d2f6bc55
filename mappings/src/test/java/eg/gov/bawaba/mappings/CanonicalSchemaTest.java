package eg.gov.bawaba.mappings;

import static eg.gov.bawaba.mappings.Fixtures.dollarCertificates;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.model.Category;
import eg.gov.bawaba.mappings.model.ContentType;
import eg.gov.bawaba.mappings.model.EntryKind;
import eg.gov.bawaba.mappings.model.TrainingFormat;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The canonical schema accepts valid entries, names the field of every violation, and documents itself. */
class CanonicalSchemaTest {

    private static ObjectNode validDocument() {
        ObjectNode document = CanonicalJson.mapper().valueToTree(dollarCertificates(Fixtures.SYNCED_AT));
        ((ObjectNode) document.get("provenance")).put("contentHash", CanonicalJson.contentHashOf(document));
        return document;
    }

    private static JsonNode schema() throws Exception {
        try (InputStream in = CanonicalSchema.open()) {
            return CanonicalJson.mapper().readTree(in);
        }
    }

    @Test
    void acceptsAValidEntry() {
        assertThat(CanonicalSchema.validate(validDocument())).isEmpty();
    }

    @Test
    void acceptsNullForEveryOptionalField() {
        ObjectNode document = validDocument();
        for (String field : List.of("fee", "applicationForm", "validity", "officialUrl")) {
            document.putNull(field);
        }

        assertThat(CanonicalSchema.validate(document)).isEmpty();
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("/id", "\"EMG-BNK-03\"", "id: does not match the regex pattern"),
                Arguments.of("/entityId", "\"Emigration\"", "entityId: does not match the regex pattern"),
                Arguments.of("/kind", "\"BENEFIT\"", "kind: does not have a value in the enumeration"),
                Arguments.of("/title/ar", "\"Dollar certificates\"", "title.ar: does not match the regex pattern"),
                Arguments.of("/summary/en", "\"\"", "summary.en: must be at least 1 characters long"),
                Arguments.of("/category", "\"FINANCE\"", "category: does not have a value in the enumeration"),
                Arguments.of("/eligibility/countries", "[\"sa\"]", "eligibility.countries[0]: does not match the regex pattern"),
                Arguments.of("/fee", "{\"amount\": -5, \"currency\": \"USD\"}", "fee.amount: must have a minimum value of 0"),
                Arguments.of("/fee", "{\"amount\": 5, \"currency\": \"dollar\"}", "fee.currency: does not match the regex pattern"),
                Arguments.of("/fee", "{\"amount\": \"5\", \"currency\": \"USD\"}", "fee.amount: string found, number expected"),
                Arguments.of("/requiredDocuments", "[{\"ar\": \"جواز سفر\"}]", "requiredDocuments[0].en: is missing but required"),
                Arguments.of("/channels", "[\"KIOSK\"]", "channels[0]: does not have a value in the enumeration"),
                Arguments.of("/applicationForm", "{\"type\": \"array\"}", "applicationForm.type: must be the constant value 'object'"),
                Arguments.of("/applicationForm", "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\", "
                        + "\"x-applicant\": \"nationalID\"}}}", "applicationForm.properties.id.x-applicant: does not have a value in the enumeration"),
                Arguments.of("/validity", "{\"from\": \"31/12/2025\", \"to\": null}", "validity.from: does not match the date pattern"),
                Arguments.of("/validity", "{\"from\": \"2025-02-30\", \"to\": null}", "validity.from: does not match the date pattern"),
                Arguments.of("/officialUrl", "\"ftp://emigration.gov.eg/cars\"", "officialUrl: does not match the regex pattern ^https?://"),
                Arguments.of("/provenance/sourceProtocol", "\"HTTP\"", "provenance.sourceProtocol: does not have a value in the enumeration"),
                Arguments.of("/provenance/syncedAt", "\"yesterday\"", "provenance.syncedAt: does not match the date-time pattern"),
                Arguments.of("/provenance/contentHash", "\"md5:abc\"", "provenance.contentHash: does not match the regex pattern"),
                Arguments.of("/provenance/version", "0", "provenance.version: must have a minimum value of 1"),
                Arguments.of("/provenance/status", "\"DELETED\"", "provenance.status: does not have a value in the enumeration"),
                Arguments.of("/title/fr", "\"Certificats\"", "title.fr: is not allowed here (unknown field)"),
                Arguments.of("/nameEn", "\"Certificates\"", "nameEn: is not allowed here (unknown field)"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("violations")
    void rejectsDocumentsBreakingARuleAndNamesTheField(String pointer, String value, String expectedMessage)
            throws Exception {
        ObjectNode document = validDocument();
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) document.at(pointer.substring(0, slash));
        parent.set(pointer.substring(slash + 1), CanonicalJson.mapper().readTree(value));

        assertThat(CanonicalSchema.validate(document)).anySatisfy(m -> assertThat(m).startsWith(expectedMessage));
    }

    @Test
    void namesEveryMissingRequiredField() {
        ObjectNode document = validDocument();
        for (String field : List.of("kind", "title", "summary", "category", "eligibility", "requiredDocuments",
                "channels", "provenance")) {
            document.remove(field);
        }

        assertThat(CanonicalSchema.validate(document)).containsExactly(
                "category: is missing but required",
                "channels: is missing but required",
                "eligibility: is missing but required",
                "kind: is missing but required",
                "provenance: is missing but required",
                "requiredDocuments: is missing but required",
                "summary: is missing but required",
                "title: is missing but required");
    }

    @Test
    void servesTheSchemaDocumentWithItsId() throws Exception {
        JsonNode schema = schema();

        assertThat(schema.path("$id").asText()).isEqualTo(CanonicalSchema.ID);
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void documentsEveryProperty() throws Exception {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(schema(), "", undocumented);

        assertThat(undocumented).isEmpty();
    }

    @Test
    void kindTrainingFormatAndContentTypeVocabulariesMatchTheModel() throws Exception {
        JsonNode schema = schema();

        assertThat(enumValues(schema.at("/$defs/kind/enum")))
                .containsExactlyElementsOf(Arrays.stream(EntryKind.values()).map(Enum::name).toList());
        assertThat(enumValues(schema.at("/$defs/training/properties/format/enum")))
                .containsExactlyElementsOf(Arrays.stream(TrainingFormat.values()).map(Enum::name).toList());
        assertThat(enumValues(schema.at("/$defs/content/properties/contentType/enum")))
                .containsExactlyElementsOf(Arrays.stream(ContentType.values()).map(Enum::name).toList());
    }

    @Test
    void categoryVocabularyMatchesTheModel() throws Exception {
        assertThat(enumValues(schema().at("/$defs/category/enum")))
                .containsExactlyElementsOf(Arrays.stream(Category.values()).map(Enum::name).toList());
    }

    @Test
    void sourceProtocolsMatchTheMappingEngine() throws Exception {
        assertThat(enumValues(schema().at("/$defs/provenance/properties/sourceProtocol/enum")))
                .containsExactlyInAnyOrderElementsOf(CatalogueMapping.SOURCE_PROTOCOLS);
    }

    private static List<String> enumValues(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static void collectUndocumented(JsonNode schema, String path, List<String> undocumented) {
        for (String container : List.of("properties", "$defs")) {
            JsonNode children = schema.path(container);
            for (Map.Entry<String, JsonNode> child : children.properties()) {
                String childPath = path + "/" + child.getKey();
                JsonNode childSchema = child.getValue();
                if (childSchema.path("$ref").asText().startsWith("#/$defs/")) {
                    // a named part (the OpenAPI documents reuse it by name): documented where $defs defines it
                    continue;
                }
                if (!childSchema.hasNonNull("title") || !childSchema.hasNonNull("description")) {
                    undocumented.add(childPath);
                }
                collectUndocumented(childSchema, childPath, undocumented);
            }
        }
        if (schema.has("items")) {
            collectUndocumented(schema.get("items"), path + "[]", undocumented);
        }
    }
}
