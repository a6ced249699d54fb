package io.keygate.server.wire;

import java.util.Locale;

/**
 * Elasticsearch's versioned media types ({@code application/vnd.elasticsearch+json; compatible-with=9})
 * are sent by its official clients; OpenSearch answers them with 406, so they are translated to the
 * plain types before a request is forwarded.
 */
public final class MediaTypes {
    private MediaTypes() {}

    public static String toBackend(String value) {
        if (value == null) return null;
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.contains("vnd.elasticsearch+")) return value;
        StringBuilder out = new StringBuilder();
        for (String part : value.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            String plain;
            if (p.startsWith("application/vnd.elasticsearch+x-ndjson")) plain = "application/x-ndjson";
            else if (p.startsWith("application/vnd.elasticsearch+json")) plain = "application/json";
            else if (p.startsWith("application/vnd.elasticsearch+yaml")) plain = "application/yaml";
            else if (p.startsWith("application/vnd.elasticsearch+cbor")) plain = "application/cbor";
            else if (p.startsWith("application/vnd.elasticsearch+smile")) plain = "application/smile";
            else plain = part.trim();
            if (out.length() > 0) out.append(", ");
            out.append(plain);
        }
        return out.toString();
    }
}
