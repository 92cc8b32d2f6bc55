package eg.gov.bawaba.benchmarks;

import eg.gov.bawaba.hub.BawabaApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the hub as a process of its own, on a fresh JVM, and times it from launch until its readiness probe answers
 * 200: the start an operator waits for after an upgrade or a crash, JVM start-up included.
 */
final class ColdStart {

    private static final Duration LIMIT = Duration.ofMinutes(5);

    private ColdStart() {}

    /**
     * Seconds from launching the process until {@code /actuator/health/readiness} answers 200; the process is then
     * stopped.
     */
    static double secondsUntilReady(List<String> hubArgs, int port, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the heap the deployment guide suggests for a hub, not the benchmark's
                "-Xmx768m",
                "-cp", System.getProperty("java.class.path"),
                BawabaApplication.class.getName()));
        command.addAll(hubArgs);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI probe = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        HttpRequest ready = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).GET().build();
        long started = System.nanoTime();
        Process hub = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            while (System.nanoTime() - started < LIMIT.toNanos()) {
                if (!hub.isAlive()) {
                    throw new IllegalStateException("the hub process ended with " + hub.exitValue() + "; see " + log);
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return (System.nanoTime() - started) / 1e9;
                    }
                } catch (IOException notListeningYet) {
                    // the port opens late in the start
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the hub was not ready within " + LIMIT + "; see " + log);
        } finally {
            hub.destroy();
            if (!hub.waitFor(60, TimeUnit.SECONDS)) {
                hub.destroyForcibly().waitFor();
            }
        }
    }
}
