package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.ApplicationNames;
import io.keygate.core.privilege.ApplicationPrivilege;
import io.keygate.core.privilege.ClusterPrivilege;
import io.keygate.core.privilege.StoredApplicationPrivileges;
import io.keygate.core.privilege.IndexPrivilege;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptor.ApplicationPrivileges;
import io.keygate.core.role.RoleDescriptor.IndicesPrivileges;
import io.keygate.core.role.RoleDescriptorParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code _has_privileges}: evaluates the request body against a role. Index names in the request are
 * patterns: {@code "*"} is true only if the privilege is granted on every name it could match.
 */
public final class HasPrivileges {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HasPrivileges() {}

    /**
     * The full response, {@code username} first, as Elasticsearch returns it.
     */
    public static ObjectNode respond(String username, Role role, JsonNode body) {
        return respond(username, role, body, StoredApplicationPrivileges.EMPTY);
    }

    /** As {@link #respond(String, Role, JsonNode)}, application privilege names meaning the stored privileges' actions. */
    public static ObjectNode respond(String username, Role role, JsonNode body, StoredApplicationPrivileges stored) {
        ObjectNode out = F.objectNode();
        out.put("username", username);
        out.setAll(evaluate(username + "/has_privileges", role, body, stored));
        return out;
    }

    /** True if the request asks about application privileges (only then are the stored ones needed). */
    public static boolean asksForApplications(JsonNode body) {
        return body != null && (body.has("application") || body.has("applications"));
    }

    /**
     * {@code {"has_all_requested":..,"cluster":{..},"index":{..},"application":{..}}}.
     *
     * @param description names the request in parse errors (Elasticsearch uses {@code <user>/has_privileges})
     */
    public static ObjectNode evaluate(String description, Role role, JsonNode body) {
        return evaluate(description, role, body, StoredApplicationPrivileges.EMPTY);
    }

    /**
     * As {@link #evaluate(String, Role, JsonNode)}: an application privilege asked about by name means the actions of
     * the stored privilege of that name (none if there is none), anything else is an action; the role's own
     * application privileges are resolved the same way.
     */
    public static ObjectNode evaluate(String description, Role role, JsonNode body, StoredApplicationPrivileges stored) {
        Request request = parse(description, body);
        boolean all = true;

        ObjectNode cluster = F.objectNode();
        for (String name : request.descriptor.cluster()) {
            boolean ok = role.hasClusterPrivilege(ClusterPrivilege.resolve(name));
            cluster.put(name, ok);
            all &= ok;
        }

        // Same index named twice: the answers merge, as in Elasticsearch.
        Map<String, Map<String, Boolean>> index = new TreeMap<>();
        for (IndicesPrivileges group : request.descriptor.indices()) {
            for (String name : group.names()) {
                Map<String, Boolean> privileges = index.computeIfAbsent(name, k -> new LinkedHashMap<>());
                for (String p : group.privileges()) {
                    boolean ok = role.hasIndexPrivilege(name, group.allowRestrictedIndices(), IndexPrivilege.resolve(p));
                    privileges.merge(p, ok, Boolean::logicalAnd);
                }
            }
        }
        ObjectNode indexNode = F.objectNode();
        for (var e : index.entrySet()) {
            ObjectNode privileges = indexNode.putObject(e.getKey());
            for (var p : e.getValue().entrySet()) {
                privileges.put(p.getKey(), p.getValue());
                all &= p.getValue();
            }
        }

        Map<String, Map<String, Map<String, Boolean>>> apps = new TreeMap<>();
        for (ApplicationPrivileges a : request.descriptor.applications()) {
            Map<String, Map<String, Boolean>> resources = apps.computeIfAbsent(a.application(), k -> new TreeMap<>());
            for (String resource : a.resources()) {
                Map<String, Boolean> privileges = resources.computeIfAbsent(resource, k -> new LinkedHashMap<>());
                for (String p : a.privileges()) {
                    boolean ok = role.grantsApplicationPrivilege(ApplicationPrivilege.resolveOne(a.application(), p, stored),
                            resource, stored);
                    privileges.merge(p, ok, Boolean::logicalAnd);
                }
            }
        }
        ObjectNode appNode = F.objectNode();
        for (var app : apps.entrySet()) {
            ObjectNode resources = appNode.putObject(app.getKey());
            for (var r : app.getValue().entrySet()) {
                ObjectNode privileges = resources.putObject(r.getKey());
                for (var p : r.getValue().entrySet()) {
                    privileges.put(p.getKey(), p.getValue());
                    all &= p.getValue();
                }
            }
        }

        ObjectNode out = F.objectNode();
        out.put("has_all_requested", all);
        out.set("cluster", cluster);
        out.set("index", indexNode);
        out.set("application", appNode);
        return out;
    }

    private record Request(RoleDescriptor descriptor) {}

    private static Request parse(String description, JsonNode body) {
        String prefix = "failed to parse privileges check [" + description + "]. ";
        if (body == null || !body.isObject()) {
            throw EsException.parse(prefix + "expected an object but found [" + (body == null ? "null" : body.getNodeType())
                    + "] instead");
        }
        ObjectNode asRole = F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "cluster" -> asRole.set("cluster", e.getValue());
                case "index", "indices" -> asRole.set("indices", e.getValue());
                case "application", "applications" -> asRole.set("applications", e.getValue());
                default -> throw EsException.parse(prefix + "unexpected field [" + e.getKey() + "]");
            }
        }
        if (asRole.isEmpty()) {
            throw EsException.parse(prefix + "All privilege fields [cluster,index,applications] are missing");
        }
        RoleDescriptor d = RoleDescriptorParser.parse(description, asRole);
        for (IndicesPrivileges i : d.indices()) {
            if (i.fieldSecurity() != null) {
                throw EsException.parse("Field [field_security] is not supported in a has_privileges request");
            }
            if (i.query() != null) {
                throw EsException.parse("Field [query] is not supported in a has_privileges request");
            }
        }
        // a check names concrete applications: no wildcard, unlike a role
        List<String> errors = new ArrayList<>();
        for (ApplicationPrivileges a : d.applications()) {
            String error = ApplicationNames.applicationError(a.application(), false);
            if (error != null) errors.add(error);
        }
        if (!errors.isEmpty()) {
            throw EsException.validation(errors);
        }
        return new Request(d);
    }
}
