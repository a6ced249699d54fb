package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptor.ApplicationPrivileges;
import io.keygate.core.role.RoleDescriptor.IndicesPrivileges;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answer of {@code GET /_security/user/_privileges}: what a user's roles grant, merged as
 * Elasticsearch merges role descriptors into one role: cluster privileges and run-as as sorted sets,
 * index groups with the same names (and restricted-index flag) merged into one entry that carries each
 * group's field security and query, application privileges as written.
 */
public final class UserPrivileges {
    private UserPrivileges() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The message of Elasticsearch's 400 for an API key that has role descriptors of its own. */
    public static final String API_KEY_MESSAGE = "Cannot retrieve privileges for API keys with assigned role descriptors. "
            + "Please use the Get API key information API https://ela.st/es-api-get-api-key";

    private record GroupKey(Set<String> names, boolean allowRestricted) {}

    private static final class Group {
        final Set<String> privileges = new TreeSet<>();
        final List<JsonNode> fieldSecurity = new ArrayList<>();
        final Set<String> queries = new LinkedHashSet<>();
    }

    public static ObjectNode render(List<RoleDescriptor> descriptors) {
        Set<String> cluster = new TreeSet<>();
        List<JsonNode> global = new ArrayList<>();
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        Set<ApplicationPrivileges> applications = new LinkedHashSet<>();
        Set<String> runAs = new TreeSet<>();
        List<JsonNode> remoteIndices = new ArrayList<>();
        for (RoleDescriptor d : descriptors) {
            cluster.addAll(d.cluster());
            if (d.global() != null && !d.global().isEmpty()) global.add(d.global());
            for (IndicesPrivileges i : d.indices()) {
                Group g = groups.computeIfAbsent(new GroupKey(new TreeSet<>(i.names()), i.allowRestrictedIndices()), k -> new Group());
                g.privileges.addAll(i.privileges());
                if (hasFieldRules(i.fieldSecurity())) g.fieldSecurity.add(i.fieldSecurity());
                if (i.query() != null) g.queries.add(i.query());
            }
            applications.addAll(d.applications());
            runAs.addAll(d.runAs());
            d.remoteIndices().forEach(r -> {
                ObjectNode entry = group(new TreeSet<>(r.indices().names()), new TreeSet<>(r.indices().privileges()),
                        hasFieldRules(r.indices().fieldSecurity()) ? List.of(r.indices().fieldSecurity()) : List.of(),
                        r.indices().query() == null ? Set.of() : Set.of(r.indices().query()), r.indices().allowRestrictedIndices());
                entry.set("clusters", strings(r.clusters()));
                remoteIndices.add(entry);
            });
        }
        ObjectNode out = F.objectNode();
        out.set("cluster", strings(cluster));
        ArrayNode globalOut = out.putArray("global");
        global.forEach(g -> globalOut.add(g.deepCopy()));
        ArrayNode indices = out.putArray("indices");
        groups.forEach((k, g) -> indices.add(group(k.names(), g.privileges, g.fieldSecurity, g.queries, k.allowRestricted())));
        ArrayNode apps = out.putArray("applications");
        for (ApplicationPrivileges a : applications) {
            ObjectNode app = apps.addObject();
            app.put("application", a.application());
            app.set("privileges", strings(a.privileges()));
            app.set("resources", strings(a.resources()));
        }
        out.set("run_as", strings(runAs));
        if (!remoteIndices.isEmpty()) out.putArray("remote_indices").addAll(remoteIndices);
        return out;
    }

    private static ObjectNode group(Set<String> names, Set<String> privileges, List<JsonNode> fieldSecurity, Set<String> queries,
                                    boolean allowRestricted) {
        ObjectNode o = F.objectNode();
        o.set("names", strings(names));
        o.set("privileges", strings(privileges));
        if (!fieldSecurity.isEmpty()) {
            ArrayNode fls = o.putArray("field_security");
            for (JsonNode f : fieldSecurity) {
                ObjectNode entry = fls.addObject();
                if (nonEmpty(f.get("grant"))) entry.set("grant", f.get("grant").deepCopy());
                if (nonEmpty(f.get("except"))) entry.set("except", f.get("except").deepCopy());
            }
        }
        if (!queries.isEmpty()) o.set("query", strings(queries));
        o.put("allow_restricted_indices", allowRestricted);
        return o;
    }

    private static boolean hasFieldRules(JsonNode fieldSecurity) {
        return fieldSecurity != null && (nonEmpty(fieldSecurity.get("grant")) || nonEmpty(fieldSecurity.get("except")));
    }

    private static boolean nonEmpty(JsonNode n) {
        return n != null && n.isArray() && !n.isEmpty();
    }

    private static ArrayNode strings(java.util.Collection<String> values) {
        ArrayNode a = F.arrayNode();
        values.stream().filter(Objects::nonNull).forEach(a::add);
        return a;
    }
}
