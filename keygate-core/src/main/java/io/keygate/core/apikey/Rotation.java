package io.keygate.core.apikey;

import io.keygate.core.error.EsException;

import java.time.Duration;

/**
 * Keygate's key rotation: a new secret for the same key (id, name, privileges), the old secret still accepted for a
 * grace period so that the programs using it can be given the new one without a gap. Elasticsearch has no rotation.
 */
public final class Rotation {
    private Rotation() {}

    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(24);
    public static final Duration MAX_GRACE_PERIOD = Duration.ofDays(30);

    /** The request's {@code grace_period} (a time value; absent: 24h; {@code 0s}: the old secret stops now). */
    public static Duration gracePeriod(String text) {
        if (text == null) return DEFAULT_GRACE_PERIOD;
        Duration grace;
        try {
            grace = Expiration.parse(text);
        } catch (EsException e) {
            throw EsException.parse(e.reason().replace("setting [expiration]", "[grace_period]"));
        }
        if (grace.compareTo(MAX_GRACE_PERIOD) > 0) {
            throw EsException.validation(java.util.List.of("[grace_period] must be at most [30d], got [" + text.trim() + "]"));
        }
        return grace;
    }
}
