package eg.gov.bawaba.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.hub.security.DevTokenKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster of {@code bin/cluster} (two hubs behind HAProxy, an Artemis primary/backup pair, PostgreSQL, the
 * simulated entities) loses and duplicates no application while applications stream through the load balancer and
 * hub-1, then the primary broker, are killed with SIGKILL; the killed members come back and the cluster is whole again.
 */
class ClusterFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DELIVERED_OR_LATER = Set.of("DELIVERED", "IN_REVIEW", "APPROVED", "REJECTED",
            "COMPLETED");
    private static final Path SUMMARY = Path.of("target", "cluster-failover-summary.txt");
    private static final LocalCluster CLUSTER = new LocalCluster(Path.of("target", "cluster-it"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static String token;

    @BeforeAll
    static void clusterUp() {
        System.out.printf("[failover] bin/cluster up: state %s, database %s, HAProxy on 127.0.0.1:%d%n",
                CLUSTER.state(), CLUSTER.database(), CLUSTER.port("LB"));
        try {
            CLUSTER.run(Duration.ofMinutes(8), "up");
        } finally {
            System.out.print(CLUSTER.transcript());
        }
        // the hubs share one data folder and its development key: one token for every hub
        token = DevTokenKey.loadOrCreate(CLUSTER.state().resolve("data"))
                .mint("failover-test", List.of("catalogue:read", "applications:write", "applications:read"),
                        Duration.ofHours(1));
    }

    @AfterAll
    static void clusterDown() {
        List<Long> members = CLUSTER.recordedProcesses();
        try {
            CLUSTER.run(Duration.ofMinutes(3), "down");
            System.out.print(CLUSTER.transcript().lines().dropWhile(line -> !line.startsWith("$ bin/cluster down"))
                    .collect(Collectors.joining("\n", "", "\n")));
            assertThat(members).as("processes of the cluster after bin/cluster down")
                    .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(CLUSTER.openPorts()).as("ports of the cluster after bin/cluster down").isEmpty();
        } finally {
            CLUSTER.dropDatabase();
        }
    }

    @Test
    void losesAndDuplicatesNoApplicationWhenAHubThenThePrimaryBrokerDieAndComesBackWhole() throws Exception {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get(CLUSTER.loadBalancer("/api/v1/catalogue/" + ApplicationStream.ENTRY)).statusCode()
                        == 200);
        Map<String, Integer> acceptedAtKill = new TreeMap<>();
        try (ApplicationStream stream = new ApplicationStream(CLUSTER::loadBalancer, token, 4, Duration.ofMinutes(2))) {
            stream.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> stream.acceptedCount() >= 20);

            stream.phase("hub-1 killed");
            acceptedAtKill.put("hub-1", stream.acceptedCount());
            CLUSTER.run(Duration.ofSeconds(30), "kill", "hub-1");
            // the stream goes on until the load balancer has taken hub-1 out, and well past that
            await().atMost(Duration.ofMinutes(1)).until(() -> CLUSTER.log("haproxy").contains("hubs/hub-1 is DOWN"));
            keepStreaming(stream, 30);

            stream.phase("broker-primary killed");
            acceptedAtKill.put("broker-primary", stream.acceptedCount());
            CLUSTER.run(Duration.ofSeconds(30), "kill", "broker-primary");
            // ... until the backup is active, and well past that
            await().atMost(Duration.ofMinutes(2)).until(() -> CLUSTER.accepting("BACKUP"));
            keepStreaming(stream, 30);
            stream.phase("after");
            stream.stop(Duration.ofMinutes(3));

            Map<String, String> accepted = stream.accepted();
            Map<String, String> statuses = new ConcurrentHashMap<>();
            Ledger ledger;
            try {
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> allDeliveredOrLater(accepted.values(), statuses));
            } finally {
                ledger = Ledger.of(json(get(CLUSTER.sandbox("/sandbox/ledger/emigration"))), accepted);
                report(stream, accepted, statuses, ledger, acceptedAtKill);
            }
            assertThat(stream.refused()).as("applications refused (not a 202, not retryable)").isEmpty();
            assertThat(stream.abandoned()).as("applications never answered 202 within the clients' bound").isEmpty();
            assertThat(stream.keysAnsweredTwoIds()).as("one Idempotency-Key answered with two applications").isEmpty();
            assertThat(ledger.lost()).as("accepted applications the entity never created").isEmpty();
            assertThat(ledger.duplicated()).as("applications the entity created more than once").isEmpty();
            assertThat(ledger.unexpected()).as("applications at the entity no client was answered 202 for").isEmpty();
            assertThat(statuses).hasSize(accepted.size())
                    .allSatisfy((id, status) -> assertThat(status).as(id).isIn(DELIVERED_OR_LATER));

            CLUSTER.run(Duration.ofSeconds(30), "start", "hub-1");
            // waits for the primary to take over again and, if the backup stopped then, starts it as the replica
            CLUSTER.run(Duration.ofMinutes(3), "start", "broker-primary");
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> whole(CLUSTER.run(Duration.ofSeconds(30), "status")));
            System.out.print(CLUSTER.run(Duration.ofSeconds(30), "status"));
            assertThat(get(CLUSTER.loadBalancer("/api/v1/catalogue/" + ApplicationStream.ENTRY)).statusCode())
                    .isEqualTo(200);
        } catch (AssertionError | RuntimeException e) {
            // the members' own words, in the build's output, for a failure seen only in CI
            System.out.print(CLUSTER.logTails());
            throw e;
        }
    }

    private static void keepStreaming(ApplicationStream stream, int applications) {
        int before = stream.acceptedCount();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> stream.acceptedCount() >= before + applications);
    }

    /** Every member running, both hubs and the load balancer ready, the primary active and the backup replicating. */
    private static boolean whole(String status) {
        Map<String, String> members = new HashMap<>();
        status.lines().skip(1).forEach(line -> members.put(line.split("\\s+")[0], line));
        return List.of("broker-primary", "broker-backup", "sandbox", "hub-1", "hub-2", "haproxy").stream()
                .allMatch(member -> members.getOrDefault(member, "").contains(" running "))
                && members.get("hub-1").endsWith("readiness 200") && members.get("hub-2").endsWith("readiness 200")
                && members.get("haproxy").endsWith(" 200") && members.get("broker-primary").endsWith("accepting")
                && members.get("broker-backup").contains("in sync with the primary");
    }

    private static boolean allDeliveredOrLater(Iterable<String> ids, Map<String, String> statuses) throws Exception {
        boolean all = true;
        for (String id : ids) {
            if (DELIVERED_OR_LATER.contains(statuses.getOrDefault(id, ""))) {
                continue;
            }
            try {
                HttpResponse<String> answer = get(CLUSTER.loadBalancer("/api/v1/applications/" + id));
                statuses.put(id, answer.statusCode() == 200 ? json(answer).path("status").asText()
                        : "HTTP " + answer.statusCode());
            } catch (IOException e) {
                // asked again at the next poll
                statuses.put(id, e.toString());
            }
            all &= DELIVERED_OR_LATER.contains(statuses.getOrDefault(id, ""));
        }
        return all;
    }

    private static void report(ApplicationStream stream, Map<String, String> accepted, Map<String, String> statuses,
                               Ledger ledger, Map<String, Integer> acceptedAtKill) throws IOException {
        long delivered = statuses.values().stream().filter(DELIVERED_OR_LATER::contains).count();
        String reads = stream.catalogueReads().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()[1] + "/" + (e.getValue()[0] + e.getValue()[1]))
                .collect(Collectors.joining(", "));
        String summary = ("CLUSTER FAILOVER: accepted %d, delivered or later %d, created at the entity %d, "
                + "lost %d, duplicated %d, unexpected at the entity %d, "
                + "redelivered to the entity with the same key %d, client retries %d, refused %d, given up %d, "
                + "sends left to the requeue sweep %d; accepted when killed %s; "
                + "failed catalogue reads (failed/all) per phase: %s; statuses %s")
                .formatted(accepted.size(), delivered, ledger.created(), ledger.lost().size(),
                        ledger.duplicated().size(), ledger.unexpected().size(), ledger.redelivered(),
                        stream.retries(), stream.refused().size(), stream.abandoned().size(),
                        // ApplicationOutbox's warning: stored and answered 202, its send to the broker interrupted
                        Stream.of("hub-1", "hub-2").mapToLong(hub -> CLUSTER.log(hub)
                                .split("is stored but its send", -1).length - 1).sum(), acceptedAtKill, reads,
                        new TreeMap<>(statuses.values().stream().collect(Collectors.groupingBy(s -> s,
                                Collectors.counting()))));
        System.out.println(summary);
        Files.writeString(SUMMARY, summary + "\n");
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Accept-Language", "en").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body());
    }

    /**
     * The simulated ministry's own ledger against what the clients were answered: accepted applications it never
     * created, national ids it created more than once, and applications it created that no client was answered for.
     */
    private record Ledger(int created, long redelivered, List<String> lost, List<String> duplicated,
                          List<String> unexpected) {

        static Ledger of(JsonNode ledger, Map<String, String> accepted) {
            Map<String, Long> byNationalId = new HashMap<>();
            Set<String> keys = new HashSet<>();
            long redelivered = 0;
            for (JsonNode application : ledger.path("applications")) {
                keys.add(application.path("key").asText());
                byNationalId.merge(application.path("nationalId").asText(), 1L, Long::sum);
                redelivered += application.path("requests").asInt() > 1 ? 1 : 0;
            }
            // the hub sends its application id as the entity's Idempotency-Key
            List<String> lost = accepted.values().stream().filter(id -> !keys.contains(id)).sorted().toList();
            List<String> duplicated = byNationalId.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
            Set<String> ids = Set.copyOf(accepted.values());
            List<String> unexpected = keys.stream().filter(key -> !ids.contains(key)).sorted().toList();
            return new Ledger(ledger.path("created").asInt(), redelivered, lost, duplicated, unexpected);
        }
    }
}
