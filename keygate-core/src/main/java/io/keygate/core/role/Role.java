package io.keygate.core.role;

import io.keygate.core.dlsfls.IndexRestriction;
import io.keygate.core.privilege.ClusterPrivilege;
import io.keygate.core.privilege.IndexPrivilege;
import java.util.function.Predicate;

/**
 * A compiled role: what a subject may do. Built by {@link RoleCompiler}; immutable and safe to share
 * between threads and between every API key whose descriptors are equal.
 */
public interface Role {

    /** How a cluster action is granted. Ordered: a weaker access has a smaller ordinal. */
    enum ClusterAccess {
        /** Not granted. */
        NONE,
        /** Granted only on the caller's own API keys ({@code manage_own_api_key}): the server checks ownership. */
        OWN_API_KEYS,
        /** Granted outright. */
        FULL
    }

    /** True if the cluster action is granted outright (an own-keys-only grant does not count). */
    default boolean grantsCluster(String action) {
        return clusterAccess(action) == ClusterAccess.FULL;
    }

    /** How the cluster action is granted; {@link ClusterAccess#OWN_API_KEYS} means "only on own keys". */
    ClusterAccess clusterAccess(String action);

    /**
     * True if the index action is granted on the concrete index (or alias / data stream) name. Restricted
     * names need an index group with {@code allow_restricted_indices}; Keygate's own index is never granted.
     * A name with the {@code ::failures} selector is checked against failure-store privileges.
     */
    boolean grantsIndex(String action, String indexName);

    /**
     * The names on which the index action is granted, for the server's wildcard resolution: the
     * predicate answers {@link #grantsIndex(String, String)} for this action.
     */
    Predicate<String> allowedIndicesMatcher(String action);

    /**
     * Every index action granted on the concrete name, as an automaton over action names (Elasticsearch's
     * {@code allowedActionsMatcher(index)}): request interceptors compare two names' automata, e.g. a new alias may not
     * carry more access than its indices, a resize target not more than its source.
     */
    org.apache.lucene.util.automaton.Automaton allowedActions(String indexName);

    /** True if some index group grants the action (on some names); false means "no index privilege at all". */
    boolean grantsIndexActionSomewhere(String action);

    /** Cluster {@code all} and an index group {@code *} with {@code all}. */
    boolean isSuperuser();

    /**
     * Document- and field-level security for the index action on the concrete index name: the union over the index
     * groups that grant it (a group without {@code query} lifts DLS, one without {@code field_security} lifts FLS),
     * intersected with the owner's for an API key. {@link IndexRestriction#NONE} if unrestricted (or not granted:
     * ask {@link #grantsIndex} first). Templates are rendered later, per user.
     */
    IndexRestriction indexRestriction(String action, String indexName);

    /** True if some index group carries {@code query} or {@code field_security}: reads may need a rewrite. */
    boolean hasDocumentOrFieldSecurity();

    /** True if this role may run as the user. */
    boolean grantsRunAs(String username);

    // ---- _has_privileges -----------------------------------------------------------------------------

    /** True if every action the privilege covers is granted (own-key grants count for own-key actions). */
    boolean hasClusterPrivilege(ClusterPrivilege privilege);

    /**
     * True if the privilege is granted on every name the requested pattern could match. Unless
     * {@code allowRestrictedIndices}, restricted names are left out of a pattern (an explicitly named
     * restricted index is still checked).
     */
    boolean hasIndexPrivilege(String indexPattern, boolean allowRestrictedIndices, IndexPrivilege privilege);

    /**
     * True if the (resolved) application privilege is granted on the resource (or resource pattern): the role's own
     * application privileges are resolved against the same stored privileges.
     */
    boolean grantsApplicationPrivilege(io.keygate.core.privilege.ApplicationPrivilege privilege, String resource,
                                       io.keygate.core.privilege.StoredApplicationPrivileges stored);
}
