package eg.gov.bawaba.hub.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The hub, a separate process, is killed with SIGKILL while thousands of applications are in flight; after a restart
 * on the same data, every application that was answered 202 reaches the entity exactly once and is DELIVERED.
 */
class ApplicationsCrashIT {

    private static final String ENTITY = "crash";
    private static final String ENTRY = "crash.CAR-IMPORT-01";
    private static final int APPLICATIONS = 3000;
    private static final int CLIENTS = 8;
    private static final int CONSUMERS = 4;
    // slower than intake, so that a backlog of accepted but undelivered applications is there to be crashed
    private static final long ENTITY_PROCESSING_MILLIS = 20;
    private static final int MIN_IN_FLIGHT_AT_KILL = 100;

    private final List<CrashHub> hubs = new ArrayList<>();
    private CrashEntityStub entity;
    private CrashSubmissions submissions;
    private Path root;
    private boolean passed;

    @AfterEach
    void killWhatIsLeft() throws Exception {
        if (submissions != null) {
            submissions.stop();
        }
        for (CrashHub hub : hubs) {
            hub.close();
        }
        if (entity != null) {
            entity.close();
        }
        if (passed) {
            // about 100 MB of database and broker journal; kept after a failure, for a look at what was lost
            FileSystemUtils.deleteRecursively(root);
        }
    }

