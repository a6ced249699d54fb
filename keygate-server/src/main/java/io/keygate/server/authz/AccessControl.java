package io.keygate.server.authz;

import io.keygate.core.authc.Authentication;
import io.keygate.core.error.EsException;
import io.vertx.core.Future;

import java.util.List;

/** Cluster-privilege checks for Keygate's own APIs. */
public final class AccessControl {

    public Future<Void> requireCluster(Authentication auth, String action) {
        if (isSuperuser(auth)) return Future.succeededFuture();
        return Future.failedFuture(EsException.forbidden("action [" + action + "] is unauthorized for user ["
                + auth.username() + "] with effective roles [" + String.join(",", auth.user().roles().stream().sorted().toList()) + "]"));
    }

    public boolean isSuperuser(Authentication auth) {
        return !auth.isApiKey() && auth.user().roles().contains("superuser");
    }

    public static String sortedRoles(List<String> roles) {
        return String.join(",", roles.stream().sorted().toList());
    }
}
