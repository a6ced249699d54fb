package io.keygate.server.wire;

import io.vertx.core.http.HttpMethod;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An explicit routing table for Keygate's own APIs: method set + path template ({@code {name}}
 * segments) → handler. First match wins, so literal routes go before templated ones.
 */
public final class Routes<H> {

    public record Match<H>(H handler, Map<String, String> pathParams, String template) {}

    private record Route<H>(Set<HttpMethod> methods, String template, String[] segments, H handler) {}

    private final List<Route<H>> routes = new ArrayList<>();

    public Routes<H> add(Set<HttpMethod> methods, String template, H handler) {
        routes.add(new Route<>(methods, template, split(template), handler));
        return this;
    }

    /** The matching route, or null; {@code pathMatched} tells a 405 from a 404. */
    public Match<H> match(HttpMethod method, String rawPath, boolean[] pathMatched) {
        String[] segments = split(rawPath);
        for (Route<H> route : routes) {
            Map<String, String> params = bind(route.segments(), segments);
            if (params == null) continue;
            if (pathMatched != null) pathMatched[0] = true;
            if (route.methods().contains(method)) return new Match<>(route.handler(), params, route.template());
        }
        return null;
    }

    /** Every route as {@code METHOD template}: the server checks at start that each one is authorized by a table entry. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Route<H> route : routes) route.methods().forEach(m -> out.add(m.name() + " " + route.template()));
        return out;
    }

    /** The methods allowed on a path, for the {@code Allow} header of a 405. */
    public List<String> allowed(String rawPath) {
        String[] segments = split(rawPath);
        List<String> allowed = new ArrayList<>();
        for (Route<H> route : routes) {
            if (bind(route.segments(), segments) != null) route.methods().forEach(m -> {
                if (!allowed.contains(m.name())) allowed.add(m.name());
            });
        }
        return allowed;
    }

    private static Map<String, String> bind(String[] template, String[] path) {
        if (template.length != path.length) return null;
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) return null;
                params.put(t.substring(1, t.length() - 1), URLDecoder.decode(path[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
