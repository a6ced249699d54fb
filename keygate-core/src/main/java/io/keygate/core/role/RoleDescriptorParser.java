package io.keygate.core.role;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.automaton.Patterns;
import io.keygate.core.dlsfls.RoleQuery;
import io.keygate.core.error.EsException;
import io.keygate.core.error.XContentTokens;
import io.keygate.core.privilege.ApplicationNames;
import io.keygate.core.privilege.ClusterPrivilege;
import io.keygate.core.privilege.IndexPrivilege;
import io.keygate.core.role.RoleDescriptor.ApplicationPrivileges;
import io.keygate.core.role.RoleDescriptor.IndicesPrivileges;
import io.keygate.core.role.RoleDescriptor.RemoteIndicesPrivileges;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads role descriptors from JSON as Elasticsearch does (field names, aliases, error wording), and
 * validates them ({@link #validate}) the way the create/update API key requests do.
 */
public final class RoleDescriptorParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private RoleDescriptorParser() {}

    /** The {@code role_descriptors} object of an API key request: name → descriptor, in order. */
    public static List<RoleDescriptor> parseMap(JsonNode roleDescriptors) {
        if (roleDescriptors == null || roleDescriptors.isNull()) {
            return List.of();
        }
        if (!roleDescriptors.isObject()) {
            throw EsException.parse("failed to parse role descriptors. expected an object but found ["
                    + XContentTokens.of(roleDescriptors) + "] instead");
        }
        List<RoleDescriptor> out = new ArrayList<>();
        roleDescriptors.fields().forEachRemaining(e -> out.add(parse(e.getKey(), e.getValue())));
        return out;
    }

    public static RoleDescriptor parse(String name, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw EsException.parse("failed to parse role [" + name + "]. expected an object but found ["
                    + XContentTokens.of(node) + "] instead");
        }
        List<String> cluster = List.of();
        List<IndicesPrivileges> indices = List.of();
        List<ApplicationPrivileges> applications = List.of();
        List<String> runAs = List.of();
        Map<String, Object> metadata = Map.of();
        String description = null;
        JsonNode global = null;
        List<RemoteIndicesPrivileges> remoteIndices = List.of();
        JsonNode remoteCluster = null;
        JsonNode restriction = null;

        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            switch (field) {
                case "cluster" -> cluster = stringArray(name, field, value);
                case "indices", "index" -> indices = indices(name, field, value);
                case "applications", "application" -> applications = applications(name, field, value);
                case "run_as" -> runAs = stringArray(name, field, value);
                case "metadata" -> metadata = object(name, field, value);
                case "transient_metadata" -> {
                    if (!value.isObject()) {
                        throw EsException.parse("failed to parse transient metadata for role [" + name
                                + "]. expected START_OBJECT but got " + XContentTokens.of(value) + " in \"transient_metadata\".");
                    }
                }
                case "global" -> global = value.isNull() ? null : value;
                case "remote_indices" -> remoteIndices = remoteIndices(name, field, value);
                case "remote_cluster" -> remoteCluster = value.isNull() ? null : value;
                case "restriction" -> restriction = value.isNull() ? null : value;
                case "description" -> {
                    if (!value.isTextual() && !value.isNull()) {
                        throw EsException.parse("failed to parse role [" + name + "]. expected field [description] "
                                + "value to be a string, but found [" + XContentTokens.of(value) + "] instead");
                    }
                    description = value.isNull() ? null : value.asText();
                }
                default -> throw EsException.parse("failed to parse role [" + name + "]. unexpected field [" + field + "]");
            }
        }
        return new RoleDescriptor(name, cluster, indices, applications, runAs, metadata, description, global,
                remoteIndices, remoteCluster, restriction);
    }

    // ---- validation --------------------------------------------------------------------------------

    /**
     * The validation errors of a descriptor, worded as Elasticsearch words them; empty if valid. The
     * server wraps them in {@code EsException.validation(...)} together with the request's own errors.
     */
    public static List<String> validate(RoleDescriptor d) {
        List<String> errors = new ArrayList<>();
        for (String p : d.cluster()) {
            if (!ClusterPrivilege.isKnown(p)) {
                errors.add(ClusterPrivilege.unknownMessage(p.toLowerCase(java.util.Locale.ROOT)));
            }
        }
        for (IndicesPrivileges group : d.indices()) {
            validateIndexGroup(group, errors);
        }
        for (RemoteIndicesPrivileges remote : d.remoteIndices()) {
            validateIndexGroup(remote.indices(), errors);
            if (remote.clusters().stream().anyMatch(String::isEmpty)) {
                errors.add("remote index cluster alias cannot be an empty string");
            }
        }
        for (ApplicationPrivileges app : d.applications()) {
            // a role may name applications by pattern (kibana-*); privileges are stored names or actions
            String error = ApplicationNames.applicationError(app.application(), true);
            if (error != null) errors.add(error);
            for (String privilege : app.privileges()) {
                error = ApplicationNames.privilegeOrActionError(privilege);
                if (error != null) errors.add(error);
            }
        }
        if (d.metadata().keySet().stream().anyMatch(k -> k.startsWith("_"))) {
            errors.add("role descriptor metadata keys may not start with [_]");
        }
        return errors;
    }

    private static void validateIndexGroup(IndicesPrivileges group, List<String> errors) {
        for (String p : group.privileges()) {
            if (!IndexPrivilege.isKnown(p)) {
                errors.add(IndexPrivilege.unknownMessage(p.toLowerCase(java.util.Locale.ROOT)));
            }
        }
        for (String n : group.names()) {
            try {
                Patterns.automaton(n);
            } catch (EsException e) {
                errors.add(e.reason());
            }
        }
        if (group.query() != null) {
            // DLS is enforced by rewriting queries: a role query Keygate cannot check is refused here, not ignored
            errors.addAll(RoleQuery.validate(group.query()));
        }
        if (group.fieldSecurity() != null && group.fieldSecurity().isObject()) {
            List<String> grant = new ArrayList<>();
            List<String> except = new ArrayList<>();
            group.fieldSecurity().path("grant").forEach(n -> grant.add(n.asText()));
            group.fieldSecurity().path("except").forEach(n -> except.add(n.asText()));
            try {
                if (!except.isEmpty() && !Patterns.subsetOf(Patterns.automaton(except), Patterns.automaton(grant))) {
                    errors.add("Exceptions for field permissions must be a subset of the granted fields but " + except
                            + " is not a subset of " + grant);
                }
            } catch (EsException e) {
                errors.add(e.reason());
            }
        }
    }

    // ---- pieces ------------------------------------------------------------------------------------

    private static List<IndicesPrivileges> indices(String role, String field, JsonNode value) {
        if (!value.isArray()) {
            throw EsException.parse("failed to parse indices privileges for role [" + role + "]. expected field ["
                    + field + "] value to be an array, but found [" + XContentTokens.of(value) + "] instead");
        }
        List<IndicesPrivileges> out = new ArrayList<>();
        for (JsonNode entry : value) {
            out.add(indexEntry(role, field, entry, false).indices());
        }
        return out;
    }

    private static List<RemoteIndicesPrivileges> remoteIndices(String role, String field, JsonNode value) {
        if (!value.isArray()) {
            throw EsException.parse("failed to parse remote indices privileges for role [" + role
                    + "]. expected field [" + field + "] value to be an array, but found [" + XContentTokens.of(value) + "] instead");
        }
        List<RemoteIndicesPrivileges> out = new ArrayList<>();
        for (JsonNode entry : value) {
            RemoteIndicesPrivileges r = indexEntry(role, field, entry, true);
            if (r.clusters().isEmpty()) {
                throw EsException.parse("failed to parse remote indices privileges for role [" + role
                        + "]. missing required [clusters] field");
            }
            out.add(r);
        }
        return out;
    }

    private static RemoteIndicesPrivileges indexEntry(String role, String field, JsonNode entry, boolean remote) {
        String prefix = "failed to parse indices privileges for role [" + role + "]. ";
        if (!entry.isObject()) {
            throw EsException.parse(prefix + "expected field [" + field + "] value to be an array of objects, but found "
                    + "an array element of type [" + XContentTokens.of(entry) + "]");
        }
        List<String> names = null;
        List<String> privileges = null;
        JsonNode fieldSecurity = null;
        String query = null;
        boolean allowRestricted = false;
        List<String> clusters = List.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            JsonNode v = e.getValue();
            switch (f) {
                case "names" -> {
                    if (v.isTextual()) {
                        names = List.of(v.asText());
                    } else if (v.isArray()) {
                        names = stringArray(role, f, v);
                        if (names.isEmpty()) {
                            throw EsException.parse(prefix + "[names] cannot be an empty array");
                        }
                    } else {
                        throw EsException.parse(prefix + "expected field [names] value to be a string or an array of "
                                + "strings, but found [" + XContentTokens.of(v) + "] instead");
                    }
                }
                case "privileges" -> privileges = stringArray(role, f, v);
                case "allow_restricted_indices" -> {
                    if (!v.isBoolean()) {
                        throw EsException.parse(prefix + "expected field [allow_restricted_indices] value to be a "
                                + "boolean, but found [" + XContentTokens.of(v) + "] instead");
                    }
                    allowRestricted = v.booleanValue();
                }
                case "query" -> {
                    if (v.isObject()) {
                        query = compact(v);
                    } else if (v.isTextual()) {
                        query = v.asText().isEmpty() ? null : v.asText();
                    } else if (!v.isNull()) {
                        throw EsException.parse(prefix + "expected field [query] value to be null, a string, an array, "
                                + "or an object, but found [" + XContentTokens.of(v) + "] instead");
                    }
                }
                case "field_security" -> fieldSecurity = fieldSecurity(role, v);
                case "transient_metadata" -> { /* ignored, as Elasticsearch does */ }
                case "clusters" -> {
                    if (!remote) {
                        throw EsException.parse(prefix + "unexpected field [" + f + "]");
                    }
                    clusters = stringArray(role, f, v);
                }
                default -> throw EsException.parse(prefix + "unexpected field [" + f + "]");
            }
        }
        if (names == null) {
            throw EsException.parse(prefix + "missing required [names] field");
        }
        if (privileges == null) {
            throw EsException.parse(prefix + "missing required [privileges] field");
        }
        return new RemoteIndicesPrivileges(
                new IndicesPrivileges(names, privileges, fieldSecurity, query, allowRestricted), clusters);
    }

    private static JsonNode fieldSecurity(String role, JsonNode v) {
        String prefix = "failed to parse indices privileges for role [" + role + "]. ";
        if (!v.isObject()) {
            throw EsException.parse(prefix + "expected START_OBJECT but got " + XContentTokens.of(v) + " in \"field_security\".");
        }
        if (v.isEmpty()) {
            throw EsException.parse(prefix + "\"field_security\" must not be empty.");
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("grant") && !f.equals("except")) {
                throw EsException.parse(prefix + "\"field_security\" only accepts options grant and except, but got: " + f);
            }
            if (v.get(f).isNull()) {
                throw EsException.parse(prefix + f + " must not be null.");
            }
            stringArray(role, f, v.get(f));
        }
        if (v.has("except") && !v.has("grant")) {
            throw EsException.parse(prefix + "field_security requires grant if except is given");
        }
        return v.deepCopy();
    }

    private static List<ApplicationPrivileges> applications(String role, String field, JsonNode value) {
        String prefix = "failed to parse application privileges for role [" + role + "]. ";
        if (!value.isArray()) {
            throw EsException.parse(prefix + "expected field [" + field + "] value to be an array, but found ["
                    + XContentTokens.of(value) + "] instead");
        }
        List<ApplicationPrivileges> out = new ArrayList<>();
        for (JsonNode entry : value) {
            if (!entry.isObject()) {
                throw EsException.parse(prefix + "expected field [" + field + "] value to be an array of objects, but "
                        + "found an array element of type [" + XContentTokens.of(entry) + "]");
            }
            String application = null;
            List<String> privileges = null;
            List<String> resources = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "application" -> {
                        if (!e.getValue().isTextual()) {
                            throw EsException.parse(prefix + "expected field [application] value to be a string, but "
                                    + "found [" + XContentTokens.of(e.getValue()) + "] instead");
                        }
                        application = e.getValue().asText();
                    }
                    case "privileges" -> privileges = stringArray(role, e.getKey(), e.getValue());
                    case "resources" -> resources = stringArray(role, e.getKey(), e.getValue());
                    default -> throw EsException.parse(prefix + "unexpected field [" + e.getKey() + "]");
                }
            }
            if (resources == null) {
                throw EsException.parse(prefix + "missing required [resources] field");
            }
            if (privileges == null) {
                throw EsException.parse(prefix + "missing required [privileges] field");
            }
            // Elasticsearch's ApplicationResourcePrivileges refuses these when it is built
            if (application == null || application.isEmpty()) {
                throw EsException.illegalArgument("application privileges must have an application name");
            }
            if (privileges.isEmpty()) {
                throw EsException.illegalArgument("application privileges must define at least one privilege");
            }
            if (resources.isEmpty()) {
                throw EsException.illegalArgument("application privileges must refer to at least one resource");
            }
            out.add(new ApplicationPrivileges(application, privileges, resources));
        }
        return out;
    }

    private static List<String> stringArray(String role, String field, JsonNode v) {
        if (v.isTextual()) {
            return List.of(v.asText()); // Elasticsearch's string-array reader accepts a lone string
        }
        if (!v.isArray()) {
            throw EsException.parse("failed to parse role [" + role + "]. expected field [" + field
                    + "] value to be an array of strings, but found [" + XContentTokens.of(v) + "] instead");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw EsException.parse("failed to parse role [" + role + "]. expected field [" + field
                        + "] value to be an array of strings, but found an element of type [" + XContentTokens.of(item) + "]");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static Map<String, Object> object(String role, String field, JsonNode v) {
        if (v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw EsException.parse("failed to parse role [" + role + "]. expected field [" + field
                    + "] value to be an object, but found [" + XContentTokens.of(v) + "] instead");
        }
        return MAPPER.convertValue(v, MAP);
    }

    private static String compact(JsonNode v) {
        try {
            return MAPPER.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw EsException.parse("failed to render query: " + e.getOriginalMessage());
        }
    }
}
