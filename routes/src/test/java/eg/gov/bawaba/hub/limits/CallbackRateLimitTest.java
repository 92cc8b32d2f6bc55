package eg.gov.bawaba.hub.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.applications.SignedCallbacks;
import eg.gov.bawaba.mappings.CanonicalJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The entities' callbacks, open to anyone who can reach them (they carry a signature, no token), are rate limited per
 * remote address before their body is read or their signature checked: a flood gets 429 with Retry-After.
 */
class CallbackRateLimitTest extends HubTestSupport {

    private static final String CALLBACK = SignedCallbacks.path("lab", "LAB-1");

    @Autowired
    @Qualifier("callbackRateLimits")
    private RateLimits limits;
    @LocalServerPort
    private int port;
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
    void unsignedCallbackFloodGets429WithRetryAfterFromOneAddress() throws Exception {
        // a token every 50 s: even on a loaded machine, 20 callbacks in a row spend the burst of 2
        limits.apply(new RateLimits.Settings(true, 0.02, 2));

        RawHttp.Answer refused = null;
        int answered = 0;
        for (int i = 0; i < 20 && refused == null; i++) {
            RawHttp.Answer answer = callback();
            if (answer.status() == 429) {
                refused = answer;
            } else {
                assertThat(answer.status()).as("unsigned: refused by the signature check").isEqualTo(401);
                answered++;
            }
        }

        assertThat(refused).as("no 429 after 20 callbacks over a limit of 2").isNotNull();
        assertThat(answered).as("the burst is answered first").isGreaterThanOrEqualTo(2);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = CanonicalJson.mapper().readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://bawaba.gov.eg/problems/rate-limited");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("instance").asText()).isEqualTo(CALLBACK);
        assertThat(problem.get("detail").asText()).startsWith("this address sent more than");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 50L);
        // the app API has limits of its own, per client
        assertThat(get("/api/v1/entities").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void callbacksAreNotLimitedWhileTheLimitIsOff() throws Exception {
        limits.apply(new RateLimits.Settings(false, 0.02, 2));

        for (int i = 0; i < 10; i++) {
            assertThat(callback().status()).isEqualTo(401);
        }
    }

    private RawHttp.Answer callback() throws Exception {
        byte[] body = "{\"status\":\"APPROVED\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return RawHttp.send(port, "POST " + CALLBACK + " HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length, body);
    }
}
