package eg.gov.bawaba.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.util.ClassUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Who may call what: every protected endpoint family refuses a request without a token, with a token lacking its
 * scope, and with an expired, not yet valid, foreign, unsigned, HMAC-signed or otherwise forged token, each time as
 * problem+json; probes, the OpenAPI document, the console's files and the entities' callbacks stay reachable.
 */
class ApiSecurityTest extends HubTestSupport {

    private static final RSAKey STRANGER = rsaKey();

    /** Requests of one protected part of the hub, the scope they need, and another scope that is not enough. */
    record Family(String name, HttpMethod method, String path, String scope, String otherScope) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Family> families() {
        return Stream.of(
                new Family("catalogue", HttpMethod.GET, "/api/v1/catalogue", Scopes.CATALOGUE_READ,
                        Scopes.APPLICATIONS_READ),
                new Family("catalogue entry", HttpMethod.GET, "/api/v1/catalogue/emigration.NO-SUCH",
                        Scopes.CATALOGUE_READ, Scopes.OPS_READ),
                new Family("catalogue changes", HttpMethod.GET, "/api/v1/catalogue/changes", Scopes.CATALOGUE_READ,
                        Scopes.APPLICATIONS_WRITE),
                new Family("entities", HttpMethod.GET, "/api/v1/entities", Scopes.CATALOGUE_READ, Scopes.OPS_READ),
                new Family("application submission", HttpMethod.POST, "/api/v1/applications",
                        Scopes.APPLICATIONS_WRITE, Scopes.APPLICATIONS_READ),
                new Family("application status", HttpMethod.GET, "/api/v1/applications/no-such-application",
                        Scopes.APPLICATIONS_READ, Scopes.APPLICATIONS_WRITE),
                new Family("experts search", HttpMethod.GET, "/api/v1/experts", Scopes.EXPERTS_READ,
                        Scopes.CATALOGUE_READ),
                new Family("expert registration", HttpMethod.POST, "/api/v1/experts", Scopes.EXPERTS_WRITE,
                        Scopes.EXPERTS_READ),
                new Family("expert consent withdrawal", HttpMethod.DELETE, "/api/v1/experts/no-such-expert/consent",
                        Scopes.EXPERTS_WRITE, Scopes.EXPERTS_READ),
                new Family("ops reads", HttpMethod.GET, "/ops/v1/connectors", Scopes.OPS_READ, Scopes.OPS_WRITE),
                new Family("ops actions", HttpMethod.POST, "/ops/v1/entities/no-such-entity/sync", Scopes.OPS_WRITE,
                        Scopes.OPS_READ),
                new Family("prometheus", HttpMethod.GET, "/actuator/prometheus", Scopes.OPS_READ,
                        Scopes.CATALOGUE_READ),
                new Family("metrics", HttpMethod.GET, "/actuator/metrics", Scopes.OPS_READ, Scopes.CATALOGUE_READ));
    }

    /** Tokens the hub must refuse, however good their scope. */
    enum BadToken {
        EXPIRED, NOT_YET_VALID, WITHOUT_EXPIRY, OTHER_ISSUER, UNSIGNED, HMAC_SIGNED, SIGNED_BY_ANOTHER_KEY, MALFORMED,
        /** Nobody to own what it creates: no azp, client_id or sub. */
        WITHOUT_CLIENT_IDENTITY,
        /** Naming as its client the reserved owner of records of earlier versions. */
        OF_THE_LEGACY_OWNER,
        /** Issued for 25 hours, beyond bawaba.security.max-token-lifetime (24 h), though in date now. */
        LONGER_THAN_THE_MAX_LIFETIME,
        /** Without iat, so how long it was issued for cannot be told. */
        WITHOUT_ISSUED_AT,
        /** Acting for a "citizen" that is no national id. */
        WITH_A_MALFORMED_CITIZEN_ID;

