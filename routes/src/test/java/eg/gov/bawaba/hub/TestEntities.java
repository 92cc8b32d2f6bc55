package eg.gov.bawaba.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import eg.gov.bawaba.connectors.definition.DefinitionSecrets;

/**
 * Builds the entities folder the hub tests run with: the real emigration mapping and code lists from
 * config/entities, a definition tuned for tests (small pages, short timeout), and two broken definitions.
 */
public final class TestEntities {

    public static final String API_KEY = "test-emigration-key";
    /** The entities of the tests that read the WireMock emigration feed and API, each with its own variables. */
    public static final List<String> FEED_IDS = List.of("emigration", "lab", "poller", "scholars", "fussy", "trial",
            "metrics-hot", "hot-ministry", "twin", "steady", "gone-ministry", "held-ministry", "programmes");
    private static final Path REAL = Path.of("..", "config", "entities");

    private TestEntities() {}

    public static Path create() {
        try {
            Path dir = Files.createTempDirectory("bawaba-entities");
            Files.createDirectories(dir.resolve("emigration"));
            for (String file : new String[] {"emigration/catalogue.jsonata", "emigration/code-lists.yaml",
                    "emigration/application.jsonata"}) {
                Files.copy(REAL.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            write(dir.resolve("emigration.yaml"), emigrationFeedDefinition("emigration",
                    "Ministry of State for Emigration and Egyptian Expatriates' Affairs", "emigration"));
            // the applications tests' own entity: same catalogue feed, its own delivery queue, breaker and endpoint
            write(dir.resolve("lab.yaml"), emigrationFeedDefinition("lab", "Applications laboratory", "emigration") + """
                    applications:
                      connector:
                        kind: rest
                        baseUrl: ${LAB_BASE_URL}
                        path: /lab/applications
                        auth: {type: api-key, header: X-Api-Key, secretEnv: LAB_API_KEY}
                        referencePointer: /reference
                        timeout: 2s
                        circuitBreaker: {minimumCalls: 4, failureRateThreshold: 50, openFor: 1s}
                      mapping: emigration/application.jsonata
                      # fewer attempts than calls the breaker measures, so one failing application is dead-lettered
                      # before the breaker judges the entity down
                      maxAttempts: 3
                      status:
                        callback: {secretEnv: LAB_CALLBACK_SECRET}
                    """);
            // like lab, but its applications are retried for an hour rather than three times (DeliveryOutagesTest)
            write(dir.resolve("steady.yaml"), emigrationFeedDefinition("steady", "Long outages laboratory", "emigration") + """
                    applications:
                      connector:
                        kind: rest
                        baseUrl: ${STEADY_BASE_URL}
                        path: /steady/applications
                        auth: {type: api-key, header: X-Api-Key, secretEnv: STEADY_API_KEY}
                        referencePointer: /reference
                        timeout: 5s
                        circuitBreaker: {minimumCalls: 4, failureRateThreshold: 50, openFor: 1s}
                      mapping: emigration/application.jsonata
                      retryFor: 1h
                    """);
            // reports status only when asked: Bawaba polls its status resource
            write(dir.resolve("poller.yaml"), emigrationFeedDefinition("poller", "Status by polling", "emigration") + """
                    applications:
                      connector:
                        kind: rest
                        baseUrl: ${POLLER_BASE_URL}
                        path: /poller/applications
                        auth: {type: api-key, header: X-Api-Key, secretEnv: POLLER_API_KEY}
                      mapping: emigration/application.jsonata
                      status:
                        mode: poll
                        path: /poller/applications/{reference}/status
                        statusPointer: /state
                        notePointer: /remarks
                        every: 300ms
                    """);
            // shares the emigration mapping: the pensions test feed is in the same native shape
            write(dir.resolve("pensions.yaml"), """
                    id: pensions
                    names: {ar: الهيئة القومية للتأمين الاجتماعي, en: National Organization for Social Insurance}
                    catalogue:
                      connector:
                        kind: rest
                        baseUrl: ${PENSIONS_BASE_URL}
                        path: /services
                        auth: {type: basic, usernameEnv: PENSIONS_USER, secretEnv: PENSIONS_PASSWORD}
                        retries: 0
                        circuitBreaker: {minimumCalls: 2, failureRateThreshold: 50, openFor: 1h}
                      mapping: emigration/catalogue.jsonata
                      codeLists: emigration/code-lists.yaml
                    """);
            // subscribed to expert profiles in physics and chemistry, delivered over REST with the demo ministry's mapping
            Files.createDirectories(dir.resolve("higher-education"));
            Files.copy(REAL.resolve("higher-education/scientist.jsonata"),
                    dir.resolve("higher-education/scientist.jsonata"), StandardCopyOption.REPLACE_EXISTING);
            write(dir.resolve("scholars.yaml"), """
                    id: scholars
                    names: {ar: سجل العلماء بالخارج, en: Registry of scientists abroad}
                    experts:
                      subscription: {fields: [physics, chemistry]}
                      connector:
                        kind: rest
                        baseUrl: ${SCHOLARS_BASE_URL}
                        path: /scholars/scientists
                        referencePointer: /registryNumber
                        auth: {type: api-key, header: X-Api-Key, secretEnv: SCHOLARS_API_KEY}
                        timeout: 2s
                        # the tests fail this entity on purpose; an open breaker would leak into the next test
                        circuitBreaker: {minimumCalls: 1000}
                      mapping: higher-education/scientist.jsonata
                      maxAttempts: 3
                    """);
            // takes chemists living in Canada as files of the canonical event itself (identity mapping)
            Files.createDirectories(dir.resolve("archive"));
            write(dir.resolve("archive/expert-event.jsonata"), "$");
            write(dir.resolve("archive.yaml"), """
                    id: archive
                    names: {ar: أرشيف الخبراء, en: Experts archive}
                    experts:
                      subscription: {fields: [chemistry], countries: [CA]}
                      connector: {kind: file, directory: "${ARCHIVE_DROP_DIR}", format: json, fileName: "expert-{applicationId}.{ext}"}
                      mapping: archive/expert-event.jsonata
                    """);
            // its mapping refuses profiles of experts living in Antarctica: a failure that is the same on every attempt
            Files.createDirectories(dir.resolve("fussy"));
            write(dir.resolve("fussy/expert.jsonata"),
                    "expert.countryOfResidence = 'AQ' ? $error('no registry office for AQ') : {'ref': expertId}");
            write(dir.resolve("fussy.yaml"), """
                    id: fussy
                    names: {ar: جهة انتقائية, en: Fussy registry}
                    experts:
                      subscription: {fields: [education]}
                      connector:
                        kind: rest
                        baseUrl: ${FUSSY_BASE_URL}
                        path: /fussy/experts
                        circuitBreaker: {minimumCalls: 1000}
                      mapping: fussy/expert.jsonata
                    """);
            write(dir.resolve("broken-ministry.yaml"), """
                    id: broken-ministry
                    names: {ar: وزارة بلا عنوان, en: Ministry without an address}
                    catalogue:
                      connector: {kind: rest, path: /services}
                      mapping: emigration/catalogue.jsonata
                    """);
            write(dir.resolve("bad-mapping.yaml"), """
                    id: bad-mapping
                    names: {ar: جهة بتحويل معطوب, en: Entity with a broken mapping}
                    catalogue:
                      connector: {kind: rest, baseUrl: "http://127.0.0.1:9/x", path: /services}
                      mapping: bad-mapping/catalogue.jsonata
                    """);
            Files.createDirectories(dir.resolve("bad-mapping"));
            write(dir.resolve("bad-mapping/catalogue.jsonata"), "{ \"code\": serviceId, ");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty secrets folder; a test writes the files of its entities into {@code <entity-id>/}. */
    public static Path secretsDir() {
        try {
            return Files.createTempDirectory("bawaba-secrets");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder entity archive's expert profile files are written into (a file-drop kind never creates it). */
    public static Path archiveDrops() {
        try {
            return Files.createTempDirectory("bawaba-archive-drops");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A definition of a REST entity that reads the WireMock emigration feed (pages of 3, short timeout, one retry,
     * a breaker that never opens) with the mapping and code lists in {@code mappingFolder}. Its address and key are
     * variables of its own prefix ({@code <ID>_BASE_URL}, {@code <ID>_API_KEY}; {@link HubTestSupport} sets them for
     * the ids of {@link #FEED_IDS}), as an entity may read no other.
     */
    public static String emigrationFeedDefinition(String id, String englishName, String mappingFolder) {
        String prefix = DefinitionSecrets.prefix(id);
        return """
                id: %s
                names: {ar: وزارة الدولة للهجرة وشؤون المصريين بالخارج, en: "%s"}
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: ${%sBASE_URL}
                    path: /api/v1/privileges
                    recordsPointer: /items
                    paging: {style: page, pageParam: page, sizeParam: size, firstPage: 0, pageSize: 3}
                    auth: {type: api-key, header: X-Api-Key, secretEnv: %sAPI_KEY}
                    timeout: 1500ms
                    retries: 1
                    # tests fail these entities on purpose; an open breaker would leak into the next test
                    circuitBreaker: {minimumCalls: 1000}
                  schedule: {every: 1h, initialDelay: 1h}
                  mapping: %s/catalogue.jsonata
                  codeLists: %s/code-lists.yaml
                """.formatted(id, englishName, prefix, prefix, mappingFolder, mappingFolder);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
