package io.keygate.core.role;

import io.keygate.core.dlsfls.IndexRestriction;
import io.keygate.core.privilege.ClusterPrivilege;
import io.keygate.core.privilege.IndexPrivilege;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An API key's effective role: its own (assigned) role intersected with its owner's role captured at
 * creation ({@code limited_by}). Everything must pass both.
 */
public final class LimitedRole implements Role {

    private final Role role;
    private final Role limitedBy;
    private final Map<List<IndexRestriction>, IndexRestriction> intersections = new ConcurrentHashMap<>();

    public LimitedRole(Role role, Role limitedBy) {
        this.role = role;
        this.limitedBy = limitedBy;
    }

    public Role role() { return role; }
    public Role limitedBy() { return limitedBy; }

    @Override
    public ClusterAccess clusterAccess(String action) {
        ClusterAccess a = role.clusterAccess(action);
        ClusterAccess b = limitedBy.clusterAccess(action);
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    @Override
    public boolean grantsIndex(String action, String indexName) {
        return role.grantsIndex(action, indexName) && limitedBy.grantsIndex(action, indexName);
    }

    @Override
    public Predicate<String> allowedIndicesMatcher(String action) {
        return role.allowedIndicesMatcher(action).and(limitedBy.allowedIndicesMatcher(action));
    }

    @Override
    public org.apache.lucene.util.automaton.Automaton allowedActions(String indexName) {
        return io.keygate.core.automaton.Patterns.intersection(role.allowedActions(indexName), limitedBy.allowedActions(indexName));
    }

    @Override
    public boolean grantsIndexActionSomewhere(String action) {
        return role.grantsIndexActionSomewhere(action) && limitedBy.grantsIndexActionSomewhere(action);
    }

    @Override
    public IndexRestriction indexRestriction(String action, String indexName) {
        IndexRestriction own = role.indexRestriction(action, indexName);
        IndexRestriction owner = limitedBy.indexRestriction(action, indexName);
        if (!own.isRestricted() || !owner.isRestricted()) {
            return own.intersect(owner);
        }
        List<IndexRestriction> key = List.of(own, owner);
        IndexRestriction r = intersections.get(key);
        if (r == null) {
            if (intersections.size() >= 1_000) {
                intersections.clear(); // a few distinct pairs per key; this only guards against growth
            }
            r = intersections.computeIfAbsent(key, k -> own.intersect(owner));
        }
        return r;
    }

    @Override
    public boolean hasDocumentOrFieldSecurity() {
        return role.hasDocumentOrFieldSecurity() || limitedBy.hasDocumentOrFieldSecurity();
    }

    @Override
    public boolean isSuperuser() {
        return role.isSuperuser() && limitedBy.isSuperuser();
    }

    @Override
    public boolean grantsRunAs(String username) {
        return role.grantsRunAs(username) && limitedBy.grantsRunAs(username);
    }

    @Override
    public boolean hasClusterPrivilege(ClusterPrivilege privilege) {
        return role.hasClusterPrivilege(privilege) && limitedBy.hasClusterPrivilege(privilege);
    }

    @Override
    public boolean hasIndexPrivilege(String indexPattern, boolean allowRestrictedIndices, IndexPrivilege privilege) {
        return role.hasIndexPrivilege(indexPattern, allowRestrictedIndices, privilege)
                && limitedBy.hasIndexPrivilege(indexPattern, allowRestrictedIndices, privilege);
    }

    @Override
    public boolean grantsApplicationPrivilege(io.keygate.core.privilege.ApplicationPrivilege privilege, String resource,
                                              io.keygate.core.privilege.StoredApplicationPrivileges stored) {
        return role.grantsApplicationPrivilege(privilege, resource, stored)
                && limitedBy.grantsApplicationPrivilege(privilege, resource, stored);
    }
}
