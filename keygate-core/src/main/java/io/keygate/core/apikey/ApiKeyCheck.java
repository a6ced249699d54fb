package io.keygate.core.apikey;

import java.time.Instant;

/**
 * Elasticsearch's checks of a presented key, in its order: invalidated, secret, type, expiry. Each
 * answer is the reason that follows {@code API key: } in the 401, or null when the key may pass.
 */
public final class ApiKeyCheck {
    private ApiKeyCheck() {}

    public static String notFound(String id) {
        return "unable to find apikey with id " + id;
    }

    public static String invalidated(String id) {
        return "api key [" + id + "] has been invalidated";
    }

    public static String wrongSecret(String id) {
        return "invalid credentials for API key [" + id + "]";
    }

    public static final String EXPIRED = "api key is expired";

    /** Checks that do not depend on the secret (they come before it in ES's order). */
    public static String beforeSecret(ApiKey key) {
        return key.invalidated() ? invalidated(key.id()) : null;
    }

    /** Checks after the secret matched: the key must be a REST key and not expired at {@code now}. */
    public static String afterSecret(ApiKey key, Instant now) {
        if (!ApiKey.TYPE_REST.equals(key.type())) {
            return "authentication expected API key type of [rest], but API key [" + key.id() + "] has type ["
                    + key.type() + "]";
        }
        return key.isExpired(now) ? EXPIRED : null;
    }

    /** The whole check for a stored key, given whether the secret matched. */
    public static String check(ApiKey key, boolean secretMatches, Instant now) {
        String before = beforeSecret(key);
        if (before != null) return before;
        if (!secretMatches) return wrongSecret(key.id());
        return afterSecret(key, now);
    }
}
