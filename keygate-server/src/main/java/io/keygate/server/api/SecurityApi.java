package io.keygate.server.api;

import io.keygate.server.http.Routes;
import io.vertx.core.http.HttpMethod;

import java.util.Set;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/** The routing table of {@code /_security/*}: literal paths before templated ones. */
public final class SecurityApi {
    private SecurityApi() {}

    private static final Set<HttpMethod> PUT_POST = Set.of(PUT, POST);

    /** The table above plus the API key endpoints (literal {@code grant} and {@code _bulk_update} before {@code {id}}). */
    public static Routes<ApiHandler> routes(AuthenticateApi authenticate, UsersApi users, RolesApi roles,
                                            HasPrivilegesApi hasPrivileges, ApiKeysApi apiKeys, ApiKeyQueryApi query,
                                            ApiKeyGrantApi grant, ApiKeyCacheApi cache) {
        return routes(authenticate, users, roles, hasPrivileges)
                .add(Set.of(GET, POST), "/_security/_query/api_key", query::query)
                .add(PUT_POST, "/_security/api_key/grant", grant::grant)
                .add(Set.of(POST), "/_security/api_key/_bulk_update", apiKeys::bulkUpdate)
                .add(Set.of(GET), "/_security/api_key/_lifetime_policy", apiKeys::lifetimePolicy)
                .add(Set.of(POST), "/_security/api_key/{ids}/_clear_cache", cache::clear)
                .add(Set.of(POST), "/_security/api_key/{id}/_rotate", apiKeys::rotate)
                .add(PUT_POST, "/_security/api_key", apiKeys::create)
                .add(Set.of(GET), "/_security/api_key", apiKeys::get)
                .add(Set.of(DELETE), "/_security/api_key", apiKeys::invalidate)
                .add(Set.of(PUT), "/_security/api_key/{id}", apiKeys::update);
    }

    public static Routes<ApiHandler> routes(AuthenticateApi authenticate, UsersApi users, RolesApi roles,
                                            HasPrivilegesApi hasPrivileges) {
        return new Routes<ApiHandler>()
                .add(Set.of(GET), "/_security/_authenticate", authenticate::authenticate)
                .add(Set.of(GET, POST), "/_security/user/_has_privileges", hasPrivileges::check)
                .add(Set.of(GET, POST), "/_security/user/{username}/_has_privileges", hasPrivileges::check)
                .add(Set.of(GET), "/_security/role", roles::get)
                .add(PUT_POST, "/_security/role/{name}", roles::put)
                .add(Set.of(GET), "/_security/role/{name}", roles::get)
                .add(Set.of(DELETE), "/_security/role/{name}", roles::delete)
                .add(PUT_POST, "/_security/user/_password", users::changePassword)
                .add(Set.of(GET), "/_security/user", users::get)
                .add(PUT_POST, "/_security/user/{username}/_password", users::changePassword)
                .add(PUT_POST, "/_security/user/{username}/_enable", r -> users.setEnabled(r, true))
                .add(PUT_POST, "/_security/user/{username}/_disable", r -> users.setEnabled(r, false))
                .add(PUT_POST, "/_security/user/{username}", users::put)
                .add(Set.of(GET), "/_security/user/{username}", users::get)
                .add(Set.of(DELETE), "/_security/user/{username}", users::delete);
    }
}
