package io.keygate.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /_security/role} (bulk put) and {@code DELETE /_security/role} (bulk delete), answered per role as
 * Elasticsearch answers them: {@code created}, {@code updated}, {@code noop} (the stored role is already this one),
 * {@code deleted}, {@code not_found}, and {@code errors} with a count and each failed role's error. A body that does
 * not parse fails as a whole, as in Elasticsearch; a role that parses but is invalid or reserved fails alone.
 */
public final class RoleBulkApi {
    private final RoleStore roles;
    private final AccessControl access;

    public RoleBulkApi(RoleStore roles, AccessControl access) {
        this.roles = roles;
        this.access = access;
    }

    public Future<Reply> bulkPut(ApiRequest r) {
        JsonNode body = r.body();
        BodyFields.onlyKnown(body, Set.of("roles"), "bulk put roles request");
        JsonNode given = BodyFields.object(body, "roles");
        if (given == null) throw EsException.validation(List.of("roles are missing"));
        Map<String, RoleDescriptor> parsed = new LinkedHashMap<>();
        given.properties().forEach(e -> parsed.put(e.getKey(), RoleDescriptorParser.parse(e.getKey(), e.getValue())));
        String refresh = r.refresh();
        Results results = new Results();
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<String, RoleDescriptor> e : parsed.entrySet()) {
            String name = e.getKey();
            RoleDescriptor role = e.getValue();
            chain = chain.compose(v -> {
                EsException invalid = invalid(name, role);
                if (invalid != null) {
                    results.error(name, invalid);
                    return Future.succeededFuture();
                }
                return roles.get(name).compose(existing -> {
                    if (existing != null && RoleDescriptorJson.render(existing).equals(RoleDescriptorJson.render(role))) {
                        results.add("noop", name);
                        return Future.<Void>succeededFuture();
                    }
                    return roles.put(role, refresh).map(created -> {
                        access.invalidateRole(name);
                        results.add(created ? "created" : "updated", name);
                        return null;
                    });
                }).recover(failure -> failed(results, name, failure));
            });
        }
        return chain.map(v -> Reply.ok(results.render("created", "updated", "noop")));
    }

    public Future<Reply> bulkDelete(ApiRequest r) {
        JsonNode body = r.body();
        BodyFields.onlyKnown(body, Set.of("names"), "bulk delete roles request");
        List<String> names = BodyFields.strings(body, "names");
        if (names == null || names.isEmpty()) throw EsException.validation(List.of("role names are missing"));
        String refresh = r.refresh();
        Results results = new Results();
        Future<Void> chain = Future.succeededFuture();
        for (String name : names) {
            chain = chain.compose(v -> {
                if (BuiltinRoles.isReserved(name)) {
                    results.error(name, EsException.illegalArgument("role [" + name + "] is reserved and cannot be deleted"));
                    return Future.succeededFuture();
                }
                return roles.delete(name, refresh).map(found -> {
                    access.invalidateRole(name);
                    results.add(found ? "deleted" : "not_found", name);
                    return (Void) null;
                }).recover(failure -> failed(results, name, failure));
            });
        }
        return chain.map(v -> Reply.ok(results.render("deleted", "not_found")));
    }

    /** The validation put role applies, as one role's error; null when the role may be stored. */
    private static EsException invalid(String name, RoleDescriptor role) {
        if (BuiltinRoles.isReserved(name)) return EsException.validation(List.of("Role [" + name + "] is reserved and may not be used."));
        List<String> errors = new ArrayList<>(RoleDescriptorParser.validate(role));
        if (name.isEmpty() || name.length() > 507) errors.add("role name must be between 1 and 507 characters");
        return errors.isEmpty() ? null : EsException.validation(errors);
    }

    /** A client-side failure belongs to its role; anything else fails the request (Keygate's 5xx). */
    private static Future<Void> failed(Results results, String name, Throwable failure) {
        if (failure instanceof EsException es && es.status() < 500) {
            results.error(name, es);
            return Future.succeededFuture();
        }
        return Future.failedFuture(failure);
    }

    /** Role names by result, and the failed ones with their errors. */
    private static final class Results {
        private final Map<String, List<String>> byResult = new LinkedHashMap<>();
        private final Map<String, EsException> errors = new LinkedHashMap<>();

        void add(String result, String name) {
            byResult.computeIfAbsent(result, k -> new ArrayList<>()).add(name);
        }

        void error(String name, EsException e) {
            errors.put(name, e);
        }

        /** Only the results that occurred, as Elasticsearch omits empty ones. */
        ObjectNode render(String... results) {
            ObjectNode out = Json.object();
            for (String result : results) {
                List<String> names = byResult.get(result);
                if (names == null) continue;
                ArrayNode a = out.putArray(result);
                names.forEach(a::add);
            }
            if (!errors.isEmpty()) {
                ObjectNode e = out.putObject("errors");
                e.put("count", errors.size());
                ObjectNode details = e.putObject("details");
                errors.forEach((name, error) -> details.putObject(name).put("type", error.type()).put("reason", error.reason()));
            }
            return out;
        }
    }
}
