package io.keygate.server.api;

import io.keygate.core.authc.Authentication;
import io.keygate.core.authz.UserPrivileges;
import io.keygate.core.error.EsException;
import io.keygate.server.authz.AccessControl;
import io.vertx.core.Future;

/**
 * {@code GET /_security/user/_privileges}: what the caller's own roles grant, for any authenticated caller.
 * An API key with role descriptors of its own has no single role to show: Elasticsearch's 400 points to the
 * get API key API; one without them has its owner's (limited-by) privileges.
 */
public final class UserPrivilegesApi {
    private final AccessControl access;

    public UserPrivilegesApi(AccessControl access) {
        this.access = access;
    }

    public Future<Reply> get(ApiRequest r) {
        Authentication auth = r.authentication();
        if (auth.isApiKey()) {
            if (!auth.apiKey().roleDescriptors().isEmpty()) {
                return Future.failedFuture(EsException.illegalArgument(UserPrivileges.API_KEY_MESSAGE));
            }
            return Future.succeededFuture(Reply.ok(UserPrivileges.render(auth.apiKey().limitedBy())));
        }
        return access.descriptors(auth.user().roles()).map(descriptors -> Reply.ok(UserPrivileges.render(descriptors)));
    }
}
