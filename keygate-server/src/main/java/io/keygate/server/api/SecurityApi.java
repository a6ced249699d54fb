package io.keygate.server.api;

import io.keygate.server.wire.Routes;
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
                                            ApiKeyGrantApi grant, ApiKeyCacheApi cache, NewerSecurityApis newer) {
        Routes<ApiHandler> start = new Routes<ApiHandler>()
                // newer endpoints (issue 17): literal paths first, before the templates below could take them
                .add(Set.of(POST), "/_security/role", newer.roleBulk()::bulkPut)
                .add(Set.of(DELETE), "/_security/role", newer.roleBulk()::bulkDelete)
                .add(Set.of(GET, POST), "/_security/_query/role", newer.query()::queryRoles)
                .add(Set.of(GET, POST), "/_security/_query/user", newer.query()::queryUsers)
                .add(Set.of(GET), "/_security/user/_privileges", newer.userPrivileges()::get)
                .add(Set.of(GET), "/_security/stats", newer.stats()::stats)
                .add(Set.of(POST), "/_security/api_key/_bulk_grant", grant::bulkGrant);
        return routes(start, authenticate, users, roles, hasPrivileges)
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
        return routes(new Routes<>(), authenticate, users, roles, hasPrivileges);
    }

    private static Routes<ApiHandler> routes(Routes<ApiHandler> start, AuthenticateApi authenticate, UsersApi users, RolesApi roles,
                                             HasPrivilegesApi hasPrivileges) {
        return start
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
