package eg.gov.bawaba.hub.catalogue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestEntities;
import eg.gov.bawaba.hub.applications.QueueDepths;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.hub.entities.EntityDefinitionsLoadedEvent;
import eg.gov.bawaba.hub.security.Scopes;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An entity's entries leave the catalogue when its definition is removed, when an operator withdraws them on purpose,
 * or one by one when its mapping leaves a record out; each withdrawal is versioned and in the change feed.
 */
class CatalogueRemovalTest extends HubTestSupport {

    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(10);
    private static final String FEED = "/emigration/api/v1/privileges";
    private static final Path GONE = ENTITIES.resolve("gone-ministry.yaml");
    private static final Path PROGRAMMES = ENTITIES.resolve("programmes.yaml");
    private static final Path HELD = ENTITIES.resolve("held-ministry.yaml");

    @Autowired
    QueueDepths depths;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    CatalogueStore store;
    @Autowired
    CatalogueSyncService syncService;

    @AfterEach
    void removeTheseEntities() throws IOException {
        Files.deleteIfExists(GONE);
        Files.deleteIfExists(PROGRAMMES);
        Files.deleteIfExists(HELD);
        await().atMost(WITHIN_SECONDS).until(() -> entity("gone-ministry") == null && entity("programmes") == null
                && entity("held-ministry") == null);
    }

    @Test
    void removingADefinitionWithdrawsItsEntriesAndPuttingItBackRepublishesThemAtTheNextSync() throws IOException {
        write(GONE, TestEntities.emigrationFeedDefinition("gone-ministry", "Ministry soon gone", "emigration"));
        await().atMost(WITHIN_SECONDS).until(() -> entity("gone-ministry") != null);
        assertThat(sync("gone-ministry").added()).isEqualTo(5);
        String etagBefore = get("/api/v1/catalogue?entity=gone-ministry").getHeaders().getETag();
        String since = lastCursor();

        Files.delete(GONE);
        await().atMost(WITHIN_SECONDS).until(() -> entity("gone-ministry") == null);

        assertThat(json(get("/api/v1/catalogue?entity=gone-ministry")).get("total").asInt()).isZero();
        assertThat(json(get("/api/v1/catalogue?q=car%20import")).findValuesAsText("id"))
                .noneMatch(id -> id.startsWith("gone-ministry."));
        assertThat(json(get("/api/v1/catalogue?entity=gone-ministry&status=WITHDRAWN")).get("total").asInt()).isEqualTo(5);
        JsonNode car = json(get("/api/v1/catalogue/gone-ministry.CAR-IMPORT-01"));
        assertThat(car.at("/provenance/status").asText()).isEqualTo("WITHDRAWN");
        assertThat(car.at("/provenance/version").asLong()).isEqualTo(2);
        assertThat(get("/api/v1/catalogue?entity=gone-ministry").getHeaders().getETag()).isNotEqualTo(etagBefore);
        List<JsonNode> changes = changesSince(since);
        assertThat(changes).hasSize(5).allSatisfy(c -> {
            assertThat(c.get("entityId").asText()).isEqualTo("gone-ministry");
            assertThat(c.get("change").asText()).isEqualTo("WITHDRAWN");
            assertThat(c.get("version").asLong()).isEqualTo(2);
        });
        JsonNode audit = json(get("/ops/v1/audit?entity=gone-ministry")).get("records").get(0);
        assertThat(audit.get("actor").asText()).isEqualTo(RemovedEntityWithdrawal.ACTOR);
        assertThat(audit.get("action").asText()).isEqualTo("catalogue-withdraw");
        assertThat(audit.get("detail").asText()).isEqualTo("5 entries withdrawn; reason: its definition was removed");
        // the other entities keep theirs
        assertThat(sync("emigration").added()).isEqualTo(5);

        write(GONE, TestEntities.emigrationFeedDefinition("gone-ministry", "Ministry soon gone", "emigration"));
        await().atMost(WITHIN_SECONDS).until(() -> entity("gone-ministry") != null);
        SyncReport back = sync("gone-ministry");

        assertThat(back.updated()).isEqualTo(5);
        assertThat(json(get("/api/v1/catalogue?entity=gone-ministry")).get("total").asInt()).isEqualTo(5);
        JsonNode republished = json(get("/api/v1/catalogue/gone-ministry.CAR-IMPORT-01"));
        assertThat(republished.at("/provenance/status").asText()).isEqualTo("ACTIVE");
        assertThat(republished.at("/provenance/version").asLong()).isEqualTo(3);
    }

