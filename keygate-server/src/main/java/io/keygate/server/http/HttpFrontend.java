package io.keygate.server.http;

import io.keygate.core.authc.Authentication;
import io.keygate.core.authz.SecurityEndpoints;
import io.keygate.core.error.EsException;
import io.keygate.core.role.Role;
import io.keygate.server.api.ApiHandler;
import io.keygate.server.api.ApiRequest;
import io.keygate.server.api.InfoApi;
import io.keygate.server.audit.AuditTrail;
import io.keygate.server.authc.AuthenticationService;
import io.keygate.server.authz.AccessControl;
import io.keygate.server.authz.ProxyAuthorizer;
import io.keygate.server.proxy.Proxy;
import io.keygate.server.ui.KeygateUi;
import io.keygate.server.wire.Bodies;
import io.keygate.server.wire.InFlightRequests;
import io.keygate.server.wire.Json;
import io.keygate.server.wire.Responses;
import io.keygate.server.wire.Routes;
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
    /** Bodies Keygate parses whole (its {@code /_security} APIs) are small: bounded apart, well below {@code http.max_content_length}. */
    public static final String API_MAX_CONTENT_LENGTH = "keygate.security.api.max_content_length";

    private final AuthenticationService authentication;
    private final AccessControl access;
    private final Routes<ApiHandler> api;
    private final InfoApi info;
    private final ProxyAuthorizer proxyAuthorizer;
    private final Proxy proxy;
    private final long maxContentLength;
    private final long maxApiContentLength;
    private final AuditTrail audit;
    private volatile KeygateUi ui;
    private volatile io.keygate.server.authc.ApiKeyUsage usage;
    private volatile io.keygate.server.authc.ApiKeyGuard guard;
    private volatile io.keygate.server.metrics.KeygateMetrics metrics;

    public HttpFrontend(AuthenticationService authentication, AccessControl access, Routes<ApiHandler> api, InfoApi info,
                        ProxyAuthorizer proxyAuthorizer, Proxy proxy, long maxContentLength, AuditTrail audit) {
        this(authentication, access, api, info, proxyAuthorizer, proxy, maxContentLength, maxContentLength, audit);
    }

    /** {@code maxApiContentLength}: the bound for bodies of Keygate's own APIs, which it parses whole. */
    public HttpFrontend(AuthenticationService authentication, AccessControl access, Routes<ApiHandler> api, InfoApi info,
                        ProxyAuthorizer proxyAuthorizer, Proxy proxy, long maxContentLength, long maxApiContentLength,
                        AuditTrail audit) {
        this.maxApiContentLength = Math.min(maxApiContentLength, maxContentLength);
        this.audit = audit;
        this.authentication = authentication;
        this.access = access;
        this.api = api;
        this.info = info;
        this.proxyAuthorizer = proxyAuthorizer;
        this.proxy = proxy;
        this.maxContentLength = maxContentLength;
        for (String route : api.describe()) { // every handler has its authorization rule, or Keygate does not start
            String[] mt = route.split(" ", 2);
            if (SecurityEndpoints.of(mt[0], mt[1]) == null) throw new IllegalStateException("no authorization rule for " + route);
        }
    }

    /** Where each request authenticated by an API key is counted (in memory; written in batches elsewhere). */
    public HttpFrontend usage(io.keygate.server.authc.ApiKeyUsage usage) {
        this.usage = usage;
        return this;
    }

    /** Counts and times every answer, and serves {@code /_keygate/metrics} to callers holding {@code monitor}. */
    public HttpFrontend metrics(io.keygate.server.metrics.KeygateMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /** Enforces each API key's allowed networks and rate limit ({@code metadata.keygate_guards}). */
    public HttpFrontend guard(io.keygate.server.authc.ApiKeyGuard guard) {
        this.guard = guard;
        return this;
    }

    private static String clientAddress(HttpServerRequest req) {
        var remote = req.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    /** Serves the web UI under {@code /_keygate} and accepts its session cookie on {@code /_security/*}. */
    public HttpFrontend ui(KeygateUi ui) {
        this.ui = ui;
        return this;
    }

    private void recordUse(HttpServerRequest req, io.keygate.core.authc.Authentication auth) {
        io.keygate.server.authc.ApiKeyUsage u = usage;
        if (u == null || !auth.isApiKey()) return;
        u.record(auth.apiKey().id(), System.currentTimeMillis(), clientAddress(req), req.getHeader("User-Agent"));
    }

    @Override
    public void handle(HttpServerRequest req) {
        req.pause();
        io.keygate.server.metrics.KeygateMetrics m = metrics;
        if (m != null) {
            long start = System.nanoTime();
            req.response().headersEndHandler(v -> m.requestDone(req.path(), req.response().getStatusCode(), System.nanoTime() - start));
        }
        try {
            String length = req.getHeader("content-length");
            if (length != null && parseLength(length) > maxContentLength) {
                // read and drop the body so the client gets to see the answer
                req.handler(chunk -> { }).resume();
                throw Bodies.tooLarge(maxContentLength);
            }
            KeygateUi ui = this.ui;
            if (ui != null && KeygateUi.owns(req.path()) && !(m != null && req.path().equals(io.keygate.server.metrics.KeygateMetrics.PATH))) {
                ui.handle(req); // static files and the login itself: before authentication
                return;
            }
            boolean session = ui != null && isSecurityApi(req.path()) && ui.presentsSession(req);
            (session ? ui.authenticate(req) : authentication.authenticate(req.getHeader("authorization"), req.uri()))
                    .onFailure(e -> {
                        if (e instanceof EsException es && es.status() == 401) audit.authenticationFailed(req, es);
                        Responses.error(req, e);
                    })
                    .onSuccess(auth -> {
                        recordUse(req, auth);
                        EsException refused = guard == null ? null : guard.check(auth, clientAddress(req));
                        if (refused != null) { // the key's allowed networks or rate limit
                            audit.accessDenied(req, auth, refused);
                            req.handler(chunk -> { }).resume(); // read and drop the body: the connection stays usable
                            Responses.error(req, refused);
                            return;
                        }
                        safely(() -> dispatch(req, auth)).onFailure(e -> {
                            if (e instanceof EsException es && es.status() == 403) audit.accessDenied(req, auth, es);
                            Responses.error(req, e);
                        });
                    });
        } catch (RuntimeException e) {
            Responses.error(req, e);
        }
    }

    /** A step that throws instead of failing its future still gets its answer: never a hung request. */
    private static Future<Void> safely(java.util.function.Supplier<Future<Void>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
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
        io.keygate.server.metrics.KeygateMetrics m = metrics;
        if (m != null && path.equals(io.keygate.server.metrics.KeygateMetrics.PATH)) {
            req.resume();
            if (req.method() != HttpMethod.GET) {
                req.response().putHeader("Allow", "GET");
                return Future.failedFuture(new EsException(405, "method_not_allowed",
                        "Incorrect HTTP method for uri [" + req.uri() + "] and method [" + req.method() + "], allowed: [GET]"));
            }
            return access.requireCluster(auth, io.keygate.server.metrics.KeygateMetrics.ACTION).map(v -> {
                req.response().putHeader("Content-Type", io.keygate.server.metrics.KeygateMetrics.CONTENT_TYPE).end(m.scrape());
                return null;
            });
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
        SecurityEndpoints.Endpoint endpoint = SecurityEndpoints.of(req.method().name(), match.template());
        if (endpoint == null) { // the start-up check makes this unreachable; fail closed all the same
            req.resume();
            return Future.failedFuture(EsException.forbidden("Keygate has no authorization rule for [" + match.template() + "]"));
        }
        // decided before the handler runs: a handler learns only how far the caller holds the action
        return access.roleOf(auth).compose(role -> {
            String target = match.pathParams().get("username");
            boolean self = target == null || target.equals(auth.username());
            if (auth.isApiKey() && endpoint.gate() == SecurityEndpoints.Gate.CLUSTER_OR_OWN_KEYS_OR_ITSELF) { // hook (shippers)
                String limitedBy = req.getParam("with_limited_by");
                self = auth.apiKey().id().equals(req.getParam("id")) && (limitedBy == null || limitedBy.equals("false"));
            }
            Role.ClusterAccess level;
            try {
                level = SecurityEndpoints.decide(AccessControl.subject(auth), role, endpoint, self);
            } catch (EsException e) {
                req.resume();
                return Future.failedFuture(e);
            }
            String limit = maxApiContentLength < maxContentLength ? API_MAX_CONTENT_LENGTH : Bodies.MAX_CONTENT_LENGTH;
            InFlightRequests.Reservation held = InFlightRequests.current().newReservation();
            return Bodies.read(req, maxApiContentLength, limit, held).compose(body -> {
                byte[] bytes = Bodies.copy(body, held);
                held.add(Bodies.parsedCost(bytes)); // 429 rather than an exhausted heap while parsing
                return match.handler().handle(new ApiRequest(req.method(), req.uri(), auth, match.pathParams(), req.params(),
                        Json.parseBody(bytes), level));
            });
        }).map(reply -> {
            Responses.json(req, reply.status(), reply.body());
            return null;
        });
    }
}
