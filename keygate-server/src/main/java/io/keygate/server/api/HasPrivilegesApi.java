package io.keygate.server.api;

import io.keygate.core.authz.HasPrivileges;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.StoredApplicationPrivileges;
import io.keygate.server.authz.AccessControl;
import io.keygate.server.store.ApplicationPrivilegeStore;
import io.vertx.core.Future;

/**
 * {@code GET|POST /_security/user/_has_privileges}: any caller may ask what it may do; for an API
 * key the answer is its effective (intersected) role. APM Server checks agent keys this way, Kibana
 * its application privileges (names resolved through the stored privileges).
 */
public final class HasPrivilegesApi {
    private final AccessControl access;
    private final ApplicationPrivilegeStore privileges;

    public HasPrivilegesApi(AccessControl access, ApplicationPrivilegeStore privileges) {
        this.access = access;
        this.privileges = privileges;
    }

    public Future<Reply> check(ApiRequest r) {
        String user = r.path("username");
        if (user != null && !user.equals(r.authentication().username())) {
            return Future.failedFuture(EsException.forbidden("action [cluster:admin/xpack/security/user/has_privileges] is unauthorized for "
                    + AccessControl.describe(r.authentication()) + " (checking the privileges of another user is not supported)"));
        }
        // the stored privileges are read only for a check that names applications
        Future<StoredApplicationPrivileges> stored = HasPrivileges.asksForApplications(r.body())
                ? privileges.all() : Future.succeededFuture(StoredApplicationPrivileges.EMPTY);
        return stored.compose(s -> access.roleOf(r.authentication())
                .map(role -> Reply.ok(HasPrivileges.respond(r.authentication().username(), role, r.body(), s))));
    }
}
