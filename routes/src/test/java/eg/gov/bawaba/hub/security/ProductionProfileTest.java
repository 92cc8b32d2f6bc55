package eg.gov.bawaba.hub.security;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import eg.gov.bawaba.hub.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A hub in profile prod trusts the tokens of its identity provider (here a JWKS served by WireMock) for its audience,
 * and never the development key's, not even one left in its data folder by a demo.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.profiles.active=prod",
        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ProductionProfileTest.ISSUER,
        "bawaba.security.audience=" + ProductionProfileTest.AUDIENCE,
        "bawaba.catalogue.scheduling=false"})
class ProductionProfileTest {

    static final String ISSUER = "https://login.bawaba.test/realms/gov";
    static final String AUDIENCE = "bawaba-hub";
    static final RSAKey PROVIDER_KEY = rsaKey();
    static final WireMockServer PROVIDER = new WireMockServer(options().dynamicPort());
    static final Path DATA = Path.of("target", "test-data", "prod-" + UUID.randomUUID()).toAbsolutePath();
    static final Path NO_ENTITIES = noEntities();

    static {
        PROVIDER.start();
        PROVIDER.stubFor(WireMock.get("/jwks.json").willReturn(WireMock.okJson(
                new JWKSet(PROVIDER_KEY.toPublicJWK()).toString())));
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> PROVIDER.baseUrl() + "/jwks.json");
        registry.add("bawaba.data-dir", DATA::toString);
        registry.add("bawaba.entities.dir", NO_ENTITIES::toString);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.stop();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext context;

    @Test
    void acceptsATokenOfTheIdentityProviderForItsAudience() {
        ResponseEntity<String> answer = entities(providerToken(claims().audience(AUDIENCE).build()));

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    }

    @Test
    void refusesATokenOfTheIdentityProviderForAnotherAudience() {
        assertThat(entities(providerToken(claims().audience("another-service").build())).getStatusCode().value())
                .isEqualTo(401);
        assertThat(entities(providerToken(claims().build())).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void neverTrustsTheDevelopmentKeyEvenWhenOneIsInTheDataFolder() {
        assertThat(context.getBeansOfType(DevTokenKey.class)).isEmpty();
        // as if a demo had run on this machine before, or someone put a key there on purpose
        DevTokenKey dev = DevTokenKey.loadOrCreate(DATA);

        ResponseEntity<String> devToken = entities(TestTokens.bearer(dev, "demo-user", Scopes.CATALOGUE_READ));
        ResponseEntity<String> devSignedForProduction = entities("Bearer " + dev.sign(claims().audience(AUDIENCE)
                .build()));

        assertThat(devToken.getStatusCode().value()).as(devToken.getBody()).isEqualTo(401);
        assertThat(devToken.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
        assertThat(devSignedForProduction.getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void refusesAnHmacTokenKeyedWithTheProvidersPublicKey() throws JOSEException {
        // the classic algorithm confusion: HS256 with the public key's bytes as the shared secret
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().audience(AUDIENCE).build());
        forged.sign(new MACSigner(PROVIDER_KEY.toRSAPublicKey().getEncoded()));

        assertThat(entities("Bearer " + forged.serialize()).getStatusCode().value()).isEqualTo(401);
        assertThat(entities("Bearer " + TestTokens.unsigned(claims().audience(AUDIENCE).build())).getStatusCode()
                .value()).isEqualTo(401);
    }

    private ResponseEntity<String> entities(String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.AUTHORIZATION, authorization);
        return http.exchange("/api/v1/entities", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private static JWTClaimsSet.Builder claims() {
        return TestTokens.claims(ISSUER, Scopes.CATALOGUE_READ);
    }

    private static String providerToken(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(PROVIDER_KEY.getKeyID()).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(PROVIDER_KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return "Bearer " + jwt.serialize();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("provider-1").keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path noEntities() {
        try {
            return Files.createTempDirectory("bawaba-prod-entities");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