        String token(DevTokenKey key, String scope) {
            Instant now = Instant.now();
            JWTClaimsSet.Builder good = TestTokens.claims(DevTokenKey.ISSUER, scope);
            return switch (this) {
                // well beyond the clock skew the hub tolerates (30 s)
                case EXPIRED -> key.sign(good.issueTime(Date.from(now.minus(Duration.ofHours(1))))
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))).build());
                case NOT_YET_VALID -> key.sign(good.notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
                case WITHOUT_EXPIRY -> key.sign(good.expirationTime(null).build());
                case OTHER_ISSUER -> key.sign(TestTokens.claims("https://login.example.com", scope).build());
                case UNSIGNED -> TestTokens.unsigned(good.build());
                case HMAC_SIGNED -> TestTokens.hmacSigned(good.build());
                case SIGNED_BY_ANOTHER_KEY -> signedByStranger(key, good.build());
                case MALFORMED -> "not.a-token";
                case WITHOUT_CLIENT_IDENTITY -> key.sign(good.subject(null).build());
                case OF_THE_LEGACY_OWNER -> key.sign(good.claim("azp", Owner.LEGACY_CLIENT).build());
                case LONGER_THAN_THE_MAX_LIFETIME -> key.sign(good.issueTime(Date.from(now.minus(Duration.ofHours(1))))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(24)))).build());
                case WITHOUT_ISSUED_AT -> key.sign(good.issueTime(null).build());
                case WITH_A_MALFORMED_CITIZEN_ID -> key.sign(good.claim(Callers.CITIZEN_CLAIM, "123").build());
            };
        }
    }

    static Stream<Arguments> badTokens() {
        return families().flatMap(f -> Stream.of(BadToken.values()).map(t -> Arguments.of(f, t)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void refusesARequestWithoutATokenAs401(Family family) {
        ResponseEntity<String> answer = call(family, TestTokens.NONE);

        assertProblem(answer, 401, "unauthorized");
        assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(json(answer).get("detail").asText()).contains("needs a bearer token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void refusesATokenWithoutTheScopeAs403(Family family) {
        ResponseEntity<String> answer = call(family, bearer("someone", family.otherScope()));

        assertProblem(answer, 403, "insufficient-scope");
        assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .startsWith("Bearer").contains("error=\"insufficient_scope\"");
        assertThat(json(answer).get("detail").asText()).contains("scope " + family.scope());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void letsATokenWithTheScopeThrough(Family family) {
        ResponseEntity<String> answer = call(family, bearer("someone", family.scope()));

        // what is behind answers: 200, or its own 400/404 for the made-up ids and the empty body used here (and for
        // Prometheus, whose endpoint only MetricsTest's hub has)
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isNotIn(401, 403);
        assertThat(answer.getHeaders().get(HttpHeaders.SET_COOKIE)).as("no session for a token API").isNull();
    }

    @ParameterizedTest(name = "{0} with a token {1}")
    @MethodSource("badTokens")
    void refusesABadTokenAs401(Family family, BadToken bad) {
        ResponseEntity<String> answer = call(family, "Bearer " + bad.token(tokenKey, family.scope()));

        assertProblem(answer, 401, "unauthorized");
        assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .startsWith("Bearer").contains("error=\"invalid_token\"");
        assertThat(json(answer).get("detail").asText()).startsWith("the bearer token was refused");
    }

    @Autowired
    private ApplicationContext context;

    @Test
    void securityFilterChainRunsWithoutSpringMvcsHandlerLookupCache() {
        Object chain = context.getBean(HandlerMappingCacheRemoval.FILTER_CHAIN);

        assertThat(chain).isInstanceOf(FilterChainProxy.class);
        assertThat(chain.getClass().getName()).isNotEqualTo(HandlerMappingCacheRemoval.CACHING_WRAPPER);
        // once Spring Security no longer wraps its chain in that class, HandlerMappingCacheRemoval has nothing to do
        assertThat(ClassUtils.isPresent(HandlerMappingCacheRemoval.CACHING_WRAPPER, null)).isTrue();
    }

    @Test
    void saysWhyATokenWithoutClientOrTooLongALifetimeIsRefused() {
        JWTClaimsSet.Builder good = TestTokens.claims(DevTokenKey.ISSUER, Scopes.APPLICATIONS_READ);
        String path = "/api/v1/applications/no-such-application";

        ResponseEntity<String> anonymous = get(path, HttpHeaders.AUTHORIZATION,
                "Bearer " + tokenKey.sign(good.subject(null).build()));
        assertProblem(anonymous, 401, "unauthorized");
        assertThat(json(anonymous).get("detail").asText()).contains("names no client").contains("azp, client_id or sub");

        Instant now = Instant.now();
        ResponseEntity<String> longLived = get(path, HttpHeaders.AUTHORIZATION, "Bearer " + tokenKey.sign(TestTokens
                .claims(DevTokenKey.ISSUER, Scopes.APPLICATIONS_READ).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofDays(30)))).build()));
        assertProblem(longLived, 401, "unauthorized");
        assertThat(json(longLived).get("detail").asText()).contains("PT720H").contains("max-token-lifetime");

        ResponseEntity<String> noIat = get(path, HttpHeaders.AUTHORIZATION, "Bearer " + tokenKey.sign(TestTokens
                .claims(DevTokenKey.ISSUER, Scopes.APPLICATIONS_READ).issueTime(null).build()));
        assertThat(json(noIat).get("detail").asText()).contains("no iat");
    }

    @Test
    void acceptsATokenIssuedForExactlyTheMaxLifetimeAndNamingItsClientByClientIdAlone() {
        Instant now = Instant.now();
        String token = tokenKey.sign(TestTokens.claims(DevTokenKey.ISSUER, Scopes.APPLICATIONS_READ).subject(null)
                .claim("client_id", "app-backend").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(24)))).build());

        ResponseEntity<String> answer = get("/api/v1/applications/no-such-application", HttpHeaders.AUTHORIZATION,
                "Bearer " + token);

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(404);
    }

    @Test
    void healthIsOpenToProbesAndShowsItsComponentsOnlyToOpsRead() {
        ResponseEntity<String> anonymous = get("/actuator/health", HttpHeaders.AUTHORIZATION, TestTokens.NONE);
        assertThat(anonymous.getStatusCode().value()).isIn(200, 503);
        assertThat(json(anonymous).get("status").asText()).isNotBlank();
        assertThat(json(anonymous).has("components")).as(anonymous.getBody()).isFalse();
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            ResponseEntity<String> answer = get(probe, HttpHeaders.AUTHORIZATION, TestTokens.NONE);
            assertThat(answer.getStatusCode().value()).as(probe).isEqualTo(200);
            assertThat(json(answer).get("status").asText()).as(probe).isEqualTo("UP");
        }

        JsonNode appBackend = json(get("/actuator/health", HttpHeaders.AUTHORIZATION,
                bearer("app-backend", Scopes.CATALOGUE_READ, Scopes.APPLICATIONS_WRITE)));
        assertThat(appBackend.has("components")).isFalse();
        JsonNode operator = json(get("/actuator/health", HttpHeaders.AUTHORIZATION, bearer("operator",
                Scopes.OPS_READ)));
        assertThat(operator.get("components").has("entities")).as(operator.toString()).isTrue();
    }

    @Test
    void theOpenApiDocumentAndTheConsolesFilesNeedNoToken() {
        for (String path : new String[] {"/api/v1/openapi.json", "/ops/console/", "/ops/console/console.js"}) {
            ResponseEntity<String> answer = get(path, HttpHeaders.AUTHORIZATION, TestTokens.NONE);
            assertThat(answer.getStatusCode().value()).as(path).isEqualTo(200);
        }
        assertThat(get("/ops/console/", HttpHeaders.AUTHORIZATION, TestTokens.NONE).getBody())
                .contains("Access token");
    }

    @Test
    void entityCallbacksAreNotAskedForABearerToken() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.AUTHORIZATION, TestTokens.NONE);
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> answer = http.exchange("/callbacks/v1/entities/lab/applications/NO-SUCH/status",
                HttpMethod.POST, new HttpEntity<>("{\"status\":\"IN_REVIEW\"}", headers), String.class);

        // entities prove who they are in their own way (docs/security.md), never with the app backend's tokens
        assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(answer.getBody())
                .satisfiesAnyOf(h -> assertThat(h).isNull(), h -> assertThat(h).doesNotStartWith("Bearer"));
        assertThat(answer.getStatusCode().value()).isNotEqualTo(403);
    }

    @Test
    void refusesWhatNoRuleNamesEvenWithEveryScope() {
        String everything = bearer("root", Scopes.ALL.toArray(String[]::new));

        assertProblem(get("/api/v2/catalogue", HttpHeaders.AUTHORIZATION, TestTokens.NONE), 401, "unauthorized");
        assertProblem(get("/api/v2/catalogue", HttpHeaders.AUTHORIZATION, everything), 403, "insufficient-scope");
        assertProblem(http.exchange("/api/v1/catalogue", HttpMethod.DELETE, new HttpEntity<>(headers(everything)),
                String.class), 403, "insufficient-scope");
        assertProblem(http.exchange("/ops/v1/entities/lab/suspend", HttpMethod.PATCH,
                new HttpEntity<>(headers(everything)), String.class), 403, "insufficient-scope");
        assertProblem(get("/actuator/env", HttpHeaders.AUTHORIZATION, TestTokens.NONE), 401, "unauthorized");
    }

    private ResponseEntity<String> call(Family family, String authorization) {
        HttpHeaders headers = headers(authorization);
        String body = null;
        if (family.method() == HttpMethod.POST) {
            headers.setContentType(MediaType.APPLICATION_JSON);
            body = "{}";
        }
        return http.exchange(family.path(), family.method(), new HttpEntity<>(body, headers), String.class);
    }

    private static HttpHeaders headers(String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.AUTHORIZATION, authorization);
        return headers;
    }

    private static void assertProblem(ResponseEntity<String> answer, int status, String type) {
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isNotNull()
                .matches(media -> media.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON), "problem+json");
        JsonNode problem = json(answer);
        assertThat(problem.get("type").asText()).isEqualTo("https://bawaba.gov.eg/problems/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    private static String signedByStranger(DevTokenKey key, JWTClaimsSet claims) {
        // the hub's own key id, so only the signature tells them apart
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.keyId()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(STRANGER));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
