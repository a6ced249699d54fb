package io.keygate.core.role;

import io.keygate.core.automaton.Patterns;
import io.keygate.core.privilege.ApplicationPrivilege;
import io.keygate.core.privilege.StoredApplicationPrivileges;
import io.keygate.core.role.RoleDescriptor.ApplicationPrivileges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.lucene.util.automaton.Automaton;

/**
 * A role's application privileges resolved against the stored privileges, as Elasticsearch's
 * {@code ApplicationPermission}: the role's entries are grouped by (application, resources), their privilege names
 * resolved together; a check is granted when one entry covers both the whole privilege and the whole resource
 * (entries do not add up).
 */
public final class ApplicationPermission {

    public static final ApplicationPermission NONE = new ApplicationPermission(List.of());

    private final List<Entry> entries;

    private ApplicationPermission(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ApplicationPermission of(List<ApplicationPrivileges> granted, StoredApplicationPrivileges stored) {
        if (granted.isEmpty()) {
            return NONE;
        }
        // Elasticsearch groups the role's entries by application and resource set before resolving the names
        Map<List<Object>, Set<String>> grouped = new LinkedHashMap<>();
        for (ApplicationPrivileges a : granted) {
            grouped.computeIfAbsent(List.of(a.application(), Set.copyOf(a.resources())), k -> new LinkedHashSet<>())
                    .addAll(a.privileges());
        }
        // resolved against the stored privileges the role refers to (by application and by name), as Elasticsearch loads them
        Set<String> applications = new LinkedHashSet<>();
        Set<String> allNames = new LinkedHashSet<>();
        granted.forEach(a -> {
            applications.add(a.application());
            allNames.addAll(a.privileges());
        });
        StoredApplicationPrivileges referred = stored.referredToBy(applications, allNames);
        // one entry per resolved privilege; the same privilege granted on several resource sets joins them
        Map<ApplicationPrivilege, Set<String>> byPrivilege = new LinkedHashMap<>();
        grouped.forEach((key, names) -> {
            @SuppressWarnings("unchecked")
            Set<String> resources = (Set<String>) key.get(1);
            for (ApplicationPrivilege p : ApplicationPrivilege.resolve((String) key.get(0), names, referred)) {
                byPrivilege.computeIfAbsent(p, k -> new LinkedHashSet<>()).addAll(resources);
            }
        });
        List<Entry> entries = new ArrayList<>();
        byPrivilege.forEach((p, resources) -> entries.add(new Entry(p, resources)));
        return new ApplicationPermission(entries);
    }

    /** True if one entry grants every action of the privilege on every resource the (pattern) resource names. */
    public boolean grants(ApplicationPrivilege requested, String resource) {
        if (entries.isEmpty()) {
            return false;
        }
        Automaton wanted = Patterns.automaton(List.of(resource));
        for (Entry e : entries) {
            if (e.matches(requested) && Patterns.subsetOf(wanted, e.resources)) {
                return true;
            }
        }
        return false;
    }

    private static final class Entry {
        private final ApplicationPrivilege privilege;
        private final Predicate<String> application;
        private final Automaton resources;

        Entry(ApplicationPrivilege privilege, Set<String> resources) {
            this.privilege = privilege;
            this.application = Patterns.predicate(List.of(privilege.application()));
            this.resources = Patterns.automaton(resources);
        }

        /**
         * Elasticsearch's rule: the very same privilege; or, for a matching application, an entry granting every
         * action, or one whose non-empty actions include the requested non-empty actions (a name with no stored
         * privilege behind it grants, and asks for, nothing).
         */
        boolean matches(ApplicationPrivilege requested) {
            if (privilege.equals(requested)) {
                return true;
            }
            if (!application.test(requested.application())) {
                return false;
            }
            Automaton granted = privilege.automaton();
            if (Patterns.isTotal(granted)) {
                return true;
            }
            return !Patterns.isEmpty(granted) && !Patterns.isEmpty(requested.automaton())
                    && Patterns.subsetOf(requested.automaton(), granted);
        }
    }
}
