package io.keygate.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.authc.Authentication;
import io.keygate.core.error.EsException;
import io.keygate.core.role.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

import java.util.Map;

/**
 * One call to Keygate's own API: who, which path parameters, which query parameters, the parsed body, and how far the
 * caller holds the endpoint's action, decided before the handler runs ({@code OWN_API_KEYS}: own keys, or own user, only).
 */
public record ApiRequest(HttpMethod method, String uri, Authentication authentication, Map<String, String> pathParams,
                         MultiMap params, JsonNode body, Role.ClusterAccess access) {

    /** The caller holds the action only over its own keys (or its own user). */
    public boolean ownOnly() {
        return access != Role.ClusterAccess.FULL;
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public String param(String name, String defaultValue) {
        String v = params.get(name);
        return v == null ? defaultValue : v;
    }

    /** A boolean query parameter as Elasticsearch reads one: absent → default, empty → true. */
    public boolean flag(String name, boolean defaultValue) {
        String v = params.get(name);
        if (v == null) return defaultValue;
        return switch (v) {
            case "", "true" -> true;
            case "false" -> false;
            default -> throw EsException.illegalArgument(
                    "Failed to parse value [" + v + "] as only [true] or [false] are allowed.");
        };
    }

    /** {@code refresh}: {@code true}, {@code false} or {@code wait_for}; the default is {@code wait_for}. */
    public String refresh() {
        String v = params.get("refresh");
        if (v == null) return "wait_for";
        return switch (v) {
            case "", "true" -> "true";
            case "false" -> "false";
            case "wait_for" -> "wait_for";
            default -> throw EsException.illegalArgument("Unknown value for refresh: [" + v + "].");
        };
    }
}
