package eg.gov.bawaba.hub.entities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.catalogue.SyncReport;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Broken entity definitions are rejected one by one with messages naming file and field; the hub runs the rest. */
class EntityDefinitionsTest extends HubTestSupport {

    @Test
    void brokenDefinitionsAreDisabledWithMessagesNamingTheFieldWhileOthersRun() {
        JsonNode entities = json(get("/api/v1/entities")).get("entities");

        JsonNode broken = byId(entities, "broken-ministry");
        assertThat(broken.get("status").asText()).isEqualTo("DISABLED");
        assertThat(broken.get("problems").toString())
                .contains("broken-ministry.yaml")
                .contains("catalogue.connector")
                .contains("baseUrl");

        JsonNode badMapping = byId(entities, "bad-mapping");
        assertThat(badMapping.get("status").asText()).isEqualTo("DISABLED");
        assertThat(badMapping.get("problems").toString()).contains("bad-mapping.yaml").contains("catalogue.mapping");

        JsonNode emigration = byId(entities, "emigration");
        assertThat(emigration.get("status").asText()).isEqualTo("RUNNING");
        assertThat(emigration.get("connectorKinds").toString()).contains("REST");
        assertThat(emigration.at("/names/ar").asText()).contains("الدولة");
        assertThat(sync("emigration").outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(byId(json(get("/api/v1/entities")).get("entities"), "emigration").get("entryCount").asInt())
                .isEqualTo(5);
    }

    @Test
    void onDemandSyncOfDisabledOrUnknownEntityIsAProblem() {
        ResponseEntity<String> disabled = http.postForEntity("/ops/v1/entities/broken-ministry/sync", null, String.class);
        assertThat(disabled.getStatusCode().value()).isEqualTo(404);
        assertThat(json(disabled).get("detail").asText()).contains("disabled").contains("baseUrl");

        ResponseEntity<String> unknown = http.postForEntity("/ops/v1/entities/ministry-of-magic/sync", null, String.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    }

    @Test
    void onDemandSyncAnswersWithItsReport() {
        ResponseEntity<String> response = http.postForEntity("/ops/v1/entities/emigration/sync", null, String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode report = json(response);
        assertThat(report.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.get("added").asInt()).isEqualTo(5);
        assertThat(report.get("trigger").asText()).isEqualTo("ON_DEMAND");
        assertThat(json(get("/ops/v1/entities/emigration/syncs")).get("syncs").size()).isEqualTo(1);
    }

    private static JsonNode byId(JsonNode entities, String id) {
        for (JsonNode entity : entities) {
            if (entity.get("id").asText().equals(id)) {
                return entity;
            }
        }
        throw new AssertionError("no entity " + id + " in " + entities);
    }
}
