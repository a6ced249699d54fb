package io.keygate.server.authz;

import io.keygate.core.classify.CatIndicesColumns;
import io.keygate.core.authz.Reshape;
import io.keygate.core.classify.Classification;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /_cat/indices[/{index}]} with its default columns is answered with Elasticsearch's columns
 * ({@link CatIndicesColumns}): the backend is asked for JSON rows, the answer written out in the format the client
 * asked for. Requests that pick their own columns ({@code h}, {@code pri}), ask for help or another format pass
 * through as they are.
 */
final class CatIndicesFilter {
    private CatIndicesFilter() {}

    static ProxyAuthorizer.Forward forward(HttpServerRequest req, Classification c, String uri) {
        String route = c.route();
        if (req.method() != HttpMethod.GET || route == null || !(route.equals("/_cat/indices") || route.equals("/_cat/indices/{index}"))) {
            return null;
        }
        if (req.params().contains("h") || req.params().contains("help") || req.params().contains("pri")) return null;
        String format = RequestAuthorizer.lastParam(req, "format");
        boolean json = "json".equals(format) || (format == null && String.valueOf(req.getHeader("accept")).contains("json"));
        if (!json && format != null && !format.equals("txt") && !format.equals("text")) return null;
        String v = RequestAuthorizer.lastParam(req, "v");
        boolean verbose = "".equals(v) || "true".equals(v);
        String rest = withoutParams(uri, "format");
        String backendUri = rest + (rest.indexOf('?') < 0 ? "?" : "&") + "format=json&h="
                + URLEncoder.encode(String.join(",", CatIndicesColumns.BACKEND_COLUMNS), StandardCharsets.UTF_8);
        return (proxy, r) -> BufferedAnswer.send(proxy, r, HttpMethod.GET, backendUri, null, BufferedAnswer.PARSED,
                bytes -> Reshape.Reply.of(json ? CatIndicesColumns.toJson(bytes) : CatIndicesColumns.toText(bytes, verbose)),
                json ? "application/json" : "text/plain; charset=UTF-8");
    }

    /** The URI without the named query parameter (every occurrence). */
    static String withoutParams(String uri, String name) {
        int q = uri.indexOf('?');
        if (q < 0) return uri;
        StringBuilder out = new StringBuilder(uri.substring(0, q));
        char sep = '?';
        for (String pair : uri.substring(q + 1).split("&")) {
            if (pair.isEmpty()) continue;
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (key.equals(name)) continue;
            out.append(sep).append(pair);
            sep = '&';
        }
        return out.toString();
    }
}
