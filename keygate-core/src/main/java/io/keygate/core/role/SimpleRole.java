package io.keygate.core.role;

import io.keygate.core.automaton.Patterns;
import io.keygate.core.dlsfls.DocumentPermissions;
import io.keygate.core.dlsfls.FieldPermissions;
import io.keygate.core.dlsfls.IndexRestriction;
import io.keygate.core.dlsfls.RoleQuery;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.ClusterPrivilege;
import io.keygate.core.privilege.ApplicationPrivilege;
import io.keygate.core.privilege.IndexPrivilege;
import io.keygate.core.privilege.StoredApplicationPrivileges;
import io.keygate.core.role.RoleDescriptor.ApplicationPrivileges;
import io.keygate.core.role.RoleDescriptor.IndicesPrivileges;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.lucene.util.automaton.Automaton;

/** The union of some role descriptors' privileges, compiled to automata. Built by {@link RoleCompiler}. */
final class SimpleRole implements Role {

    private static final int MATCHER_CACHE_LIMIT = 1_000;

    private final RestrictedIndices restricted;
    private final Automaton clusterAutomaton;
    private final Automaton clusterOwnKeyAutomaton;
    private final Predicate<String> clusterFull;
    private final Predicate<String> clusterOwnKeys;
    private final List<IndexGroup> groups;
    private final List<ApplicationPrivileges> applications;
    private volatile ResolvedApplications resolvedApplications;
    private final Predicate<String> runAs;
    private final boolean superuser;
    private final Map<String, Predicate<String>> matchers = new ConcurrentHashMap<>();
    private final boolean dlsFls;
    /** Compiled restrictions by the set of granting groups (few distinct sets per role). */
    private final Map<BitSet, IndexRestriction> restrictions = new ConcurrentHashMap<>();

    SimpleRole(List<RoleDescriptor> descriptors, RestrictedIndices restricted) {
        this.restricted = restricted;
        List<Automaton> full = new ArrayList<>();
        List<Automaton> own = new ArrayList<>();
        List<IndexGroup> groups = new ArrayList<>();
        List<ApplicationPrivileges> apps = new ArrayList<>();
        List<String> runAs = new ArrayList<>();
        for (RoleDescriptor d : descriptors) {
            for (String name : d.cluster()) {
                ClusterPrivilege p = ClusterPrivilege.resolve(name);
                full.add(p.automaton());
                own.add(p.ownKeyAutomaton());
            }
            for (IndicesPrivileges i : d.indices()) {
                groups.add(new IndexGroup(i, restricted));
            }
            apps.addAll(d.applications());
            runAs.addAll(d.runAs());
        }
        this.clusterAutomaton = Patterns.union(full);
        this.clusterOwnKeyAutomaton = Patterns.minus(Patterns.union(own), clusterAutomaton);
        this.clusterFull = Patterns.predicate(clusterAutomaton);
        this.clusterOwnKeys = Patterns.predicate(clusterOwnKeyAutomaton);
        this.groups = List.copyOf(groups);
        this.applications = List.copyOf(apps);
        this.runAs = Patterns.predicate(runAs);
        this.dlsFls = this.groups.stream().anyMatch(g -> g.query != null || g.fieldGrant != null);
        this.superuser = Patterns.subsetOf(ClusterPrivilege.resolve("all").automaton(), clusterAutomaton)
                && this.groups.stream().anyMatch(IndexGroup::isAllOnEverything);
    }

    @Override
    public ClusterAccess clusterAccess(String action) {
        if (clusterFull.test(action)) {
            return ClusterAccess.FULL;
        }
        return clusterOwnKeys.test(action) ? ClusterAccess.OWN_API_KEYS : ClusterAccess.NONE;
    }

    @Override
    public boolean grantsIndex(String action, String indexName) {
        return allowedIndicesMatcher(action).test(indexName);
    }

    @Override
    public Predicate<String> allowedIndicesMatcher(String action) {
        Predicate<String> m = matchers.get(action);
        if (m == null) {
            if (matchers.size() >= MATCHER_CACHE_LIMIT) {
                matchers.clear(); // actions are a small finite set; this only guards against junk
            }
            m = matchers.computeIfAbsent(action, this::compileMatcher);
        }
        return m;
    }

    /**
     * One matcher for the action: per selector (data or {@code ::failures}), the union over the groups that grant the
     * action of their names, minus the restricted indices for the groups without {@code allow_restricted_indices},
     * determinized once. Same answers as asking each group in turn ({@link #grantsIndexGroupByGroup}), which is kept
     * as the fallback for a union too complex to determinize.
     */
    private Predicate<String> compileMatcher(String action) {
        Predicate<String> data;
        Predicate<String> failures;
        try {
            data = Patterns.predicate(grantedNames(action, false));
            failures = Patterns.predicate(grantedNames(action, true));
        } catch (EsException tooComplex) {
            return name -> grantsIndexGroupByGroup(action, name);
        }
        return indexName -> {
            if (RestrictedIndices.isKeygateInternal(indexName)) {
                return false;
            }
            int sel = indexName.indexOf("::");
            if (sel < 0) {
                return data.test(indexName);
            }
            return (indexName.startsWith("failures", sel + 2) ? failures : data).test(indexName.substring(0, sel));
        };
    }

