package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo ministry accepts each application once and reports its progress to the hub by itself, signed. */
class EmigrationApplicationsApiTest {

    private static final String CALLBACK_SECRET = "emigration-callback-test-secret";

    private final List<String> callbacks = new CopyOnWriteArrayList<>();
    private HttpServer hub;
    private HttpServer ministry;
    private EmigrationApplicationsApi api;

    @BeforeEach
    void start() throws Exception {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/callbacks/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String timestamp = exchange.getRequestHeaders().getFirst("X-Bawaba-Timestamp");
            // what the hub checks, computed here from the specification rather than with the sandbox's own code
            boolean signed = timestamp != null && ("sha256=" + hmac(timestamp + ".POST " + path + "." + body))
                    .equals(exchange.getRequestHeaders().getFirst("X-Bawaba-Signature"));
            callbacks.add(path + " " + body + (signed ? " signed" : " UNSIGNED"));
            exchange.sendResponseHeaders(signed ? 204 : 401, -1);
            exchange.close();
        });
        hub.start();
        api = new EmigrationApplicationsApi(() -> Optional.of("k"), () -> "http://127.0.0.1:" + hub.getAddress().getPort(),
                () -> Optional.of(CALLBACK_SECRET), List.of(Duration.ofMillis(100), Duration.ofMillis(300)));
        ministry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ministry.createContext(EmigrationApplicationsApi.PATH, api);
        ministry.start();
    }

    @AfterEach
    void stop() {
        ministry.stop(0);
        hub.stop(0);
    }

    @Test
    void acceptsEachApplicationOnceAndReportsItsProgress() throws Exception {
        HttpResponse<String> first = post("key-1", "k");
        HttpResponse<String> again = post("key-1", "k");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body()).contains("EMG-2026-000001");
        assertThat(api.accepted()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 2);
        assertThat(callbacks.get(0)).contains("/callbacks/v1/entities/emigration/applications/EMG-2026-000001/status")
                .contains("IN_REVIEW").endsWith(" signed");
        assertThat(callbacks.get(1)).contains("APPROVED").endsWith(" signed");
    }

    @Test
    void countsAcceptedApplicationsAndRepeatsForBenchmarksBehindTheApiKey() throws Exception {
        post("key-3", "k");
        post("key-3", "k");
        post("key-4", "k");

        assertThat(count("k").body()).contains("\"accepted\":2").contains("\"repeats\":1");
        assertThat(count("wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void refusesCallsWithoutTheApiKey() throws Exception {
        assertThat(post("key-2", "wrong").statusCode()).isEqualTo(401);
        assertThat(api.accepted()).isZero();
    }

    @Test
    void keepsALedgerOfEachApplicationCreatedAndHowOftenItsKeyWasSent() throws Exception {
        post("key-1", "k");
        post("key-1", "k");
        post("key-2", "k");
        post("key-3", "wrong");

        var ledger = api.ledger();

        assertThat(ledger.get("created").asInt()).isEqualTo(2);
        assertThat(ledger.get("requests").asInt()).isEqualTo(3);
        assertThat(ledger.get("keysRequestedMoreThanOnce").asInt()).isEqualTo(1);
        assertThat(ledger.get("applications").findValuesAsText("key")).containsExactlyInAnyOrder("key-1", "key-2");
        assertThat(ledger.get("applications")).allSatisfy(application ->
                assertThat(application.get("nationalId").asText()).isEqualTo("29001011234567"));
        assertThat(ledger.get("applications")).anySatisfy(application -> {
            assertThat(application.get("key").asText()).isEqualTo("key-1");
            assertThat(application.get("requests").asInt()).isEqualTo(2);
            assertThat(application.get("reference").asText()).isEqualTo("EMG-2026-000001");
        });
    }

    private static String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(CALLBACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> count(String apiKey) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ministry.getAddress().getPort() + EmigrationApplicationsApi.BENCH_COUNT_PATH))
                .header("X-Api-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String key, String apiKey) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ministry.getAddress().getPort() + EmigrationApplicationsApi.PATH))
                .header("X-Api-Key", apiKey).header("Idempotency-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"privilegeCode\":\"CAR-IMPORT-01\",\"citizen\":{\"nationalId\":\"29001011234567\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