    @Test
    void applicationsHeldForARemovedEntityStayQueuedAndVisible() throws IOException {
        write(HELD, TestEntities.emigrationFeedDefinition("held-ministry", "Ministry holding applications", "emigration")
                + """
                applications:
                  connector:
                    kind: rest
                    baseUrl: ${HELD_MINISTRY_BASE_URL}
                    path: /held/applications
                    auth: {type: api-key, header: X-Api-Key, secretEnv: HELD_MINISTRY_API_KEY}
                    referencePointer: /reference
                  mapping: emigration/application.jsonata
                """);
        await().atMost(WITHIN_SECONDS).until(() -> entity("held-ministry") != null);
        sync("held-ministry");
        // a suspended entity keeps accepting applications and holds them in its queue
        assertThat(post("/ops/v1/entities/held-ministry/suspend", "{\"reason\": \"held for the test\"}",
                Scopes.OPS_READ, Scopes.OPS_WRITE).getStatusCode().value()).isEqualTo(200);
        ObjectNode application = SampleApplications.carImport();
        application.put("entryId", "held-ministry.CAR-IMPORT-01");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "held-" + UUID.randomUUID());
        ResponseEntity<String> accepted = http.postForEntity("/api/v1/applications",
                new HttpEntity<>(application.toString(), headers), String.class);
        assertThat(accepted.getStatusCode().is2xxSuccessful()).as(accepted.getBody()).isTrue();
        String id = json(accepted).get("id").asText();
        await().atMost(WITHIN_SECONDS).until(() -> depths.depth("held-ministry") == 1);
        String statusBefore = json(get("/api/v1/applications/" + id)).get("status").asText();

        Files.delete(HELD);
        await().atMost(WITHIN_SECONDS).until(() -> entity("held-ministry") == null);