    private Automaton grantedNames(String action, boolean failures) {
        List<String> unrestricted = new ArrayList<>(); // names of groups that do not reach restricted indices
        List<String> withRestricted = new ArrayList<>();
        for (IndexGroup g : groups) {
            if ((failures ? g.failureActions : g.actions).test(action)) {
                (g.allowRestricted ? withRestricted : unrestricted).addAll(g.names);
            }
        }
        List<Automaton> parts = new ArrayList<>(2);
        if (!unrestricted.isEmpty()) {
            parts.add(Patterns.minus(Patterns.automaton(unrestricted), restricted.automaton()));
        }
        if (!withRestricted.isEmpty()) {
            parts.add(Patterns.automaton(withRestricted));
        }
        return Patterns.union(parts);
    }

    /** The group-by-group check (the definition {@link #compileMatcher} compiles). */
    boolean grantsIndexGroupByGroup(String action, String indexName) {
        if (RestrictedIndices.isKeygateInternal(indexName)) {
            return false;
        }
        int sel = indexName.indexOf("::");
        boolean failures = sel >= 0 && indexName.startsWith("failures", sel + 2);
        String name = sel >= 0 ? indexName.substring(0, sel) : indexName;
        boolean isRestricted = restricted.isRestricted(name);
        for (IndexGroup g : groups) {
            if (g.grants(action, name, isRestricted, failures)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean hasDocumentOrFieldSecurity() {
        return dlsFls;
    }

    @Override
    public IndexRestriction indexRestriction(String action, String indexName) {
        if (!dlsFls || RestrictedIndices.isKeygateInternal(indexName)) {
            return IndexRestriction.NONE;
        }
        int sel = indexName.indexOf("::");
        boolean failures = sel >= 0 && indexName.startsWith("failures", sel + 2);
        String name = sel >= 0 ? indexName.substring(0, sel) : indexName;
        boolean isRestricted = restricted.isRestricted(name);
        BitSet granting = new BitSet(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).grants(action, name, isRestricted, failures)) {
                granting.set(i);
            }
        }
        if (granting.isEmpty()) {
            return IndexRestriction.NONE;
        }
        if (restrictions.size() >= MATCHER_CACHE_LIMIT) {
            restrictions.clear();
        }
        return restrictions.computeIfAbsent(granting, this::restrictionOf);
    }

    /** Union over the granting groups: any group without a query / field_security lifts that restriction. */
    private IndexRestriction restrictionOf(BitSet granting) {
        List<RoleQuery> queries = new ArrayList<>();
        List<FieldPermissions.Grant> grants = new ArrayList<>();
        boolean allDocs = false;
        boolean allFields = false;
        for (int i = granting.nextSetBit(0); i >= 0; i = granting.nextSetBit(i + 1)) {
            IndexGroup g = groups.get(i);
            if (g.query == null) {
                allDocs = true;
            } else if (!queries.contains(g.query)) {
                queries.add(g.query);
            }
            if (g.fieldGrant == null) {
                allFields = true;
            } else {
                grants.add(g.fieldGrant);
            }
        }
        return new IndexRestriction(allDocs ? DocumentPermissions.NONE : DocumentPermissions.anyOf(queries),
                allFields ? FieldPermissions.ALL : FieldPermissions.union(grants));
    }

    @Override
    public Automaton allowedActions(String indexName) {
        if (RestrictedIndices.isKeygateInternal(indexName)) {
            return Patterns.EMPTY;
        }
        boolean isRestricted = restricted.isRestricted(indexName);
        List<Automaton> granted = new ArrayList<>();
        for (IndexGroup g : groups) {
            if ((!isRestricted || g.allowRestricted) && g.nameMatcher.test(indexName)) {
                granted.add(g.actionAutomaton);
            }
        }
        return Patterns.union(granted);
    }

    @Override
    public boolean grantsIndexActionSomewhere(String action) {
        for (IndexGroup g : groups) {
            if (g.actions.test(action) || g.failureActions.test(action)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isSuperuser() {
        return superuser;
    }

    @Override
    public boolean grantsRunAs(String username) {
        return runAs.test(username);
    }

    @Override
    public boolean hasClusterPrivilege(ClusterPrivilege privilege) {
        Automaton granted = clusterAutomaton;
        if (!Patterns.subsetOf(privilege.automaton(), granted)) {
            return false;
        }
        if (Patterns.isEmpty(privilege.ownKeyAutomaton())) {
            return true;
        }
        return Patterns.subsetOf(privilege.ownKeyAutomaton(),
                Patterns.union(List.of(clusterAutomaton, clusterOwnKeyAutomaton)));
    }

    @Override
    public boolean hasIndexPrivilege(String indexPattern, boolean allowRestrictedIndices, IndexPrivilege privilege) {
        Automaton check = Patterns.automaton(List.of(indexPattern));
        boolean concreteRestricted = isConcrete(indexPattern) && restricted.isRestricted(indexPattern);
        if (!allowRestrictedIndices && !concreteRestricted) {
            check = Patterns.minus(check, restricted.automaton());
        }
        if (Patterns.isEmpty(check)) {
            return false;
        }
        List<Automaton> allowedActions = new ArrayList<>();
        for (IndexGroup g : groups) {
            if (Patterns.subsetOf(check, g.nameAutomaton())) {
                allowedActions.add(g.actionAutomaton);
            }
        }
        if (allowedActions.isEmpty()) {
            return false;
        }
        return Patterns.subsetOf(privilege.automaton(), Patterns.union(allowedActions));
    }

    @Override
    public boolean grantsApplicationPrivilege(ApplicationPrivilege privilege, String resource, StoredApplicationPrivileges stored) {
        if (applications.isEmpty()) {
            return false;
        }
        ResolvedApplications resolved = this.resolvedApplications;
        if (resolved == null || resolved.stored != stored) {
            // what the role's names mean depends on the stored privileges: resolved again when they change
            resolved = new ResolvedApplications(stored, ApplicationPermission.of(applications, stored));
            this.resolvedApplications = resolved;
        }
        return resolved.permission.grants(privilege, resource);
    }

    private record ResolvedApplications(StoredApplicationPrivileges stored, ApplicationPermission permission) {}

    private static boolean isConcrete(String pattern) {
        return !pattern.startsWith("/") && pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
    }

    /** One {@code indices} entry, compiled. */
    private static final class IndexGroup {
        private final List<String> names;
        private final boolean allowRestricted;
        private final RestrictedIndices restricted;
        private final Predicate<String> nameMatcher;
        private final Automaton actionAutomaton;
        private final Predicate<String> actions;
        private final Predicate<String> failureActions;
        private final boolean allOnEverything;
        private volatile Automaton nameAutomaton; // built on first _has_privileges use
        private final RoleQuery query;                       // DLS, null if none
        private final FieldPermissions.Grant fieldGrant;     // FLS, null if none

        IndexGroup(IndicesPrivileges group, RestrictedIndices restricted) {
            this.names = group.names();
            this.allowRestricted = group.allowRestrictedIndices();
            this.restricted = restricted;
            this.nameMatcher = Patterns.predicate(names);
            this.actionAutomaton = IndexPrivilege.automaton(group.privileges());
            this.actions = Patterns.predicate(actionAutomaton);
            this.failureActions = Patterns.predicate(IndexPrivilege.failureStoreAutomaton(group.privileges()));
            this.query = group.query() == null ? null : RoleQuery.compile(group.query());
            this.fieldGrant = fieldGrant(group.fieldSecurity());
            this.allOnEverything = nameMatcher.test("*") && names.contains("*")
                    && Patterns.subsetOf(IndexPrivilege.resolve("all").automaton(), actionAutomaton);
        }

        private static FieldPermissions.Grant fieldGrant(JsonNode fs) {
            if (fs == null || fs.isNull() || fs.isEmpty()) {
                return null;
            }
            List<String> grant = new ArrayList<>();
            List<String> except = new ArrayList<>();
            fs.path("grant").forEach(n -> grant.add(n.asText()));
            fs.path("except").forEach(n -> except.add(n.asText()));
            return new FieldPermissions.Grant(grant, except);
        }

        boolean grants(String action, String name, boolean isRestricted, boolean failures) {
            if (isRestricted && !allowRestricted) {
                return false;
            }
            return (failures ? failureActions : actions).test(action) && nameMatcher.test(name);
        }

        boolean isAllOnEverything() {
            return allOnEverything;
        }

        /** The names this group covers: its patterns, minus restricted ones unless allowed, minus Keygate's. */
        Automaton nameAutomaton() {
            Automaton a = nameAutomaton;
            if (a == null) {
                a = Patterns.automaton(names);
                if (!allowRestricted) {
                    a = Patterns.minus(a, restricted.automaton());
                }
                a = Patterns.minus(a, RestrictedIndices.keygateInternalAutomaton());
                nameAutomaton = a;
            }
            return a;
        }
    }
}
