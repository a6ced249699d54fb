package io.keygate.core.privilege;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every stored application privilege at one moment, by application. Immutable: a change to the store makes a new
 * one, so a compiled role may keep what it resolved against an instance for as long as that instance is current.
 */
public final class StoredApplicationPrivileges {

    public static final StoredApplicationPrivileges EMPTY = new StoredApplicationPrivileges(List.of());

    private final Map<String, Map<String, ApplicationPrivilegeDescriptor>> byApplication = new LinkedHashMap<>();

    public StoredApplicationPrivileges(Collection<ApplicationPrivilegeDescriptor> privileges) {
        for (ApplicationPrivilegeDescriptor d : privileges) {
            byApplication.computeIfAbsent(d.application(), k -> new LinkedHashMap<>()).put(d.name(), d);
        }
    }

    /** The stored privileges of one application, by name (empty if none). */
    public Map<String, ApplicationPrivilegeDescriptor> of(String application) {
        Map<String, ApplicationPrivilegeDescriptor> m = byApplication.get(application);
        return m == null ? Map.of() : m;
    }

    /** The applications that have at least one stored privilege. */
    public Set<String> applications() {
        return byApplication.keySet();
    }

    /**
     * The stored privileges a role's application entries can refer to: of an application one of its (pattern)
     * applications matches, and named by one of its privilege names. Elasticsearch loads only these when it builds
     * a role, so a role of {@code *} (superuser) resolves against none and keeps its pattern.
     */
    public StoredApplicationPrivileges referredToBy(Collection<String> applications, Collection<String> names) {
        java.util.function.Predicate<String> app = io.keygate.core.automaton.Patterns.predicate(applications);
        return new StoredApplicationPrivileges(all().stream()
                .filter(d -> app.test(d.application()) && names.contains(d.name())).toList());
    }

    public List<ApplicationPrivilegeDescriptor> all() {
        return byApplication.values().stream().flatMap(m -> m.values().stream()).toList();
    }
}
