package eg.gov.bawaba.hub.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Duration;
import java.util.function.Function;

/**
 * Rate limits of one part of the hub: one {@link TokenBucket} per client. On the app API the client is the
 * authenticated caller (the token's subject) or, for a request without one, its remote address ({@link #client});
 * on the entities' callbacks, which carry no token, it is the remote address ({@link #perAddress}).
 */
public class RateLimits {

    /** Whether requests are limited, and how many a second each client may send, {@code burst} of them at once. */
    public record Settings(boolean enabled, double requestsPerSecond, int burst) {
        public Settings {
            if (requestsPerSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException(
                        "a rate limit (bawaba.rate-limit, bawaba.callbacks.rate-limit) needs requests-per-second > 0 "
                                + "and burst >= 1");
            }
        }
    }

    // an idle client's bucket is full again long before it is dropped; the bound keeps a flood of addresses in check
    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();
    private final Function<HttpServletRequest, String> client;
    private final String who;
    private volatile Settings settings;

    /** Limits per client ({@link #client}): the app API's. */
    public RateLimits(boolean enabled, double requestsPerSecond, int burst) {
        this(new Settings(enabled, requestsPerSecond, burst), RateLimits::client, "this client");
    }

    private RateLimits(Settings settings, Function<HttpServletRequest, String> client, String who) {
        this.settings = settings;
        this.client = client;
        this.who = who;
    }

    /** Limits per remote address, whoever the request claims to be: for callers without a token. */
    public static RateLimits perAddress(boolean enabled, double requestsPerSecond, int burst) {
        return new RateLimits(new Settings(enabled, requestsPerSecond, burst), r -> "address:" + r.getRemoteAddr(),
                "this address");
    }

    public Settings settings() {
        return settings;
    }

    /** Applies new settings; every client starts again from a full bucket. */
    public void apply(Settings next) {
        settings = next;
        buckets.invalidateAll();
    }

    /** Who is limited, in words for a 429's detail: "this client" or "this address". */
    String who() {
        return who;
    }

    /** 0 when the request's client may go on, else how many whole seconds it should wait (at least 1). */
    long admit(HttpServletRequest request) {
        return admit(client.apply(request));
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
