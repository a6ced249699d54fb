package io.keygate.server.http;

import io.keygate.core.authc.Authentication;
import io.keygate.core.error.EsException;
import io.keygate.server.api.ApiHandler;
import io.keygate.server.api.ApiRequest;
import io.keygate.server.api.InfoApi;
import io.keygate.server.audit.AuditTrail;
import io.keygate.server.authc.AuthenticationService;
import io.keygate.server.authz.AccessControl;
import io.keygate.server.authz.ProxyAuthorizer;
import io.keygate.server.proxy.Proxy;
import io.keygate.server.ui.KeygateUi;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * Every request's way through Keygate: bound its size, authenticate it, then serve it (Keygate's
 * own APIs) or authorize and forward it (everything else). Nothing reaches the backend before the
 * caller is authenticated and the request authorized.
 */
public final class HttpFrontend implements Handler<HttpServerRequest> {

    private final AuthenticationService authentication;
    private final AccessControl access;
    private final Routes<ApiHandler> api;
    private final InfoApi info;
    private final ProxyAuthorizer proxyAuthorizer;
    private final Proxy proxy;
    private final long maxContentLength;
    private final AuditTrail audit;
    private volatile KeygateUi ui;

    public HttpFrontend(AuthenticationService authentication, AccessControl access, Routes<ApiHandler> api, InfoApi info,
                        ProxyAuthorizer proxyAuthorizer, Proxy proxy, long maxContentLength, AuditTrail audit) {
        this.audit = audit;
        this.authentication = authentication;
        this.access = access;
        this.api = api;
        this.info = info;
        this.proxyAuthorizer = proxyAuthorizer;
        this.proxy = proxy;
        this.maxContentLength = maxContentLength;
    }

    /** Serves the web UI under {@code /_keygate} and accepts its session cookie on {@code /_security/*}. */
    public HttpFrontend ui(KeygateUi ui) {
        this.ui = ui;
        return this;
    }

    @Override
    public void handle(HttpServerRequest req) {
        req.pause();
        try {
            String length = req.getHeader("content-length");
            if (length != null && parseLength(length) > maxContentLength) {
                // read and drop the body so the client gets to see the answer
                req.handler(chunk -> { }).resume();
                throw Bodies.tooLarge(maxContentLength);
            }
            KeygateUi ui = this.ui;
            if (ui != null && KeygateUi.owns(req.path())) {
                ui.handle(req); // static files and the login itself: before authentication
                return;
            }
            boolean session = ui != null && isSecurityApi(req.path()) && ui.presentsSession(req);
            (session ? ui.authenticate(req) : authentication.authenticate(req.getHeader("authorization"), req.uri()))
                    .onFailure(e -> {
                        if (e instanceof EsException es && es.status() == 401) audit.authenticationFailed(req, es);
                        Responses.error(req, e);
                    })
                    .onSuccess(auth -> dispatch(req, auth).onFailure(e -> {
                        if (e instanceof EsException es && es.status() == 403) audit.accessDenied(req, auth, es);
                        Responses.error(req, e);
                    }));
        } catch (RuntimeException e) {
            Responses.error(req, e);
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw EsException.badRequest("illegal_argument_exception", "invalid Content-Length [" + value + "]");
        }
    }

    private Future<Void> dispatch(HttpServerRequest req, Authentication auth) {
        String path = req.path();
        if (path.equals("/") && (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD)) {
            return access.requireCluster(auth, "cluster:monitor/main").map(v -> { info.main(req); return null; });
        }
        if (path.equals("/_license") && req.method() == HttpMethod.GET) {
            return access.requireCluster(auth, "cluster:monitor/xpack/license/get").map(v -> { info.license(req); return null; });
        }
        if ((path.equals("/_xpack") || path.equals("/_xpack/")) && req.method() == HttpMethod.GET) { // hook (shippers)
            return access.requireCluster(auth, "cluster:monitor/xpack/info").map(v -> { info.xpack(req); return null; });
        }
        if ((path.equals("/_xpack/usage") || path.equals("/_xpack/usage/")) && req.method() == HttpMethod.GET) { // hook (shippers)
            return access.requireCluster(auth, "cluster:monitor/xpack/usage").map(v -> { info.xpackUsage(req); return null; });
        }
        if (isSecurityApi(path)) {
            return serveApi(req, auth, path);
        }
        return proxyAuthorizer.authorize(req, auth).map(forward -> {
            forward.send(proxy, req);
            return null;
        });
    }

    private static boolean isSecurityApi(String path) {
        return path.equals("/_security") || path.startsWith("/_security/");
    }

    private Future<Void> serveApi(HttpServerRequest req, Authentication auth, String path) {
        boolean[] pathKnown = {false};
        Routes.Match<ApiHandler> match = api.match(req.method(), path, pathKnown);
        if (match == null) {
            req.resume();
            if (pathKnown[0]) {
                List<String> allowed = api.allowed(path);
                req.response().putHeader("Allow", String.join(",", allowed));
                return Future.failedFuture(new EsException(405, "method_not_allowed",
                        "Incorrect HTTP method for uri [" + req.uri() + "] and method [" + req.method() + "], allowed: " + allowed));
            }
            return Future.failedFuture(EsException.badRequest("illegal_argument_exception",
                    "no handler found for uri [" + req.uri() + "] and method [" + req.method() + "]"));
        }
        return Bodies.read(req, maxContentLength).compose(body -> {
            ApiRequest request = new ApiRequest(req.method(), req.uri(), auth, match.pathParams(), req.params(),
                    Json.parseBody(body));
            return match.handler().handle(request);
        }).map(reply -> {
            Responses.json(req, reply.status(), reply.body());
            return null;
        });
    }
}
