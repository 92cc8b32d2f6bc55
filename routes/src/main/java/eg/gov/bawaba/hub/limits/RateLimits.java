package eg.gov.bawaba.hub.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The app API's rate limits: one {@link TokenBucket} per client, the client being the authenticated caller (the token's
 * subject) or, for a request without one, its remote address.
 */
@Component
public class RateLimits {

    /** Whether requests are limited, and how many a second each client may send, {@code burst} of them at once. */
    public record Settings(boolean enabled, double requestsPerSecond, int burst) {
        public Settings {
            if (requestsPerSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("bawaba.rate-limit: requests-per-second must be > 0 and burst >= 1");
            }
        }
    }

    // an idle client's bucket is full again long before it is dropped; the bound keeps a flood of addresses in check
    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();
    private volatile Settings settings;

    public RateLimits(@Value("${bawaba.rate-limit.enabled:true}") boolean enabled,
                      @Value("${bawaba.rate-limit.requests-per-second:100}") double requestsPerSecond,
                      @Value("${bawaba.rate-limit.burst:200}") int burst) {
        this.settings = new Settings(enabled, requestsPerSecond, burst);
    }

    public Settings settings() {
        return settings;
    }

    /** Applies new settings; every client starts again from a full bucket. */
    public void apply(Settings next) {
        settings = next;
        buckets.invalidateAll();
    }

    /** 0 when the client may go on, else how many whole seconds it should wait (at least 1). */
    long admit(String client) {
        Settings current = settings;
        if (!current.enabled()) {
            return 0;
        }
        long nanos = buckets.get(client, c -> new TokenBucket(current.requestsPerSecond(), current.burst(), System::nanoTime))
                .tryTake();
        return nanos == 0 ? 0 : Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /**
     * Who is calling: the authenticated principal's name when there is one (Spring Security exposes its
     * {@code Authentication} as the request's principal, the JWT subject for a bearer token), else the remote address.
     */
    static String client(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
            return "principal:" + principal.getName();
        }
        return "address:" + request.getRemoteAddr();
    }
}
