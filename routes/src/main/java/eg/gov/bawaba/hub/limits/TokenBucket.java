package eg.gov.bawaba.hub.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket: it holds at most {@code burst} tokens, gains {@code perSecond} tokens a second, and every request
 * takes one; so a client may send {@code burst} requests at once, then {@code perSecond} a second.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double capacity;
    private final double nanosPerToken;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs requests-per-second > 0 and burst >= 1");
        }
        this.capacity = burst;
        this.nanosPerToken = NANOS_PER_SECOND / perSecond;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes a token: 0 when there was one, else the nanoseconds until there will be (nothing is taken then). */
    synchronized long tryTake() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) / nanosPerToken);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) * nanosPerToken));
    }
}
