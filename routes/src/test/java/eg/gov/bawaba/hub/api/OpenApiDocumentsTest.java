package eg.gov.bawaba.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published documents as bundled: self-contained, and complete in what every operation must say. */
class OpenApiDocumentsTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void bundledDocumentsReferenceNothingOutsideThemselvesAndEveryReferenceResolves() {
        for (String resource : OpenApiDocuments.PUBLISHED.values()) {
            ObjectNode document = OpenApiDocuments.bundle(resource);
            List<String> refs = new ArrayList<>();
            collectRefs(document, refs);
            assertThat(refs).as(resource).isNotEmpty().allSatisfy(ref -> {
                assertThat(ref).startsWith("#/");
                assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
            });
            assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
            assertThat(document.path("servers").toString()).doesNotContain("0.0.0.0");
        }
    }

    @Test
    void canonicalSchemasAreBundledFromMappingsNotCopied() {
        JsonNode schemas = OpenApiDocuments.bundle(OpenApiDocuments.API_V1).path("components").path("schemas");
        JsonNode canonical = read("schema/catalogue-entry.schema.json");
        assertThat(schemas.path("CatalogueEntry").path("title")).isEqualTo(canonical.path("title"));
        assertThat(schemas.path("CatalogueEntryKind").path("enum")).isEqualTo(canonical.at("/$defs/kind/enum"));
        assertThat(schemas.path("CatalogueEntryCategory").path("enum")).isEqualTo(canonical.at("/$defs/category/enum"));
        assertThat(schemas.path("ApplicationRequest").path("required"))
                .isEqualTo(read("schema/application-request.schema.json").path("required"));
        assertThat(schemas.path("CatalogueEntry").has("$id")).isFalse();
    }

    @Test
    void everyOperationNamesItsScopesAndAnswersEveryErrorAsAProblem() {
        for (String resource : OpenApiDocuments.PUBLISHED.values()) {
            JsonNode document = OpenApiDocuments.bundle(resource);
            document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                if (!METHODS.contains(op.getKey())) {
                    return;
                }
                String where = op.getKey() + " " + path.getKey();
                JsonNode operation = op.getValue();
                assertThat(operation.path("operationId").asText()).as(where).isNotBlank();
                JsonNode security = operation.path("security");
                if (!path.getKey().startsWith("/callbacks/") && !path.getKey().endsWith("/openapi.json")) {
                    assertThat(security.path(0).path("oauth2")).as(where + " scopes").isNotEmpty();
                }
                operation.path("responses").properties().forEach(response -> {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        JsonNode answer = resolve(document, response.getValue());
                        assertThat(answer.at("/content/application~1problem+json/schema/$ref").asText())
                                .as(where + " " + response.getKey()).isEqualTo("#/components/schemas/Problem");
                    }
                });
            }));
        }
    }

    @Test
    void theStatusWebhookIsDescribed() {
        JsonNode hook = OpenApiDocuments.bundle(OpenApiDocuments.API_V1).at("/webhooks/applicationStatus/post");
        assertThat(hook.at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/StatusNotification");
    }

    @Test
    void aFileReferencedWithoutAComponentOfItsOwnIsRefused() {
        assertThatThrownBy(() -> OpenApiDocuments.bundle("openapi/unnamed-file.yaml"))
                .hasMessageContaining("without naming it as a component");
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectRefs(item, refs));
        }
    }

    private static JsonNode read(String resource) {
        try (var in = OpenApiDocumentsTest.class.getClassLoader().getResourceAsStream(resource)) {
            return eg.gov.bawaba.mappings.CanonicalJson.mapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
