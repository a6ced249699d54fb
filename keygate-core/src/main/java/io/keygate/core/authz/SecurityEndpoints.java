package io.keygate.core.authz;

import io.keygate.core.privilege.Actions;
import io.keygate.core.role.Role;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keygate's own API ({@code /_security/*}) as Elasticsearch authorizes it: each endpoint's action and how a caller may
 * hold it. Data, read top to bottom; the server binds the same templates to handlers and refuses to start if one is
 * missing here. The decision is made before any handler runs; a handler only learns how far the caller holds the
 * action ({@link Role.ClusterAccess#OWN_API_KEYS}: "own keys only").
 */
public final class SecurityEndpoints {

    /** How an endpoint's action may be held. */
    public enum Gate {
        /** Any authenticated caller (Elasticsearch lets everyone ask who they are and what they may do). */
        AUTHENTICATED,
        /** The cluster action outright. */
        CLUSTER,
        /** The cluster action outright, or {@code manage_own_api_key} for the caller's own keys. */
        CLUSTER_OR_OWN_KEYS,
        /** The cluster action outright, or a user (not an API key) acting on itself: changing its own password. */
        CLUSTER_OR_SELF,
        /**
         * As {@link #CLUSTER_OR_OWN_KEYS}, and an API key reading itself by id (no {@code with_limited_by}) needs no
         * privilege at all (Elasticsearch's {@code RBACEngine.checkSameUserPermissions}; shippers' preflight reads its expiry).
         */
        CLUSTER_OR_OWN_KEYS_OR_ITSELF
    }

    public record Endpoint(String action, Gate gate) {}

    private static final Map<String, Endpoint> TABLE = new LinkedHashMap<>();

    static {
        String u = "cluster:admin/xpack/security/user/", r = "cluster:admin/xpack/security/role/";
        add("GET", "/_security/_authenticate", Actions.AUTHENTICATE, Gate.AUTHENTICATED);
        add("GET POST", "/_security/user/_has_privileges", Actions.HAS_PRIVILEGES, Gate.AUTHENTICATED);
        add("GET POST", "/_security/user/{username}/_has_privileges", Actions.HAS_PRIVILEGES, Gate.AUTHENTICATED);
        add("GET", "/_security/role", Actions.GET_ROLES, Gate.CLUSTER);
        add("GET", "/_security/role/{name}", Actions.GET_ROLES, Gate.CLUSTER);
        add("PUT POST", "/_security/role/{name}", r + "put", Gate.CLUSTER);
        add("DELETE", "/_security/role/{name}", r + "delete", Gate.CLUSTER);
        add("GET", "/_security/user", Actions.GET_USERS, Gate.CLUSTER);
        add("GET", "/_security/user/{username}", Actions.GET_USERS, Gate.CLUSTER);
        add("PUT POST", "/_security/user/{username}", u + "put", Gate.CLUSTER);
        add("DELETE", "/_security/user/{username}", u + "delete", Gate.CLUSTER);
        add("PUT POST", "/_security/user/_password", u + "change_password", Gate.CLUSTER_OR_SELF);
        add("PUT POST", "/_security/user/{username}/_password", u + "change_password", Gate.CLUSTER_OR_SELF);
        add("PUT POST", "/_security/user/{username}/_enable", u + "set_enabled", Gate.CLUSTER);
        add("PUT POST", "/_security/user/{username}/_disable", u + "set_enabled", Gate.CLUSTER);
        add("PUT POST", "/_security/api_key", Actions.CREATE_API_KEY, Gate.CLUSTER_OR_OWN_KEYS);
        add("GET", "/_security/api_key", Actions.GET_API_KEY, Gate.CLUSTER_OR_OWN_KEYS_OR_ITSELF);
        add("DELETE", "/_security/api_key", Actions.INVALIDATE_API_KEY, Gate.CLUSTER_OR_OWN_KEYS);
        add("PUT", "/_security/api_key/{id}", Actions.UPDATE_API_KEY, Gate.CLUSTER_OR_OWN_KEYS);
        add("POST", "/_security/api_key/_bulk_update", Actions.BULK_UPDATE_API_KEY, Gate.CLUSTER_OR_OWN_KEYS);
        // Keygate's extension: the lifetime policy and the keys that break it (a listing, so as get API key)
        add("GET", "/_security/api_key/_lifetime_policy", Actions.GET_API_KEY, Gate.CLUSTER_OR_OWN_KEYS);
        // Keygate's extension: a new secret for a key, the old one valid for a grace period. It ends a secret, so it is
        // held as invalidation is: manage_api_key for any key, manage_own_api_key for the caller's own (update's action
        // would not do: manage_own_api_key grants it outright, update being owner-only by itself)
        add("POST", "/_security/api_key/{id}/_rotate", Actions.INVALIDATE_API_KEY, Gate.CLUSTER_OR_OWN_KEYS);
        add("GET POST", "/_security/_query/api_key", Actions.QUERY_API_KEY, Gate.CLUSTER_OR_OWN_KEYS);
        add("PUT POST", "/_security/api_key/grant", Actions.GRANT_API_KEY, Gate.CLUSTER);
        add("POST", "/_security/api_key/{ids}/_clear_cache", Actions.CLEAR_SECURITY_CACHE, Gate.CLUSTER);

        // application privileges: written with manage_security, read with read_security too (one block, kept together)
        add("GET", "/_security/privilege", Actions.GET_PRIVILEGES, Gate.CLUSTER);
        add("GET", "/_security/privilege/_builtin", Actions.GET_BUILTIN_PRIVILEGES, Gate.CLUSTER);
        add("GET", "/_security/privilege/{application}", Actions.GET_PRIVILEGES, Gate.CLUSTER);
        add("GET", "/_security/privilege/{application}/{name}", Actions.GET_PRIVILEGES, Gate.CLUSTER);
        add("PUT POST", "/_security/privilege", Actions.PUT_PRIVILEGES, Gate.CLUSTER);
        add("DELETE", "/_security/privilege/{application}/{name}", Actions.DELETE_PRIVILEGES, Gate.CLUSTER);
        add("POST", "/_security/privilege/{application}/_clear_cache", Actions.CLEAR_PRIVILEGES_CACHE, Gate.CLUSTER);

        // newer endpoints (issue 17, point 2), kept together
        add("POST", "/_security/role", r + "bulk_put", Gate.CLUSTER);
        add("DELETE", "/_security/role", r + "bulk_delete", Gate.CLUSTER);
        add("GET POST", "/_security/_query/role", r + "query", Gate.CLUSTER);
        add("GET POST", "/_security/_query/user", u + "query", Gate.CLUSTER);
        // Elasticsearch lets every user read its own privileges (RBACEngine's same-user check)
        add("GET", "/_security/user/_privileges", Actions.GET_USER_PRIVILEGES, Gate.AUTHENTICATED);
        add("GET", "/_security/stats", "cluster:monitor/xpack/security/stats", Gate.CLUSTER);
        add("POST", "/_security/api_key/_bulk_grant", Actions.GRANT_API_KEY + "/bulk", Gate.CLUSTER);
    }

    private SecurityEndpoints() {}

    private static void add(String methods, String template, String action, Gate gate) {
        for (String m : methods.split(" ")) TABLE.put(m + " " + template, new Endpoint(action, gate));
    }

    /** The endpoint for a method and route template, or null when the table does not know it. */
    public static Endpoint of(String method, String template) {
        return TABLE.get(("HEAD".equals(method) ? "GET" : method) + " " + template);
    }

    public static Map<String, Endpoint> all() {
        return java.util.Collections.unmodifiableMap(TABLE);
    }

    /**
     * How far the caller holds the endpoint's action; never {@link Role.ClusterAccess#NONE}.
     *
     * @param self the request acts on the caller's own user (a password change of its own)
     * @throws io.keygate.core.error.EsException 403 with Elasticsearch's message when it does not
     */
    public static Role.ClusterAccess decide(Subject subject, Role role, Endpoint endpoint, boolean self) {
        if (endpoint.gate() == Gate.AUTHENTICATED) return Role.ClusterAccess.FULL;
        Role.ClusterAccess level = role.clusterAccess(endpoint.action());
        if (level == Role.ClusterAccess.FULL) return level;
        boolean ownKeys = endpoint.gate() == Gate.CLUSTER_OR_OWN_KEYS || endpoint.gate() == Gate.CLUSTER_OR_OWN_KEYS_OR_ITSELF;
        if (ownKeys && level == Role.ClusterAccess.OWN_API_KEYS) return level;
        if (endpoint.gate() == Gate.CLUSTER_OR_OWN_KEYS_OR_ITSELF && self && subject.isApiKey()) return Role.ClusterAccess.OWN_API_KEYS;
        if (endpoint.gate() == Gate.CLUSTER_OR_SELF && self && !subject.isApiKey()) return Role.ClusterAccess.OWN_API_KEYS;
        throw DenialMessages.actionDenied(subject, endpoint.action());
    }
}
