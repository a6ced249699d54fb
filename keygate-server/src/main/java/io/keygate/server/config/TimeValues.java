package io.keygate.server.config;

import java.time.Duration;

/** Elasticsearch time values for settings: {@code 7d}, {@code 24h}, {@code 30s}, {@code 500ms}, {@code -1}. */
final class TimeValues {
    private TimeValues() {}

    static Duration parse(String key, String value) {
        String v = value.trim();
        if (v.equals("-1")) return Duration.ofMillis(-1);
        try {
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("failed to parse setting [" + key + "] with value [" + value + "] as a time value");
        }
    }
}
