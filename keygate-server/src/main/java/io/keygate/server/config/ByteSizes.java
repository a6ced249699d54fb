package io.keygate.server.config;

import java.util.Locale;

/** Elasticsearch byte-size values: {@code 100mb}, {@code 1gb}, {@code 512kb}, {@code 10b}. */
final class ByteSizes {
    private ByteSizes() {}

    static long parse(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = v;
        for (String[] u : new String[][]{{"pb", "1125899906842624"}, {"tb", "1099511627776"}, {"gb", "1073741824"},
                {"mb", "1048576"}, {"kb", "1024"}, {"b", "1"}}) {
            if (v.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                digits = v.substring(0, v.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("failed to parse setting [" + key + "] with value [" + value + "] as a size in bytes");
        }
    }
}
