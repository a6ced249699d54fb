package io.keygate.core.apikey;

import java.time.Duration;
import java.time.Instant;

/**
 * Keygate's lifetime policy for API keys ({@code keygate.security.authc.api_key.max_expiration}): every key must
 * expire, at most that long after it is created or updated. Elasticsearch has no such rule; the messages say what
 * to send instead. {@link #NONE} allows everything, as Elasticsearch does.
 */
public record LifetimePolicy(Duration max, String maxText) {
    public static final String SETTING = "keygate.security.authc.api_key.max_expiration";
    public static final LifetimePolicy NONE = new LifetimePolicy(null, null);

    /** The policy a setting's text describes ({@code 90d}); null or empty: no policy. */
    public static LifetimePolicy of(String text) {
        if (text == null || text.isBlank()) return NONE;
        Duration max;
        try {
            max = Expiration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting [" + SETTING + "] must be a time value such as [90d], got [" + text + "]");
        }
        if (max.isZero()) throw new IllegalArgumentException("setting [" + SETTING + "] must be longer than 0s, got [" + text + "]");
        return new LifetimePolicy(max, text.trim());
    }

    public boolean enabled() {
        return max != null;
    }

    /** Why a create (or grant) asking for {@code expiration} (null: none) breaks the policy, or null when it does not. */
    public String createError(Duration expiration) {
        if (max == null) return null;
        if (expiration == null) {
            return "[expiration] is required: the API key lifetime policy [" + SETTING + "] allows keys of at most ["
                    + maxText + "]; set an expiration of [" + maxText + "] or less";
        }
        return tooLong(expiration);
    }

    /**
     * Why an update breaks the policy, or null: a new expiration must be within the maximum; without one, the key
     * keeps its expiration, which must exist and end within the maximum from now.
     */
    public String updateError(String id, Duration requested, Instant current, Instant now) {
        if (max == null) return null;
        if (requested != null) return tooLong(requested);
        if (current == null) {
            return "API key [" + id + "] never expires, which the API key lifetime policy [" + SETTING + "] of [" + maxText
                    + "] does not allow: set an [expiration] of [" + maxText + "] or less in this update";
        }
        if (current.isAfter(now.plus(max))) {
            return "API key [" + id + "] expires later than the API key lifetime policy [" + SETTING + "] of [" + maxText
                    + "] allows: set an [expiration] of [" + maxText + "] or less in this update";
        }
        return null;
    }

    /** Why an existing, active key breaks the policy (never expires, or lives longer than the maximum), or null. */
    public String violation(ApiKey key) {
        if (max == null) return null;
        if (key.expiration() == null) return "never expires";
        Duration lifetime = Duration.between(key.creation(), key.expiration());
        if (lifetime.compareTo(max) > 0) {
            return "lives " + Durations.text(lifetime) + " from creation, longer than [" + maxText + "]";
        }
        return null;
    }

    private String tooLong(Duration expiration) {
        if (expiration.compareTo(max) <= 0) return null;
        return "[expiration] of [" + Durations.text(expiration) + "] is longer than the API key lifetime policy ["
                + SETTING + "] allows: at most [" + maxText + "]";
    }

    /** Short human text for a duration, in the largest whole unit Elasticsearch spells ({@code 365d}, {@code 36h}, {@code 90s}). */
    static final class Durations {
        private Durations() {}

        static String text(Duration d) {
            long s = d.getSeconds();
            if (s % 86_400 == 0) return s / 86_400 + "d";
            if (s % 3_600 == 0) return s / 3_600 + "h";
            if (s % 60 == 0) return s / 60 + "m";
            return s + "s";
        }
    }
}
