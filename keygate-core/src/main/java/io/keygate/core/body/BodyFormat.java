package io.keygate.core.body;

import io.keygate.core.error.EsException;

import java.util.Locale;

/**
 * The body formats Keygate reads: JSON and newline-delimited JSON, in the plain and in Elasticsearch's versioned
 * spellings ({@code application/vnd.elasticsearch+json; compatible-with=9}). YAML, CBOR and Smile are refused where
 * Keygate must read the body: it checks JSON only, and never forwards bytes it did not check.
 */
public enum BodyFormat {
    JSON, NDJSON;

    /** The format of a {@code Content-Type} header value; 406 as Elasticsearch answers an unsupported one. */
    public static BodyFormat of(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw notAcceptable("Content-Type header is missing");
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/json", "application/vnd.elasticsearch+json" -> JSON;
            case "application/x-ndjson", "application/vnd.elasticsearch+x-ndjson" -> NDJSON;
            default -> throw notAcceptable("Content-Type header [" + contentType + "] is not supported");
        };
    }

    /** The plain media type the backend is sent. */
    public String mediaType() {
        return this == JSON ? "application/json" : "application/x-ndjson";
    }

    static EsException notAcceptable(String message) {
        return new EsException(406, "media_type_header_exception", message);
    }
}
