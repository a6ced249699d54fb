package io.keygate.core.apikey;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. The caller gives the time (nanos),
 * so it is testable without sleeping; synchronized, as one key's requests arrive on several event loops.
 */
public final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, long burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake(long nowNanos) {
        if (nowNanos > last) {
            tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
            last = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    public boolean sameRate(double perSecond, long burst) {
        return perNano == perSecond / 1e9 && capacity == burst;
    }
}
