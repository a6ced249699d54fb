package io.keygate.server.api;

import io.keygate.core.authc.Authentication;
import io.keygate.core.role.Role.ClusterAccess;

import java.util.List;

/**
 * Which keys a caller may read or invalidate ({@code ManageOwnApiKeyClusterPrivilege}): with
 * {@code manage_api_key} (or {@code read_security} for reads) any key; with {@code manage_own_api_key}
 * only when the request names the caller's own keys: {@code owner=true}, or its own username and
 * realm, or (for an API key) its own id. An API key owns no other key.
 */
final class ApiKeyOwnership {
    private ApiKeyOwnership() {}

    static boolean allowed(ClusterAccess access, Authentication auth, List<String> ids, String username, String realm,
                           boolean owner) {
        if (access == ClusterAccess.FULL) return true;
        if (access == ClusterAccess.NONE) return false;
        if (auth.isApiKey()) {
            return ids != null && ids.size() == 1 && ids.getFirst().equals(auth.apiKey().id());
        }
        if (owner) return true;
        return username != null && realm != null && username.equals(auth.username())
                && realm.equals(auth.ownerRealm().name());
    }

    /** The owner's identity a key carries when this caller creates it: an API key's keys belong to its owner. */
    static String username(Authentication auth) {
        return auth.username();
    }

    static String realm(Authentication auth) {
        return auth.ownerRealm().name();
    }
}
