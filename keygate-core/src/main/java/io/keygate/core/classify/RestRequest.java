package io.keygate.core.classify;

import java.util.List;
import java.util.Map;

/**
 * A REST request as the classifier sees it.
 *
 * @param method  HTTP method, upper case ({@code GET}, {@code HEAD}, ...)
 * @param rawPath the path as received: still percent-encoded, without the query string
 * @param params  decoded query parameters; a repeated parameter keeps all its values in order
 */
public record RestRequest(String method, String rawPath, Map<String, List<String>> params) {

    public RestRequest {
        params = params == null ? Map.of() : params;
    }

    public static RestRequest of(String method, String rawPath) {
        return new RestRequest(method, rawPath, Map.of());
    }

    /** The value Elasticsearch (and OpenSearch) would see: the last one when a parameter is repeated. */
    public String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
