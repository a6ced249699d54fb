package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.role.RoleDescriptorJson;
import io.keygate.core.secquery.EntityFields;
import io.keygate.core.secquery.EntityQueryRequest;
import io.keygate.server.wire.Json;
import io.keygate.server.store.Page;
import io.keygate.server.store.RoleStore;
import io.keygate.server.store.UserStore;
import io.vertx.core.Future;

import java.util.List;

/**
 * {@code GET|POST /_security/_query/role} and {@code /_security/_query/user}: the API key query's DSL over
 * roles' and users' fields ({@link EntityFields}), run by the backend as one search on the security index.
 * As in Elasticsearch only native roles and users are searched: built-in roles and the reserved
 * {@code elastic} user are not documents of those types.
 */
public final class SecurityQueryApi {
    private final RoleStore roles;
    private final UserStore users;

    public SecurityQueryApi(RoleStore roles, UserStore users) {
        this.roles = roles;
        this.users = users;
    }

    public Future<Reply> queryRoles(ApiRequest r) {
        EntityQueryRequest request = EntityQueryRequest.parse(r.body(), EntityFields.ROLES, "query_role_request_payload");
        return roles.query(request.toSearch("role", List.of())).map(page -> Reply.ok(render(page, "roles", role -> {
            ObjectNode item = Json.object().put("name", role.name());
            item.setAll(RoleDescriptorJson.render(role));
            return item;
        })));
    }

    public Future<Reply> queryUsers(ApiRequest r) {
        r.flag("with_profile_uid", false); // Keygate has no user profiles: there is never a profile_uid to add
        EntityQueryRequest request = EntityQueryRequest.parse(r.body(), EntityFields.USERS, "query_user_request_payload");
        return users.query(request.toSearch("user", List.of("password")))
                .map(page -> Reply.ok(render(page, "users", UsersApi::render)));
    }

    private static <T> ObjectNode render(Page<T> page, String field, java.util.function.Function<T, ObjectNode> item) {
        ObjectNode out = Json.object();
        out.put("total", page.total());
        out.put("count", page.hits().size());
        ArrayNode items = out.putArray(field);
        for (Page.Hit<T> hit : page.hits()) {
            ObjectNode o = item.apply(hit.item());
            if (hit.sort() != null) o.set("_sort", hit.sort());
            items.add(o);
        }
        return out;
    }

}
