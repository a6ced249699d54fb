package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorJson;
import io.keygate.core.role.RoleDescriptorParser;
import io.keygate.server.authz.AccessControl;
import io.keygate.server.authz.BuiltinRoles;
import io.keygate.server.wire.Json;
import io.keygate.server.store.RoleStore;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** {@code /_security/role/*}: native roles, validated as Elasticsearch validates role descriptors. */
public final class RolesApi {
    static final String PUT = "cluster:admin/xpack/security/role/put";
    static final String GET = "cluster:admin/xpack/security/role/get";
    static final String DELETE = "cluster:admin/xpack/security/role/delete";

    private final RoleStore roles;
    private final AccessControl access;

    public RolesApi(RoleStore roles, AccessControl access) {
        this.roles = roles;
        this.access = access;
    }

    public Future<Reply> put(ApiRequest r) {
        String name = r.path("name");
        return Future.succeededFuture().compose(v -> {
            if (BuiltinRoles.isReserved(name)) {
                throw EsException.validation(List.of("Role [" + name + "] is reserved and may not be used."));
            }
            RoleDescriptor role = RoleDescriptorParser.parse(name, r.body());
            List<String> errors = new ArrayList<>(RoleDescriptorParser.validate(role));
            if (name.isEmpty() || name.length() > 507) errors.add("role name must be between 1 and 507 characters");
            if (!errors.isEmpty()) throw EsException.validation(errors);
            return roles.put(role, r.refresh());
        }).map(created -> {
            access.invalidateRole(name);
            ObjectNode body = Json.object();
            body.putObject("role").put("created", created);
            return Reply.ok(body);
        });
    }

    public Future<Reply> get(ApiRequest r) {
        return roles.all().map(stored -> {
            String requested = r.path("name");
            Set<String> names = requested == null ? null : Set.of(requested.split(","));
            TreeMap<String, RoleDescriptor> all = new TreeMap<>(BuiltinRoles.ROLES);
            stored.forEach(d -> all.put(d.name(), d));
            ObjectNode body = Json.object();
            all.forEach((name, d) -> {
                if (names == null || names.contains(name)) body.set(name, RoleDescriptorJson.render(d));
            });
            return new Reply(names != null && body.isEmpty() ? 404 : 200, body);
        });
    }

    public Future<Reply> delete(ApiRequest r) {
        String name = r.path("name");
        return Future.succeededFuture().compose(v -> {
            if (BuiltinRoles.isReserved(name)) {
                throw EsException.validation(List.of("role [" + name + "] is reserved and cannot be deleted"));
            }
            return roles.delete(name, r.refresh());
        }).map(found -> {
            access.invalidateRole(name);
            return new Reply(found ? 200 : 404, Json.object().put("found", found));
        });
    }
}
