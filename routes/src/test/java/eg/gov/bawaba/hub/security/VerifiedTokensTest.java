package eg.gov.bawaba.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** A verified token is remembered for its next requests, but never past its expiry nor for longer than five minutes. */
class VerifiedTokensTest {

    @TempDir
    Path dataDir;

    private DevTokenKey key;
    private final MovableClock clock = new MovableClock(Instant.now());
    private final AtomicInteger signatureChecks = new AtomicInteger();
    private VerifiedTokens tokens;

    @BeforeEach
    void hub() {
        key = DevTokenKey.loadOrCreate(dataDir);
        JwtTimestampValidator inDate = new JwtTimestampValidator(Duration.ofSeconds(30));
        inDate.setClock(clock);
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(key.publicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        nimbus.setJwtValidator(inDate);
        JwtDecoder counted = token -> {
            signatureChecks.incrementAndGet();
            return nimbus.decode(token);
        };
        tokens = new VerifiedTokens(counted, inDate, 2, clock);
    }

    @Test
    void checksATokensSignatureOnceAndAnswersItsNextUsesFromMemory() {
        String token = key.mint("bawaba-test", List.of(Scopes.APPLICATIONS_WRITE), Duration.ofHours(1));

        Jwt first = tokens.decode(token);
        Jwt again = tokens.decode(token);

        assertThat(again).isSameAs(first);
        assertThat(signatureChecks).hasValue(1);
    }

    @Test
    void refusesARememberedTokenOnceItHasExpired() {
        String token = key.mint("bawaba-test", List.of(Scopes.APPLICATIONS_WRITE), Duration.ofMinutes(2));
        tokens.decode(token);

        clock.advance(Duration.ofMinutes(3));

        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void checksTheSignatureAfreshAfterFiveMinutes() {
        String token = key.mint("bawaba-test", List.of(Scopes.APPLICATIONS_WRITE), Duration.ofHours(1));
        tokens.decode(token);

        clock.advance(VerifiedTokens.MAX_AGE.plusSeconds(1));
        tokens.decode(token);

        assertThat(signatureChecks).hasValue(2);
    }

    @Test
    void neverRemembersARefusedToken() {
        DevTokenKey stranger = DevTokenKey.loadOrCreate(dataDir.resolve("stranger"));
        String forged = stranger.mint("bawaba-test", List.of(Scopes.APPLICATIONS_WRITE), Duration.ofHours(1));

        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(Exception.class);

        assertThat(tokens.size()).isZero();
        assertThat(signatureChecks).hasValue(2);
    }

    @Test
    void keepsNoMoreTokensThanItsCapacity() {
        for (int i = 0; i < 5; i++) {
            tokens.decode(key.mint("client-" + i, List.of(Scopes.APPLICATIONS_WRITE), Duration.ofHours(1)));
        }

        assertThat(tokens.size()).isLessThanOrEqualTo(2);
    }

    /** A clock a test moves on instead of waiting. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
