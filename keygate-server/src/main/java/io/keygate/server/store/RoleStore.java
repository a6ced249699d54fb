package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorJson;
import io.keygate.core.role.RoleDescriptorParser;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/** Native roles in the security index, stored as their normalized role descriptors. */
public final class RoleStore {
    private static final String PREFIX = "role-";

    private final SecurityIndex index;

    public RoleStore(SecurityIndex index) {
        this.index = index;
    }

    /** The role name a security-index document id belongs to, or null when it is not a role's. */
    public static String roleNameOf(String docId) {
        return docId.startsWith(PREFIX) ? docId.substring(PREFIX.length()) : null;
    }

    public Future<RoleDescriptor> get(String name) {
        return index.get(PREFIX + name).map(doc -> doc == null ? null : RoleDescriptorParser.parse(name, doc.get("role")));
    }

    /** Creates or replaces a role; answers whether it was created. */
    public Future<Boolean> put(RoleDescriptor role, String refresh) {
        return index.get(PREFIX + role.name()).compose(existing -> {
            ObjectNode doc = Json.object().put("doc_type", "role").put("role_name", role.name());
            doc.set("role", RoleDescriptorJson.render(role));
            queryFields(role, doc);
            return index.put(PREFIX + role.name(), doc, false, refresh).map(ok -> existing == null);
        });
    }

    /**
     * What {@code _query/role} searches, beside the stored descriptor (which is not indexed): description,
     * application privileges and metadata, under the names {@link io.keygate.core.secquery.EntityFields#ROLES} gives.
     * {@code role_query_fields} marks a document that has them ({@link #indexQueryFields}).
     */
    private static void queryFields(RoleDescriptor role, ObjectNode doc) {
        doc.put("role_query_fields", true);
        if (role.description() != null) doc.put("description", role.description());
        var apps = doc.putArray("applications");
        for (RoleDescriptor.ApplicationPrivileges a : role.applications()) {
            ObjectNode app = apps.addObject().put("application", a.application());
            a.privileges().forEach(app.putArray("privileges")::add);
            a.resources().forEach(app.putArray("resources")::add);
        }
        doc.set("metadata_flattened", Json.MAPPER.valueToTree(role.metadata()));
    }

    /**
     * Writes the query fields into roles stored by a Keygate that did not index them yet, so that {@code _query/role}
     * finds every role by description, applications and metadata. Once done, a start finds nothing to do (one search).
     */
    public Future<Integer> indexQueryFields() {
        ObjectNode search = Json.object().put("size", 10_000);
        ObjectNode bool = search.putObject("query").putObject("bool");
        bool.putArray("filter").addObject().putObject("term").put("doc_type", "role");
        bool.putArray("must_not").addObject().putObject("exists").put("field", "role_query_fields");
        return index.search(search).compose(result -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (JsonNode hit : result.path("hits").path("hits")) {
                JsonNode doc = hit.get("_source");
                RoleDescriptor role = RoleDescriptorParser.parse(doc.path("role_name").asText(), doc.get("role"));
                chain = chain.compose(n -> put(role, "false").map(created -> n + 1));
            }
            return chain;
        });
    }

    /** One page of a {@code _query/role} search; the hits' descriptors and sort values. */
    public Future<Page<RoleDescriptor>> query(ObjectNode search) {
        return index.searchAnswer(search, false).compose(r -> Page.of(r, doc -> RoleDescriptorParser.parse(doc.path("role_name").asText(),
                doc.get("role"))));
    }

    public Future<Boolean> delete(String name, String refresh) {
        return index.delete(PREFIX + name, refresh);
    }

    public Future<List<RoleDescriptor>> all() {
        ObjectNode query = Json.object().put("size", 10_000);
        query.putObject("query").putObject("term").put("doc_type", "role");
        query.putArray("sort").addObject().put("role_name", "asc");
        return index.search(query).map(result -> {
            List<RoleDescriptor> roles = new ArrayList<>();
            for (JsonNode hit : result.path("hits").path("hits")) {
                JsonNode doc = hit.get("_source");
                roles.add(RoleDescriptorParser.parse(doc.path("role_name").asText(), doc.get("role")));
            }
            return roles;
        });
    }
}
