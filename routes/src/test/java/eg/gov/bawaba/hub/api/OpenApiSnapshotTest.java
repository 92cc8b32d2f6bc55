package eg.gov.bawaba.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The versioning promise of docs/api.md: the current v1 documents remove and narrow nothing of the published
 * snapshots in docs/api/. After an additive change, refresh them with {@code -Dbawaba.openapi.snapshot=update}.
 */
class OpenApiSnapshotTest {

    static final Path SNAPSHOTS = Path.of("..", "docs", "api");

    @Test
    void currentDocumentsBreakNothingOfThePublishedV1() throws IOException {
        for (var published : OpenApiDocuments.PUBLISHED.entrySet()) {
            Path snapshot = SNAPSHOTS.resolve(published.getKey().replace(".json", ".snapshot.json"));
            String current = OpenApiDocuments.json(published.getValue());
            if ("update".equals(System.getProperty("bawaba.openapi.snapshot"))) {
                Files.createDirectories(SNAPSHOTS);
                Files.writeString(snapshot, current + "\n");
            }
            assertThat(snapshot).as("published snapshot").exists();
            assertThat(OpenApiCompatibility.breakingChanges(read(Files.readString(snapshot)), read(current)))
                    .as("breaking changes to %s; v1 may only grow (docs/api.md, \"Versioning\")", snapshot)
                    .isEmpty();
        }
    }

    @Test
    void removingAPathAnOperationOrAResponseIsBreaking() {
        JsonNode published = api();
        ObjectNode changed = api();
        ((ObjectNode) changed.path("paths")).remove("/api/v1/entities");
        ((ObjectNode) changed.at("/paths/~1api~1v1~1experts")).remove("get");
        ((ObjectNode) changed.at("/paths/~1api~1v1~1applications/post/responses")).remove("202");
        assertThat(OpenApiCompatibility.breakingChanges(published, changed)).containsExactlyInAnyOrder(
                "path removed: /api/v1/entities",
                "operation removed: GET /api/v1/experts",
                "POST /api/v1/applications: response 202 removed");
    }

    @Test
    void removingAPropertyOrAnEnumValueOrNarrowingATypeIsBreaking() {
        JsonNode published = api();
        ObjectNode changed = api();
        ObjectNode schemas = (ObjectNode) changed.at("/components/schemas");
        ((ObjectNode) schemas.at("/Application/properties")).remove("entityReference");
        ArrayNode statuses = (ArrayNode) schemas.at("/ApplicationStatus/enum");
        statuses.remove(statuses.size() - 1);
        ((ObjectNode) schemas.at("/CataloguePage/properties/total")).put("type", "string");
        assertThat(OpenApiCompatibility.breakingChanges(published, changed)).containsExactlyInAnyOrder(
                "schema Application: property removed: entityReference",
                "schema ApplicationStatus: enum value removed: \"DELIVERY_FAILED\"",
                "schema CataloguePage.total: type narrowed from [integer] to [string]");
    }

    @Test
    void makingAnOptionalParameterRequiredIsBreakingButAddingAnOptionalOneIsNot() {
        JsonNode published = api();
        ObjectNode changed = api();
        ArrayNode parameters = (ArrayNode) changed.at("/paths/~1api~1v1~1catalogue/get/parameters");
        ((ObjectNode) parameters.get(0)).put("required", true);
        parameters.addObject().put("name", "sort").put("in", "query").putObject("schema").put("type", "string");
        ((ObjectNode) changed.at("/components/schemas/Application/properties")).putObject("channel").put("type", "string");
        assertThat(OpenApiCompatibility.breakingChanges(published, changed))
                .containsExactly("GET /api/v1/catalogue: parameter query kind is required now");
    }

    private static ObjectNode api() {
        return OpenApiDocuments.bundle(OpenApiDocuments.API_V1);
    }

    private static JsonNode read(String json) throws IOException {
        return CanonicalJson.mapper().readTree(json);
    }
}
