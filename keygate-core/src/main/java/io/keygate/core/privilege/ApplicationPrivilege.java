package io.keygate.core.privilege;

import io.keygate.core.automaton.Patterns;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.lucene.util.automaton.Automaton;

/**
 * An application privilege resolved to what it grants: the privilege names (as a role or a check listed them) and
 * the action patterns they stand for. A name ({@link ApplicationNames#isPrivilegeName}) means the actions of the
 * stored privilege of that name, or nothing if there is none; anything else is itself an action pattern.
 */
public final class ApplicationPrivilege {

    private final String application;
    private final Set<String> names;
    private final Set<String> patterns;
    private volatile Automaton automaton;

    ApplicationPrivilege(String application, Set<String> names, Set<String> patterns) {
        this.application = application;
        this.names = Set.copyOf(names);
        this.patterns = Set.copyOf(patterns);
    }

    /**
     * The privileges the names mean in the application. An application pattern ({@code kibana-*}) resolves once per
     * stored application it matches; when it matches none, once for the pattern itself, with action patterns only.
     * No names: the empty privilege {@code none}.
     */
    public static Set<ApplicationPrivilege> resolve(String application, Set<String> names, StoredApplicationPrivileges stored) {
        if (names.isEmpty()) {
            return Set.of(new ApplicationPrivilege(application, Set.of("none"), Set.of()));
        }
        if (application.contains("*")) {
            Predicate<String> matches = Patterns.predicate(java.util.List.of(application));
            Set<ApplicationPrivilege> out = new LinkedHashSet<>();
            for (String app : stored.applications()) {
                if (matches.test(app)) {
                    out.add(resolveOne(app, names, stored.of(app)));
                }
            }
            return out.isEmpty() ? Set.of(resolveOne(application, names, Map.of())) : out;
        }
        return Set.of(resolveOne(application, names, stored.of(application)));
    }

    /** One name (or action) of one concrete application, as {@code _has_privileges} asks about it. */
    public static ApplicationPrivilege resolveOne(String application, String name, StoredApplicationPrivileges stored) {
        return resolveOne(application, Set.of(name), stored.of(application));
    }

    private static ApplicationPrivilege resolveOne(String application, Set<String> names,
                                                   Map<String, ApplicationPrivilegeDescriptor> lookup) {
        Set<String> patterns = new TreeSet<>();
        for (String name : names) {
            if (ApplicationNames.isPrivilegeName(name)) {
                ApplicationPrivilegeDescriptor d = lookup.get(name);
                if (d != null) {
                    patterns.addAll(d.actions());
                }
            } else {
                patterns.add(name);
            }
        }
        return new ApplicationPrivilege(application, names, patterns);
    }

    public String application() { return application; }
    public Set<String> names() { return names; }
    public Set<String> patterns() { return patterns; }

    /** The actions granted, as an automaton over action names. */
    public Automaton automaton() {
        Automaton a = automaton;
        if (a == null) {
            a = Patterns.automaton(patterns);
            automaton = a;
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApplicationPrivilege p && application.equals(p.application) && names.equals(p.names)
                && patterns.equals(p.patterns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(application, names, patterns);
    }

    @Override
    public String toString() {
        return application + ":" + names + patterns;
    }
}
