package io.keygate.server.authc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Brute-force protection: after {@code maxFailures} failed authentications in a row for one principal (a
 * username, or an API key id), attempts that would need the slow hash check are refused for
 * {@code duration}, known user or not. Credentials this node verified before (its authentication caches)
 * keep working, so an attacker who locks an account does not lock its running clients out.
 *
 * <p>The bookkeeping is a bounded Caffeine cache: an entry lives {@code duration} after its last failure.
 */
public final class AuthenticationLockout {
    public static final String MAX_FAILURES = "keygate.security.authc.lockout.max_failures";
    public static final String DURATION = "keygate.security.authc.lockout.duration";
    public static final String MAX_TRACKED = "keygate.security.authc.lockout.max_tracked";

    /** Failures so far and, once locked, until when (ticker nanos; 0 = not locked). */
    private record Failures(int count, long lockedUntil) {}

    private final int maxFailures;
    private final long durationNanos;
    private final Ticker ticker;
    private final Cache<String, Failures> failures;
    private volatile BiConsumer<String, Integer> onLock = (principal, count) -> { };
    private final java.util.concurrent.atomic.AtomicLong locks = new java.util.concurrent.atomic.AtomicLong();

    public AuthenticationLockout(int maxFailures, Duration duration, int maxTracked) {
        this(maxFailures, duration, maxTracked, Ticker.systemTicker());
    }

    AuthenticationLockout(int maxFailures, Duration duration, int maxTracked, Ticker ticker) {
        this.maxFailures = maxFailures;
        this.durationNanos = duration.toNanos();
        this.ticker = ticker;
        boolean enabled = maxFailures > 0 && !duration.isZero() && !duration.isNegative();
        this.failures = Caffeine.newBuilder().maximumSize(enabled ? maxTracked : 0)
                .expireAfterWrite(enabled ? duration : Duration.ofNanos(1)).ticker(ticker).build();
    }

    public static AuthenticationLockout disabled() {
        return new AuthenticationLockout(0, Duration.ZERO, 0);
    }

    /** Called (principal, failures) when a principal gets locked: the audit event. */
    public AuthenticationLockout onLock(BiConsumer<String, Integer> onLock) {
        this.onLock = onLock;
        return this;
    }

    public boolean locked(String principal) {
        Failures f = failures.getIfPresent(principal);
        return f != null && f.lockedUntil() != 0 && ticker.read() - f.lockedUntil() < 0;
    }

    public void failed(String principal) {
        if (maxFailures <= 0) return;
        long now = ticker.read();
        Failures first = new Failures(1, maxFailures == 1 ? now + durationNanos : 0);
        Failures next = failures.asMap().merge(principal, first, (old, one) -> {
            int count = old.count() + 1;
            long until = old.lockedUntil() != 0 ? old.lockedUntil() : count >= maxFailures ? now + durationNanos : 0;
            return new Failures(count, until);
        });
        if (next.count() == maxFailures) {
            locks.incrementAndGet();
            onLock.accept(principal, next.count());
        }
    }

    /** How many times a principal was locked since the node started (the metrics' breaker trips). */
    public long locks() {
        return locks.get();
    }

    public void succeeded(String principal) {
        failures.invalidate(principal);
    }
}
