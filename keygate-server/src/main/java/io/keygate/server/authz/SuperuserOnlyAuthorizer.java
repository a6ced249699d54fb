package io.keygate.server.authz;

import io.keygate.core.authc.Authentication;
import io.keygate.core.error.EsException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Deny by default until request classification lands: only a superuser may use proxied APIs, and
 * nothing that names Keygate's security index is forwarded.
 */
public final class SuperuserOnlyAuthorizer implements ProxyAuthorizer {
    private final AccessControl access;

    public SuperuserOnlyAuthorizer(AccessControl access) {
        this.access = access;
    }

    @Override
    public Future<Forward> authorize(HttpServerRequest req, Authentication auth) {
        String path = URLDecoder.decode(req.path().replace("+", "%2B"), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        String expand = String.valueOf(req.params().get("expand_wildcards")).toLowerCase(Locale.ROOT);
        if (path.contains(".keygate") || expand.contains("hidden") || expand.contains("all")) {
            return Future.failedFuture(EsException.forbidden("action [indices:*] is unauthorized for user ["
                    + auth.username() + "] on restricted indices [.keygate-security]"));
        }
        return access.roleOf(auth).compose(role -> role.isSuperuser()
                ? Future.succeededFuture((proxy, r) -> proxy.forward(r, r.uri()))
                : Future.failedFuture(EsException.forbidden("action [indices:*] is unauthorized for " + AccessControl.describe(auth))));
    }
}
