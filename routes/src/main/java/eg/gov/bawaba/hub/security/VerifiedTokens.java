package eg.gov.bawaba.hub.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers the tokens the hub has verified, so that a client's next request with the same token skips the
 * signature check and claim conversion; the claim checks (expiry, not-before, issuer, lifetime, client) run again on
 * every use, and a token is verified afresh at least every {@link #MAX_AGE}.
 */
final class VerifiedTokens implements JwtDecoder {

    /**
     * As long as the identity provider's keys are cached anyway (Nimbus's JWK set cache): a key withdrawn from its JWKS
     * stops being trusted here no later than it would without this cache, give or take this once.
     */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private record Verified(Jwt jwt, Instant until) {}

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> checks;
    private final int capacity;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> checks, int capacity, Clock clock) {
        this.verifier = verifier;
        this.checks = checks;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.until()) && !checks.validate(known.jwt()).hasErrors()) {
                return known.jwt();
            }
            // expired or due for a fresh check: the verifier says why it is refused, as for a token never seen
            verified.remove(token, known);
        }
        Jwt jwt = verifier.decode(token);
        if (verified.size() >= capacity) {
            // a bound, not a policy: clients reuse a token for its whole life, so a cleared cache costs one check each
            verified.clear();
        }
        verified.put(token, new Verified(jwt, now.plus(MAX_AGE)));
        return jwt;
    }

    int size() {
        return verified.size();
    }
}