    @Test
    void everyAcceptedApplicationReachesTheEntityExactlyOnceAfterAKill() throws Throwable {
        long started = System.nanoTime();
        entity = new CrashEntityStub(ENTITY_PROCESSING_MILLIS);
        root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-");
        Path entities = entitiesFolder(root.resolve("entities"), entity.baseUrl());
        Path data = root.resolve("data");
        try {
            CrashHub first = start("1", data, entities);
            JsonNode sync = first.sync(ENTITY);
            assertThat(sync.get("quarantined").asInt()).as("sync %s", sync).isZero();
            assertThat(sync.get("received").asInt()).as("sync %s", sync).isEqualTo(1);

            long ready = System.nanoTime();
            submissions = CrashSubmissions.start(first.uri("/api/v1/applications"), first.bearer(), ENTRY,
                    APPLICATIONS, CLIENTS);
            await("half of the applications accepted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .failFast("the hub exited", () -> !first.alive())
                    .until(() -> submissions.acceptedCount() >= APPLICATIONS / 2);
            first.kill();
            long killed = System.nanoTime();
            Set<String> processedAtKill = entity.processedKeys();
            // after the kill the remaining submissions fail fast (connection refused); none reaches the restarted hub
            submissions.awaitDone(Duration.ofMinutes(1));
            Map<String, String> accepted = submissions.accepted();
            Set<String> ids = new HashSet<>(accepted.values());
            Set<String> inFlightAtKill = without(ids, processedAtKill);
            assertThat(inFlightAtKill).as("accepted but not yet at the entity when the hub was killed (%s)",
                    submissions.outcomes()).hasSizeGreaterThanOrEqualTo(MIN_IN_FLIGHT_AT_KILL);

            CrashHub second = start("2", data, entities);
            long restarted = System.nanoTime();
            await("every accepted application at the entity").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the restarted hub exited", () -> !second.alive())
                    .untilAsserted(() -> assertThat(without(ids, entity.processedKeys()))
                            .as("accepted applications the entity has not received").isEmpty());
            Map<String, String> references = awaitDelivered(second, ids);
            long delivered = System.nanoTime();

            Map<String, CrashEntityStub.Received> received = entity.received();
            assertThat(ids).allSatisfy(id -> {
                assertThat(received.get(id).processed().get()).as("times %s was processed", id).isEqualTo(1);
                assertThat(references.get(id)).as("reference of %s", id).isEqualTo(received.get(id).reference());
            });
            // the hub stored these but its 202 was lost in the kill: delivering them is right, one per client at most
            Set<String> answerLost = without(received.keySet(), ids);
            assertThat(answerLost).as("delivered but never answered 202").hasSizeLessThanOrEqualTo(CLIENTS)
                    .allSatisfy(id -> assertThat(second.get("/api/v1/applications/" + id).statusCode())
                            .as("application %s stored by the hub", id).isEqualTo(200));
            assertThat(entity.withoutKey()).as("requests without an Idempotency-Key").isZero();

            System.out.printf("Crash test: %d of %d submissions accepted %s; %d in flight at the kill (%d already at"
                            + " the entity); %d redeliveries answered idempotently; %d delivered though their 202 was"
                            + " lost. Seconds: first start %.0f, submitting until the kill %.0f, restart %.0f, all"
                            + " DELIVERED %.0f%n", accepted.size(), APPLICATIONS, submissions.outcomes(),
                    inFlightAtKill.size(), processedAtKill.size(), entity.repeats(), answerLost.size(),
                    seconds(started, ready), seconds(ready, killed), seconds(killed, restarted),
                    seconds(restarted, delivered));
            passed = true;
        } catch (Throwable failure) {
            throw new AssertionError(failure.getMessage() + "\nHub data and entities in " + root + "\n" + hubOutput(),
                    failure);
        }
    }

    private CrashHub start(String name, Path data, Path entities) throws IOException {
        CrashHub hub = CrashHub.start(name, data, entities);
        hubs.add(hub);
        // generous: a hub starting on a busy 2-core CI machine has been seen to need over 90 s
        hub.awaitRunning(ENTITY, Duration.ofMinutes(3));
        return hub;
    }

    /** Waits until the hub says every application is DELIVERED and returns each one's entity reference. */
    private static Map<String, String> awaitDelivered(CrashHub hub, Set<String> ids) {
        Map<String, String> pending = new HashMap<>();
        ids.forEach(id -> pending.put(id, "?"));
        Map<String, String> references = new HashMap<>();
        await("every accepted application DELIVERED").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (String id : List.copyOf(pending.keySet())) {
                        JsonNode application = CanonicalJson.mapper().readTree(
                                hub.get("/api/v1/applications/" + id).body());
                        pending.put(id, application.path("status").asText());
                        if (application.path("status").asText().equals("DELIVERED")) {
                            references.put(id, application.get("entityReference").asText());
                            pending.remove(id);
                        }
                    }
                    assertThat(pending).as("accepted applications not DELIVERED, with their status").isEmpty();
                });
        return references;
    }

    /** The crash entity: catalogue and delivery on the stub, the emigration mappings, patient retries. */
    private static Path entitiesFolder(Path dir, String stubUrl) throws IOException {
        Files.createDirectories(dir.resolve("emigration"));
        for (String file : List.of("catalogue.jsonata", "code-lists.yaml", "application.jsonata")) {
            Files.copy(Path.of("..", "config", "entities", "emigration", file), dir.resolve("emigration").resolve(file));
        }
        Files.writeString(dir.resolve(ENTITY + ".yaml"), """
                id: %s
                names: {ar: جهة اختبار الانهيار, en: Crash test entity}
                catalogue:
                  connector: {kind: rest, baseUrl: "%s", path: /catalogue, recordsPointer: /items, timeout: 10s}
                  mapping: emigration/catalogue.jsonata
                  codeLists: emigration/code-lists.yaml
                applications:
                  connector:
                    kind: rest
                    baseUrl: "%s"
                    path: /applications
                    timeout: 30s
                    consumers: %d
                    # the test is about the crash, not about the breaker: it must never open
                    circuitBreaker: {minimumCalls: 100000}
                  mapping: emigration/application.jsonata
                  maxAttempts: 50
                """.formatted(ENTITY, stubUrl, stubUrl, CONSUMERS), StandardCharsets.UTF_8);
        return dir;
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static Set<String> without(Set<String> all, Set<String> removed) {
        Set<String> rest = new HashSet<>(all);
        rest.removeAll(removed);
        return rest;
    }

    private String hubOutput() {
        return hubs.stream().map(hub -> hub.tail(40)).collect(Collectors.joining("\n"));
    }
}
