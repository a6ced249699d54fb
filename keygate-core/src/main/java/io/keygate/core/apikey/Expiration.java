package io.keygate.core.apikey;

import io.keygate.core.error.EsException;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The {@code expiration} of an API key request: an Elasticsearch time value ({@code 30d}, {@code 12h},
 * {@code 10m}, {@code 90s}, {@code 500ms}, {@code micros}, {@code nanos}). Like Elasticsearch, only its
 * whole seconds count: the key expires at {@code now + seconds}.
 */
public final class Expiration {
    private Expiration() {}

    /** The duration in whole seconds; a malformed value is ES's 400 {@code parse_exception}. */
    public static Duration parse(String value) {
        if (value == null) return null;
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("-1")) return Duration.ZERO; // ES: -1ms has 0 whole seconds
        if (v.equals("0")) return Duration.ZERO;
        TimeUnit unit;
        int suffix;
        if (v.endsWith("nanos")) { unit = TimeUnit.NANOSECONDS; suffix = 5; }
        else if (v.endsWith("micros")) { unit = TimeUnit.MICROSECONDS; suffix = 6; }
        else if (v.endsWith("ms")) { unit = TimeUnit.MILLISECONDS; suffix = 2; }
        else if (v.endsWith("s")) { unit = TimeUnit.SECONDS; suffix = 1; }
        else if (v.endsWith("m")) { unit = TimeUnit.MINUTES; suffix = 1; }
        else if (v.endsWith("h")) { unit = TimeUnit.HOURS; suffix = 1; }
        else if (v.endsWith("d")) { unit = TimeUnit.DAYS; suffix = 1; }
        else throw failure(value, "unit is missing or unrecognized");
        String number = v.substring(0, v.length() - suffix).trim();
        long n;
        try {
            n = Long.parseLong(number);
        } catch (NumberFormatException e) {
            try {
                Double.parseDouble(number);
            } catch (NumberFormatException notANumber) {
                throw failure(value, null);
            }
            throw failure(value, "fractional time values are not supported");
        }
        if (n < 0) throw failure(value, "negative durations are not supported");
        return Duration.ofSeconds(unit.toSeconds(n));
    }

    /** The expiration instant for a key created (or updated) {@code now}; null duration means never. */
    public static Instant at(Instant now, Duration duration) {
        return duration == null ? null : now.plusSeconds(duration.getSeconds());
    }

    private static EsException failure(String value, String why) {
        return EsException.parse("failed to parse setting [expiration] with value [" + value + "] as a time value"
                + (why == null ? "" : ": " + why));
    }
}
