package eg.gov.bawaba.hub.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The token bucket's arithmetic on a clock the test moves, and who counts as one client. */
class RateLimitsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void bucketServesItsBurstThenOneRequestPerRefillAndSaysHowLongToWait() {
        AtomicLong now = new AtomicLong(42 * SECOND);
        TokenBucket bucket = new TokenBucket(2, 3, now::get);

        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).as("empty: a token comes in half a second").isCloseTo(SECOND / 2, within(1L));

        now.addAndGet(SECOND / 4);
        assertThat(bucket.tryTake()).as("half a token so far").isCloseTo(SECOND / 4, within(1L));
        now.addAndGet(SECOND / 4);
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isPositive();

        now.addAndGet(60 * SECOND);
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake()).as("refilled to the burst, never beyond").isZero();
        }
        assertThat(bucket.tryTake()).isPositive();
    }

    @Test
    void eachClientHasItsOwnBucketAndRetryAfterIsInWholeSeconds() {
        RateLimits limits = new RateLimits(true, 0.5, 1);

        assertThat(limits.admit("principal:app-backend")).isZero();
        assertThat(limits.admit("principal:app-backend")).isEqualTo(2);
        assertThat(limits.admit("principal:mobile-gateway")).isZero();
        assertThat(limits.admit("address:10.0.0.7")).isZero();
    }

    @Test
    void disabledLimitsAdmitEveryRequest() {
        RateLimits limits = new RateLimits(false, 0.5, 1);

        for (int i = 0; i < 100; i++) {
            assertThat(limits.admit("address:10.0.0.7")).isZero();
        }
        limits.apply(new RateLimits.Settings(true, 0.5, 1));
        assertThat(limits.admit("address:10.0.0.7")).isZero();
        assertThat(limits.admit("address:10.0.0.7")).isPositive();
    }

    @Test
    void clientIsTheAuthenticatedPrincipalElseTheRemoteAddress() {
        MockHttpServletRequest anonymous = new MockHttpServletRequest();
        anonymous.setRemoteAddr("192.0.2.10");
        MockHttpServletRequest authenticated = new MockHttpServletRequest();
        authenticated.setRemoteAddr("192.0.2.10");
        authenticated.setUserPrincipal(() -> "app-backend");

        assertThat(RateLimits.client(anonymous)).isEqualTo("address:192.0.2.10");
        assertThat(RateLimits.client(authenticated)).isEqualTo("principal:app-backend");
    }

    @Test
    void callbackLimitsCountTheRemoteAddressWhateverPrincipalTheRequestCarries() {
        RateLimits limits = RateLimits.perAddress(true, 0.5, 1);
        MockHttpServletRequest first = new MockHttpServletRequest();
        first.setRemoteAddr("192.0.2.10");
        first.setUserPrincipal(() -> "entity-a");
        MockHttpServletRequest sameAddress = new MockHttpServletRequest();
        sameAddress.setRemoteAddr("192.0.2.10");
        sameAddress.setUserPrincipal(() -> "entity-b");
        MockHttpServletRequest otherAddress = new MockHttpServletRequest();
        otherAddress.setRemoteAddr("192.0.2.11");

        assertThat(limits.admit(first)).isZero();
        assertThat(limits.admit(sameAddress)).isEqualTo(2);
        assertThat(limits.admit(otherAddress)).isZero();
        assertThat(limits.who()).isEqualTo("this address");
    }

    @Test
    void refusesALimitThatAdmitsNothing() {
        assertThatThrownBy(() -> new RateLimits(true, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimits(true, 5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
