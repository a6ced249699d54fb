package io.keygate.core.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.role.RoleDescriptor.ApplicationPrivileges;
import io.keygate.core.role.RoleDescriptor.IndicesPrivileges;
import io.keygate.core.role.RoleDescriptor.RemoteIndicesPrivileges;
import java.util.Collection;
import java.util.List;

/**
 * Renders role descriptors the way Elasticsearch shows them in API key responses: every descriptor
 * has {@code cluster}, {@code indices} (each with {@code allow_restricted_indices}),
 * {@code applications}, {@code run_as}, {@code metadata} and {@code transient_metadata:{enabled:true}};
 * a DLS query is a string; {@code description} only when set.
 */
public final class RoleDescriptorJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private RoleDescriptorJson() {}

    /** {@code {"<name>": {...}, ...}} in the given order. */
    public static ObjectNode renderMap(Collection<RoleDescriptor> descriptors) {
        ObjectNode out = F.objectNode();
        for (RoleDescriptor d : descriptors) {
            out.set(d.name(), render(d));
        }
        return out;
    }

    public static ObjectNode render(RoleDescriptor d) {
        ObjectNode o = F.objectNode();
        o.set("cluster", strings(d.cluster()));
        if (d.global() != null) {
            o.set("global", d.global().deepCopy());
        }
        ArrayNode indices = o.putArray("indices");
        d.indices().forEach(i -> indices.add(indexGroup(i)));
        ArrayNode apps = o.putArray("applications");
        for (ApplicationPrivileges a : d.applications()) {
            ObjectNode app = apps.addObject();
            app.put("application", a.application());
            app.set("privileges", strings(a.privileges()));
            app.set("resources", strings(a.resources()));
        }
        o.set("run_as", strings(d.runAs()));
        o.set("metadata", MAPPER.valueToTree(d.metadata()));
        o.putObject("transient_metadata").put("enabled", true);
        if (!d.remoteIndices().isEmpty()) {
            ArrayNode remote = o.putArray("remote_indices");
            for (RemoteIndicesPrivileges r : d.remoteIndices()) {
                ObjectNode entry = indexGroup(r.indices());
                entry.set("clusters", strings(r.clusters()));
                remote.add(entry);
            }
        }
        if (d.remoteCluster() != null) {
            o.set("remote_cluster", d.remoteCluster().deepCopy());
        }
        if (d.restriction() != null) {
            o.set("restriction", d.restriction().deepCopy());
        }
        if (d.description() != null) {
            o.put("description", d.description());
        }
        return o;
    }

    private static ObjectNode indexGroup(IndicesPrivileges i) {
        ObjectNode g = F.objectNode();
        g.set("names", strings(i.names()));
        g.set("privileges", strings(i.privileges()));
        if (i.fieldSecurity() != null) {
            g.set("field_security", i.fieldSecurity().deepCopy());
        }
        if (i.query() != null) {
            g.put("query", i.query());
        }
        g.put("allow_restricted_indices", i.allowRestrictedIndices());
        return g;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode(values.size());
        values.forEach(a::add);
        return a;
    }

    /** Convenience for tests and logs. */
    static String toString(JsonNode n) {
        return n.toString();
    }
}