        assertThat(json(get("/api/v1/catalogue?entity=held-ministry")).get("total").asInt()).isZero();
        assertThat(depths.depth("held-ministry")).isEqualTo(1);
        assertThat(json(get("/api/v1/applications/" + id)).get("status").asText()).isEqualTo(statusBefore);
    }

    @Test
    void aDefinitionThatTurnsInvalidKeepsItsEntriesPublished() throws IOException {
        String definition = TestEntities.emigrationFeedDefinition("gone-ministry", "Ministry soon gone", "emigration");
        write(GONE, definition);
        await().atMost(WITHIN_SECONDS).until(() -> entity("gone-ministry") != null);
        sync("gone-ministry");

        write(GONE, definition.replace("path: /api/v1/privileges", "path: no-slash"));
        await().atMost(WITHIN_SECONDS).until(() -> entity("gone-ministry").has("problems"));

        assertThat(entity("gone-ministry").get("status").asText()).isEqualTo("RUNNING");
        assertThat(json(get("/api/v1/catalogue?entity=gone-ministry")).get("total").asInt()).isEqualTo(5);
    }

    @Test
    void withdrawsACatalogueOfManyThousandEntriesInChunksAndLeavesNoneActive() {
        int entries = CatalogueSyncService.WITHDRAW_CHUNK * 2 + 17;
        List<CatalogueEntry> bulk = IntStream.range(0, entries)
                .mapToObj(n -> CatalogueStoreContract.entry("bulk-ministry", "P" + n, "بند " + n)).toList();
        StoreOutcome stored = store.apply("bulk-ministry", bulk, true, Instant.now());
        index.apply(stored.written(), stored.lastChangeSeq());
        String since = lastCursor();

        assertThat(syncService.withdrawAll("bulk-ministry")).isEqualTo(entries);

        assertThat(store.activeCounts()).doesNotContainKey("bulk-ministry");
        assertThat(json(get("/api/v1/catalogue?entity=bulk-ministry")).get("total").asInt()).isZero();
        assertThat(json(get("/api/v1/catalogue?entity=bulk-ministry&status=WITHDRAWN")).get("total").asInt())
                .isEqualTo(entries);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM catalogue_change WHERE entity_id = 'bulk-ministry' "
                + "AND change_type = 'WITHDRAWN' AND seq > ?", Long.class, Long.parseLong(since))).isEqualTo(entries);
    }

    @Test
    void anOperatorWithdrawsEveryEntryOnPurposeWithAReasonAndIsAudited() {
        sync("emigration");
        String since = lastCursor();

        ResponseEntity<String> withdrawn = post("/ops/v1/entities/emigration/catalogue/withdraw",
                "{\"reason\": \"the ministry closed every programme (letter 2026/114)\"}", Scopes.OPS_READ, Scopes.OPS_WRITE);

        assertThat(withdrawn.getStatusCode().value()).as(withdrawn.getBody()).isEqualTo(200);
        assertThat(json(withdrawn).get("withdrawn").asInt()).isEqualTo(5);
        assertThat(json(withdrawn).get("by").asText()).isEqualTo("nadia");
        assertThat(json(get("/api/v1/catalogue?entity=emigration")).get("total").asInt()).isZero();
        assertThat(changesSince(since)).hasSize(5).extracting(c -> c.get("change").asText()).containsOnly("WITHDRAWN");
        JsonNode audit = json(get("/ops/v1/audit?entity=emigration")).get("records").get(0);
        assertThat(audit.get("action").asText()).isEqualTo("catalogue-withdraw");
        assertThat(audit.get("outcome").asText()).isEqualTo("DONE");
        assertThat(audit.get("actor").asText()).isEqualTo("nadia");
        assertThat(audit.get("detail").asText()).contains("5 entries withdrawn").contains("letter 2026/114");

        // the next sync republishes what the feed still carries
        assertThat(sync("emigration").updated()).isEqualTo(5);
        assertThat(json(get("/api/v1/catalogue?entity=emigration")).get("total").asInt()).isEqualTo(5);
    }

    @Test
    void withdrawingEverythingNeedsAReasonTheRightScopeAndAKnownEntity() {
        sync("emigration");

        for (String body : new String[] {"{}", "{\"reason\": \"   \"}", "{\"reason\": \"" + "x".repeat(501) + "\"}"}) {
            ResponseEntity<String> refused = post("/ops/v1/entities/emigration/catalogue/withdraw", body,
                    Scopes.OPS_READ, Scopes.OPS_WRITE);
            assertThat(refused.getStatusCode().value()).isEqualTo(400);
            assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(json(refused).get("detail").asText()).contains("reason");
        }
        assertThat(json(get("/ops/v1/audit?entity=emigration")).get("records").get(0).get("outcome").asText())
                .isEqualTo("REFUSED");
        ResponseEntity<String> readOnly = post("/ops/v1/entities/emigration/catalogue/withdraw",
                "{\"reason\": \"closing\"}", Scopes.OPS_READ);
        assertThat(readOnly.getStatusCode().value()).isEqualTo(403);
        assertThat(readOnly.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        ResponseEntity<String> unknown = post("/ops/v1/entities/atlantis/catalogue/withdraw",
                "{\"reason\": \"closing\"}", Scopes.OPS_READ, Scopes.OPS_WRITE);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);

        assertThat(json(get("/api/v1/catalogue?entity=emigration")).get("total").asInt()).isEqualTo(5);
    }

    @Test
    void entriesOfAnEntityTheHubNoLongerKnowsCanStillBeWithdrawnOnPurpose() {
        sync("emigration");
        // as if the definition had been removed while the hub was stopped: entries of an entity no definition names
        jdbc.update("UPDATE catalogue_entry SET entity_id = 'vanished' WHERE entity_id = 'emigration'");

        ResponseEntity<String> withdrawn = post("/ops/v1/entities/vanished/catalogue/withdraw",
                "{\"reason\": \"definition removed while the hub was down\"}", Scopes.OPS_READ, Scopes.OPS_WRITE);

        assertThat(withdrawn.getStatusCode().value()).as(withdrawn.getBody()).isEqualTo(200);
        assertThat(json(withdrawn).get("withdrawn").asInt()).isEqualTo(5);
        assertThat(json(get("/api/v1/catalogue/emigration.CAR-IMPORT-01")).at("/provenance/status").asText())
                .isEqualTo("WITHDRAWN");
    }

    @Test
    void entriesOfAnEntityWhoseDefinitionWentWhileTheHubWasStoppedAreWithdrawnOnceTheDefinitionsAreLoaded() {
        sync("emigration");
        String since = lastCursor();
        // as if the definition had been removed while the hub was stopped: entries of an entity no definition names
        jdbc.update("UPDATE catalogue_entry SET entity_id = 'vanished-at-start' WHERE entity_id = 'emigration'");

        // what the hub publishes at start, once it has read every definition
        events.publishEvent(new EntityDefinitionsLoadedEvent());

        assertThat(json(get("/api/v1/catalogue/emigration.CAR-IMPORT-01")).at("/provenance/status").asText())
                .isEqualTo("WITHDRAWN");
        assertThat(changesSince(since)).hasSize(5).extracting(c -> c.get("change").asText()).containsOnly("WITHDRAWN");
        JsonNode audit = json(get("/ops/v1/audit?entity=vanished-at-start")).get("records").get(0);
        assertThat(audit.get("actor").asText()).isEqualTo(RemovedEntityWithdrawal.ACTOR);
        assertThat(audit.get("detail").asText()).startsWith("5 entries withdrawn; reason: it has no definition");
    }

    @Test
    void aMappingLeavesOutAClosedProgrammeAndAFullSyncWithdrawsOneThatClosesLater() throws IOException {
        programmes("");
        serveProgrammes(Set.of("CAR-IMPORT-01"));

        SyncReport first = sync("programmes");

        assertThat(first.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(first.received()).isEqualTo(5);
        assertThat(first.added()).isEqualTo(4);
        assertThat(first.quarantined()).isZero();
        assertThat(first.warnings()).anySatisfy(w -> assertThat(w).contains("1 record was left out by the mapping")
                .contains("programme closed"));
        assertThat(get("/api/v1/catalogue/programmes.CAR-IMPORT-01").getStatusCode().value()).isEqualTo(404);

        serveProgrammes(Set.of("CAR-IMPORT-01", "HOUSING-FX-01"));
        SyncReport second = sync("programmes");

        assertThat(second.withdrawn()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(3);
        JsonNode housing = json(get("/api/v1/catalogue/programmes.HOUSING-FX-01"));
        assertThat(housing.at("/provenance/status").asText()).isEqualTo("WITHDRAWN");
        assertThat(housing.at("/provenance/version").asLong()).isEqualTo(2);
        assertThat(json(get("/api/v1/catalogue?entity=programmes")).get("total").asInt()).isEqualTo(3);
    }

    @Test
    void aDeltaFeedWithdrawsAPublishedProgrammeTheMappingLeavesOutByCode() throws IOException {
        programmes("  mode: delta\n");
        serveProgrammes(Set.of());
        assertThat(sync("programmes").added()).isEqualTo(5);

        serveProgrammes(Set.of("HOUSING-FX-01"));
        SyncReport closed = sync("programmes");

        assertThat(closed.withdrawn()).isEqualTo(1);
        assertThat(closed.unchanged()).isEqualTo(4);
        assertThat(json(get("/api/v1/catalogue/programmes.HOUSING-FX-01")).at("/provenance/status").asText())
                .isEqualTo("WITHDRAWN");
    }

    @Test
    void aFullFeedWhoseRecordsAreAllLeftOutIsRefusedLikeAnEmptyOne() throws IOException {
        programmes("");
        serveProgrammes(Set.of());
        sync("programmes");
        serveProgrammes(Set.of("CAR-IMPORT-01", "HOUSING-FX-01", "CERT-USD-01", "EDU-UNIV-01", "PENSION-REG-01"));

        SyncReport refused = sync("programmes");

        assertThat(refused.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(refused.error()).contains("only records the mapping left out (5)")
                .contains("/ops/v1/entities/programmes/catalogue/withdraw");
        assertThat(json(get("/api/v1/catalogue?entity=programmes")).get("total").asInt()).isEqualTo(5);
    }

    /** An entity whose mapping leaves out programmes with status CLOSED, naming their code. */
    private void programmes(String extraCatalogueLines) throws IOException {
        Path folder = Files.createDirectories(ENTITIES.resolve("programmes"));
        Files.copy(ENTITIES.resolve("emigration/code-lists.yaml"), folder.resolve("code-lists.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        String mapping = Files.readString(ENTITIES.resolve("emigration/catalogue.jsonata"));
        write(folder.resolve("catalogue.jsonata"), "status = \"CLOSED\"\n  ? {\"$exclude\": \"programme closed\", "
                + "\"code\": privilegeCode}\n  : " + mapping.substring(mapping.indexOf("*/") + 2).strip() + "\n");
        write(PROGRAMMES, TestEntities.emigrationFeedDefinition("programmes", "Programmes ministry", "programmes")
                + extraCatalogueLines);
        await().atMost(WITHIN_SECONDS).until(() -> entity("programmes") != null
                && entity("programmes").get("status").asText().equals("RUNNING"));
    }

    /** The emigration feed with a status on every programme: CLOSED for these codes, OPEN for the others. */
    private static void serveProgrammes(Set<String> closed) throws IOException {
        for (int page = 0; page < 2; page++) {
            ObjectNode body = (ObjectNode) CanonicalJson.mapper().readTree(Path.of("src/test/resources/__files/emigration",
                    "privileges-v1-page-" + page + ".json").toFile());
            body.withArray("items").forEach(item -> ((ObjectNode) item).put("status",
                    closed.contains(item.get("privilegeCode").asText()) ? "CLOSED" : "OPEN"));
            ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo(FEED)).atPriority(1)
                    .withQueryParam("page", WireMock.equalTo(String.valueOf(page)))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(body.toString())));
        }
    }

    private String lastCursor() {
        String cursor = "0";
        JsonNode page;
        do {
            page = json(get("/api/v1/catalogue/changes?limit=1000" + ("0".equals(cursor) ? "" : "&since=" + cursor)));
            if (page.hasNonNull("nextCursor")) {
                cursor = page.get("nextCursor").asText();
            }
        } while (page.path("hasMore").asBoolean());
        return cursor;
    }

    private List<JsonNode> changesSince(String cursor) {
        List<JsonNode> changes = new ArrayList<>();
        json(get("/api/v1/catalogue/changes?limit=1000" + ("0".equals(cursor) ? "" : "&since=" + cursor)))
                .get("changes").forEach(changes::add);
        return changes;
    }

    private ResponseEntity<String> post(String path, String body, String... scopes) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add(HttpHeaders.AUTHORIZATION, bearer("nadia", scopes));
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private JsonNode entity(String id) {
        for (JsonNode entity : json(get("/api/v1/entities")).get("entities")) {
            if (entity.get("id").asText().equals(id)) {
                return entity;
            }
        }
        return null;
    }
}
