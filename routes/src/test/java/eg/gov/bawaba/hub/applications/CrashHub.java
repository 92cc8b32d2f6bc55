package eg.gov.bawaba.hub.applications;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.security.DevTokenKey;
import eg.gov.bawaba.hub.security.Scopes;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged hub run as a separate process, as in production, so that it can be killed with SIGKILL; in profile dev,
 * so that the test signs its tokens with the development key in the hub's data folder.
 */
final class CrashHub implements AutoCloseable {

    static final Path JAR = Path.of("target", "bawaba-routes-0.1.0-SNAPSHOT-exec.jar").toAbsolutePath();

    private final Process process;
    private final int port;
    private final Path stdout;
    private final Path stderr;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final DevTokenKey tokens;

    private CrashHub(Process process, int port, Path stdout, Path stderr, DevTokenKey tokens) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
        this.tokens = tokens;
    }

    /** Starts the hub on a free port with the given folders; its output goes to target/crash-hub-{name}.out/.err. */
    static CrashHub start(String name, Path dataDir, Path entitiesDir) throws IOException {
        int port = freePort();
        Path out = Path.of("target", "crash-hub-" + name + ".out").toAbsolutePath();
        Path err = Path.of("target", "crash-hub-" + name + ".err").toAbsolutePath();
        // made before the hub starts, which then finds and trusts it
        DevTokenKey tokens = DevTokenKey.loadOrCreate(dataDir);
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", JAR.toString(),
                "--server.port=" + port,
                "--spring.profiles.active=dev",
                "--bawaba.data-dir=" + dataDir,
                "--bawaba.entities.dir=" + entitiesDir,
                "--bawaba.catalogue.scheduling=false",
                // the app backend under load sends far more than one client's share
                "--bawaba.rate-limit.enabled=false",
                // a short sweep, so applications stored but never enqueued before the kill go out soon after restart
                "--bawaba.applications.requeue-interval=2000"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // should the test JVM exit early (a fork timeout, an interrupted build), the hub must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new CrashHub(process, port, out, err, tokens);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** An Authorization header value the hub accepts for every API, good for an hour. */
    String bearer() {
        return "Bearer " + tokens.mint("crash-test", Scopes.ALL, Duration.ofHours(1));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until the hub is ready and runs the entity, or fails with the hub's output. */
    void awaitRunning(String entityId, Duration atMost) {
        await("hub ready with entity " + entityId).atMost(atMost).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast("the hub process exited", () -> !process.isAlive())
                .until(() -> get("/actuator/health/readiness").statusCode() == 200 && runs(entityId));
    }

    private boolean runs(String entityId) throws IOException, InterruptedException {
        for (JsonNode entity : CanonicalJson.mapper().readTree(get("/api/v1/entities").body()).path("entities")) {
            if (entity.path("id").asText().equals(entityId)) {
                return entity.path("status").asText().equals("RUNNING");
            }
        }
        return false;
    }

    /** Runs the entity's catalogue sync now and returns the report. */
    JsonNode sync(String entityId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/ops/v1/entities/" + entityId + "/sync"))
                .header("Authorization", bearer()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sync answered " + response.statusCode() + ": " + response.body());
        }
        return CanonicalJson.mapper().readTree(response.body());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", bearer()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no broker or database close, exactly a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the hub did not die within 30 s of SIGKILL");
        }
    }

    /** The last lines of the hub's output, for failure messages. */
    String tail(int lines) {
        return tail(stdout, lines) + "\n--- stderr ---\n" + tail(stderr, lines);
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return file + ":\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return file + ": " + e.getMessage();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
