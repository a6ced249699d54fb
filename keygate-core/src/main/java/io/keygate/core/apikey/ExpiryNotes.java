package io.keygate.core.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which API keys a node notes as expired (the audit log's {@code api_key_expired}): each key once, when its expiration
 * passes while the node runs. The node asks its store, now and then, for the keys whose expiration lies in
 * ({@link #from()}, now] and hands what it found to {@link #observe}. The window reaches back {@code overlap} before the
 * last check, so that a key the store did not show yet (a search sees writes a little late) is still found; the keys
 * already noted in that overlap are remembered, and not noted twice.
 *
 * <p>Keys that expired before the node started are never noted by it; a key invalidated before its expiration ended by
 * invalidation, not expiry, and is not noted either. Not thread-safe: one caller at a time.
 */
public final class ExpiryNotes {
    private final Instant started;
    private final Duration overlap;
    private Instant checkedUntil;
    /** Id → the expiration noted, for keys whose expiration is still inside the window. */
    private final Map<String, Instant> noted = new HashMap<>();

    public ExpiryNotes(Instant started, Duration overlap) {
        this.started = started;
        this.overlap = overlap;
        this.checkedUntil = started;
    }

    /** The window's start (exclusive): expirations after it and up to now are the ones to look for. */
    public Instant from() {
        Instant from = checkedUntil.minus(overlap);
        return from.isBefore(started) ? started : from;
    }

    /**
     * The keys of {@code found} to note now (expired at {@code now}, inside the window, not noted before); everything
     * up to {@code now} counts as checked afterwards.
     */
    public List<ApiKey> observe(Collection<ApiKey> found, Instant now) {
        Instant from = from();
        List<ApiKey> toNote = new ArrayList<>();
        for (ApiKey key : found) {
            Instant expiration = key.expiration();
            if (expiration == null || !key.isExpired(now) || !expiration.isAfter(from)) continue;
            if (key.invalidated() && (key.invalidation() == null || !key.invalidation().isAfter(expiration))) continue;
            // an update may give a key a new expiration: that one is noted too when it passes
            if (!expiration.equals(noted.put(key.id(), expiration))) toNote.add(key);
        }
        if (now.isAfter(checkedUntil)) checkedUntil = now;
        Instant forget = from();
        noted.values().removeIf(expiration -> !expiration.isAfter(forget));
        return toNote;
    }
}
