package eg.gov.bawaba.hub;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import eg.gov.bawaba.hub.security.Callers;
import eg.gov.bawaba.hub.security.DevTokenKey;
import eg.gov.bawaba.hub.security.Scopes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * Tokens for the hub in tests: every TestRestTemplate sends one of the hub's development key with every scope (subject
 * {@value #SUBJECT}), unless the request has an Authorization header of its own; {@value #NONE} as that header sends
 * none. Every answer is checked against the published OpenAPI documents ({@link ContractResponses}). The static
 * methods make the tokens a hub must refuse.
 */
@AutoConfiguration
public class TestTokens {

    public static final String SUBJECT = "hub-test";
    /** As the Authorization header of a test request: send it without any. */
    public static final String NONE = "none";

    @Bean
    RestTemplateCustomizer bearerTokenOfTheDevelopmentKey(ObjectProvider<DevTokenKey> key) {
        return rest -> rest.getInterceptors().add((request, body, execution) -> {
            HttpHeaders headers = request.getHeaders();
            String given = headers.getFirst(HttpHeaders.AUTHORIZATION);
            if (NONE.equals(given)) {
                headers.remove(HttpHeaders.AUTHORIZATION);
            } else if (given == null && key.getIfAvailable() != null) {
                headers.setBearerAuth(key.getObject().mint(SUBJECT, Scopes.ALL, Duration.ofHours(1)));
            }
            return ContractResponses.checked(request, execution.execute(request, body));
        });
    }

    /** The Authorization header value of a token of the key for the subject with these scopes. */
    public static String bearer(DevTokenKey key, String subject, String... scopes) {
        return "Bearer " + key.mint(subject, List.of(scopes), Duration.ofHours(1));
    }

    /**
     * The Authorization header value of a token of the key with every scope, issued to {@code client} (claim
     * {@code azp}; the subject is a user of it) and, unless {@code citizen} is null, acting for that citizen
     * ({@value Callers#CITIZEN_CLAIM}).
     */
    public static String clientBearer(DevTokenKey key, String client, String citizen) {
        JWTClaimsSet.Builder claims = key.claims("user-of-" + client, Scopes.ALL, Duration.ofHours(1)).claim("azp", client);
        if (citizen != null) {
            claims.claim(Callers.CITIZEN_CLAIM, citizen);
        }
        return "Bearer " + key.sign(claims.build());
    }

    /** Claims of a token good in every way but the ones a test changes. */
    public static JWTClaimsSet.Builder claims(String issuer, String... scopes) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject(SUBJECT).claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .jwtID(UUID.randomUUID().toString());
    }

    /** The same claims, not signed at all ({@code alg: none}). */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(new PlainHeader(), claims).serialize();
    }

    /** The same claims "signed" with HS256 and a secret anyone could have chosen. */
    public static String hmacSigned(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner("a shared secret that nobody should trust, 256 bits".getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
