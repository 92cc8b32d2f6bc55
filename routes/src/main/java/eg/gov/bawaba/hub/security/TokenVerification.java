package eg.gov.bawaba.hub.security;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * Which tokens the hub trusts: those of the configured issuer, signed by a key of its JWKS with an asymmetric
 * algorithm, in date, issued for no longer than {@code bawaba.security.max-token-lifetime}, naming their client, for
 * the configured audience if there is one; in profile {@code dev} instead only those of the local development key
 * ({@link DevTokenKey}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class TokenVerification {

    private static final Logger LOG = LoggerFactory.getLogger(TokenVerification.class);
    /** Signatures with a public key only: an HMAC (HS256...) "signature" could be made by anyone who knows the key. */
    static final Set<SignatureAlgorithm> ASYMMETRIC = Set.of(
            SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
            SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512,
            SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

    private static final Pattern NATIONAL_ID = Pattern.compile("[23][0-9]{13}");
    private static final OAuth2TokenValidatorResult OK = OAuth2TokenValidatorResult.success();
    private static final Converter<Map<String, Object>, Map<String, Object>> DEFAULT_CLAIMS =
            MappedJwtClaimSetConverter.withDefaults(Map.of());
    /**
     * Spring's claim conversion, except that a token without {@code iat} stays without one: the default makes one up
     * (a second before {@code exp}), which would let such a token pass the lifetime check whatever its {@code exp}.
     */
    static final Converter<Map<String, Object>, Map<String, Object>> CLAIMS = claims -> {
        Map<String, Object> mapped = DEFAULT_CLAIMS.convert(claims);
        if (claims.get(JwtClaimNames.IAT) == null && mapped != null && mapped.containsKey(JwtClaimNames.IAT)) {
            mapped = new HashMap<>(mapped);
            mapped.remove(JwtClaimNames.IAT);
        }
        return mapped;
    };

    @Bean
    @Profile("dev")
    DevTokenKey devTokenKey(@Value("${bawaba.data-dir}") Path dataDir) {
        DevTokenKey key = DevTokenKey.loadOrCreate(dataDir);
        LOG.warn("Profile dev: the hub trusts only tokens of the development key {} (issuer {}), made with "
                + "bin/dev-token; never run a real deployment like this", key.file(), DevTokenKey.ISSUER);
        return key;
    }

    @Bean
    JwtDecoder jwtDecoder(ObjectProvider<DevTokenKey> devKey,
                          @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
                          @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri,
                          @Value("${bawaba.security.audience:}") String audience,
                          @Value("${bawaba.security.clock-skew:30s}") Duration clockSkew,
                          @Value("${bawaba.security.max-token-lifetime:PT24H}") Duration maxLifetime,
                          @Value("${bawaba.security.verified-tokens:10000}") int verifiedTokens) {
        JwtDecoder verifier = verifier(devKey.getIfAvailable(), issuer, jwkSetUri, audience, clockSkew, maxLifetime);
        if (verifiedTokens <= 0) {
            return verifier;
        }
        // the signature check is most of a request's security cost, and a client sends the same token for its life
        OAuth2TokenValidator<Jwt> checks = devKey.getIfAvailable() != null
                ? validator(DevTokenKey.ISSUER, "", clockSkew, maxLifetime)
                : validator(issuer, audience, clockSkew, maxLifetime);
        return new VerifiedTokens(verifier, checks, verifiedTokens, Clock.systemUTC());
    }

    private static JwtDecoder verifier(DevTokenKey dev, String issuer, String jwkSetUri, String audience,
                                       Duration clockSkew, Duration maxLifetime) {
        if (dev != null) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(dev.publicKey())
                    .signatureAlgorithm(SignatureAlgorithm.RS256).build();
            decoder.setJwtValidator(validator(DevTokenKey.ISSUER, "", clockSkew, maxLifetime));
            decoder.setClaimSetConverter(CLAIMS);
            return decoder;
        }
        if (issuer.isBlank()) {
            throw new IllegalStateException("No token issuer is configured: set BAWABA_JWT_ISSUER (and "
                    + "BAWABA_JWT_JWKS_URI when the issuer's discovery document is not reachable), or run a local demo "
                    + "with profile dev (docs/security.md)");
        }
        LOG.info("Callers need bearer tokens of issuer {} (keys from {}){}", issuer,
                jwkSetUri.isBlank() ? "its discovery document" : jwkSetUri,
                audience.isBlank() ? "" : " for audience " + audience);
        // built on first use, so the hub starts while the identity provider is still unreachable
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = (jwkSetUri.isBlank()
                    ? NimbusJwtDecoder.withIssuerLocation(issuer)
                    : NimbusJwtDecoder.withJwkSetUri(jwkSetUri))
                    .jwsAlgorithms(algorithms -> algorithms.addAll(ASYMMETRIC))
                    .build();
            decoder.setJwtValidator(validator(issuer, audience, clockSkew, maxLifetime));
            decoder.setClaimSetConverter(CLAIMS);
            return decoder;
        });
    }

    /**
     * In date (with a little clock skew), with an expiry at all, of this issuer, of this audience if not blank, issued
     * for no longer than {@code maxLifetime}, naming its client, and naming a citizen only by a national id.
     */
    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Duration clockSkew,
                                               Duration maxLifetime) {
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        checks.add(new JwtTimestampValidator(clockSkew));
        // a token without exp would be good for ever
        checks.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
        checks.add(new JwtIssuerValidator(issuer));
        if (!audience.isBlank()) {
            checks.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.contains(audience)));
        }
        checks.add(lifetime(maxLifetime));
        // the client owns what it creates; the reserved owner of earlier versions' records is nobody's identity
        checks.add(jwt -> Callers.clientOf(jwt).filter(client -> !Owner.LEGACY_CLIENT.equals(client)).isPresent() ? OK
                : refused("the token names no client: it needs azp, client_id or sub (other than "
                        + Owner.LEGACY_CLIENT + "), which owns what it creates"));
        checks.add(jwt -> {
            Object citizen = jwt.getClaims().get(Callers.CITIZEN_CLAIM);
            return citizen == null || (citizen instanceof String id && NATIONAL_ID.matcher(id).matches()) ? OK
                    : refused(Callers.CITIZEN_CLAIM + " must be a 14-digit Egyptian national id");
        });
        return new DelegatingOAuth2TokenValidator<>(checks);
    }

    /**
     * Issued for at most {@code max}: {@code exp - iat}, so a stolen long-lived token cannot be used for weeks. A token
     * without {@code iat} is refused, since how long it was issued for cannot be told.
     */
    static OAuth2TokenValidator<Jwt> lifetime(Duration max) {
        return jwt -> {
            Instant issued = jwt.getIssuedAt();
            Instant expires = jwt.getExpiresAt();
            if (issued == null) {
                return refused("the token has no iat, so its lifetime cannot be checked against the longest "
                        + "accepted, " + max);
            }
            if (expires != null && Duration.between(issued, expires).compareTo(max) > 0) {
                return refused("the token is valid for " + Duration.between(issued, expires) + " (exp - iat), longer "
                        + "than the longest accepted, " + max + " (bawaba.security.max-token-lifetime)");
            }
            return OK;
        };
    }

    private static OAuth2TokenValidatorResult refused(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
