package eg.gov.bawaba.hub.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.security.Scopes;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** A client over its rate limit on the app API gets 429 with Retry-After, and is served again once it has waited. */
class RateLimitTest extends HubTestSupport {

    private static final String APP_API = "/api/v1/catalogue?size=1";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Autowired
    @Qualifier("apiRateLimits")
    private RateLimits limits;
    private RateLimits.Settings before;

    @BeforeEach
    void rememberTheLimit() {
        before = limits.settings();
    }

    @AfterEach
    void limitAsBefore() {
        limits.apply(before);
    }

    @Test
    void clientOverItsLimitGets429WithRetryAfterThenRecoversOnceItWaited() throws Exception {
        // a token every 10 s: even on a machine so loaded that a request takes seconds, 20 in a row spend the burst
        limits.apply(new RateLimits.Settings(true, 0.1, 2));

        HttpResponse<String> refused = spendTheBurst();

        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = CanonicalJson.mapper().readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://bawaba.gov.eg/problems/rate-limited");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/catalogue");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 10L);
        assertThat(problem.get("detail").asText()).contains("retry after " + retryAfter + " s");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> request(APP_API).statusCode() == 200);
    }

    @Test
    void opsApiIsNotLimitedWithTheAppApi() throws Exception {
        // a token every 50 s: the app API stays refused for the whole test
        limits.apply(new RateLimits.Settings(true, 0.02, 2));
        spendTheBurst();

        for (int i = 0; i < 3; i++) {
            assertThat(request("/ops/v1/connectors").statusCode()).isEqualTo(200);
        }
    }

    /** Requests the app API until it refuses; the burst is always served first. */
    private HttpResponse<String> spendTheBurst() throws Exception {
        int served = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = request(APP_API);
            if (response.statusCode() == 429) {
                assertThat(served).as("the burst is served first").isGreaterThanOrEqualTo(2);
                return response;
            }
            assertThat(response.statusCode()).isEqualTo(200);
            served++;
        }
        throw new AssertionError("no 429 after 20 requests over a limit of 2 and one every 10 s or slower");
    }

    /** A GET by a client that, unlike TestRestTemplate's, never waits out a Retry-After on its own. */
    private HttpResponse<String> request(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                        .header("Authorization", bearer("rate-test", Scopes.ALL.toArray(String[]::new))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
