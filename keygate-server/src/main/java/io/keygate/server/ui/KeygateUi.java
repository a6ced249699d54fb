package io.keygate.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.authc.Authentication;
import io.keygate.core.error.EsException;
import io.keygate.server.audit.AuditTrail;
import io.keygate.server.authc.AuthenticationService;
import io.keygate.server.wire.Bodies;
import io.keygate.server.wire.Json;
import io.keygate.server.wire.Responses;
import io.keygate.server.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code /_keygate/*}: the web UI's static files and its login session, served before authentication.
 * A session is only a way to authenticate: the UI does everything else through Keygate's public
 * {@code /_security/*} APIs, and {@link #authenticate} turns its cookie into the user's
 * {@link Authentication} for those calls, with a CSRF token required on every call that is not a read.
 */
public final class KeygateUi {
    public static final String PREFIX = "/_keygate";
    public static final String UI = PREFIX + "/ui/";
    public static final String SESSION = PREFIX + "/session";
    public static final String COOKIE = "keygate_session";
    public static final String CSRF_HEADER = "X-Keygate-CSRF";
    private static final long MAX_LOGIN_BODY = 16 * 1024;

    // The pages load nothing but their own files and talk to nothing but Keygate.
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final UiSessions sessions;
    private final AuthenticationService authentication;
    private final UserStore users;
    private final AuditTrail audit;
    private final UiAssets assets = new UiAssets();

    public KeygateUi(UiSessions sessions, AuthenticationService authentication, UserStore users, AuditTrail audit) {
        this.sessions = sessions;
        this.authentication = authentication;
        this.users = users;
        this.audit = audit;
    }

    public static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** Serves a request under {@code /_keygate}; no credentials needed (login is here). */
    public void handle(HttpServerRequest req) {
        String path = req.path();
        HttpMethod method = req.method();
        HttpServerResponse resp = req.response();
        securityHeaders(resp);
        if (path.equals(SESSION)) {
            if (method == HttpMethod.POST) {
                login(req);
            } else if (method == HttpMethod.GET) {
                req.resume();
                current(req);
            } else if (method == HttpMethod.DELETE) {
                req.resume();
                logout(req);
            } else {
                req.resume();
                resp.putHeader("Allow", "GET,POST,DELETE");
                Responses.error(req, new EsException(405, "method_not_allowed",
                        "Incorrect HTTP method for uri [" + req.uri() + "] and method [" + method + "], allowed: [GET, POST, DELETE]"));
            }
            return;
        }
        req.resume();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            Responses.error(req, new EsException(405, "method_not_allowed",
                    "Incorrect HTTP method for uri [" + req.uri() + "] and method [" + method + "], allowed: [GET, HEAD]"));
            return;
        }
        if (path.equals(PREFIX) || path.equals(PREFIX + "/") || path.equals(PREFIX + "/ui")) {
            resp.setStatusCode(302).putHeader("Location", UI).end();
            return;
        }
        if (path.startsWith(UI)) {
            var asset = assets.get(path.substring(UI.length()));
            if (asset.isPresent()) {
                resp.putHeader("Content-Type", asset.get().contentType()).putHeader("Cache-Control", "no-cache");
                if (method == HttpMethod.HEAD) {
                    resp.putHeader("Content-Length", String.valueOf(asset.get().body().length())).end();
                } else {
                    resp.end(asset.get().body());
                }
                return;
            }
        }
        Responses.error(req, EsException.notFound("resource_not_found_exception", "no such UI resource [" + path + "]"));
    }

    /** True when a request brings no {@code Authorization} header but a UI session cookie. */
    public boolean presentsSession(HttpServerRequest req) {
        String authorization = req.getHeader("authorization");
        return (authorization == null || authorization.isBlank()) && req.getCookie(COOKIE) != null;
    }

    /**
     * The session's user, looked up afresh: a session ends at once, on every node, when its user was deleted,
     * disabled or changed in any way (password, roles) since the login. Anything but GET and HEAD must carry
     * the session's CSRF token, or it is refused with 403.
     */
    public Future<Authentication> authenticate(HttpServerRequest req) {
        return session(req).map(live -> live.authentication());
    }

    /** A live session and its user's authentication. */
    private record Live(UiSessions.Session session, Authentication authentication) {}

    private Future<Live> session(HttpServerRequest req) {
        Cookie cookie = req.getCookie(COOKIE);
        if (cookie == null) return Future.failedFuture(sessionEnded());
        String id = cookie.getValue();
        return sessions.find(id).compose(session -> {
            if (session == null) return Future.failedFuture(sessionEnded());
            if (!safe(req.method()) && !UiSessions.csrfMatches(session, req.getHeader(CSRF_HEADER))) {
                return Future.failedFuture(csrfMissing());
            }
            return users.get(session.username()).compose(stored -> {
                if (stored == null || !stored.user().enabled() || stored.version() != session.userVersion()) {
                    return sessions.remove(id).transform(ignored -> Future.failedFuture(sessionEnded()));
                }
                return Future.succeededFuture(new Live(session, Authentication.ofUser(stored.user(), stored.realm())));
            });
        });
    }

    private void login(HttpServerRequest req) {
        String contentType = req.getHeader("content-type");
        // JSON only: a cross-site HTML form cannot send it without a CORS preflight, which Keygate never grants.
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            req.resume();
            Responses.error(req, EsException.badRequest("illegal_argument_exception",
                    "a login must be sent as application/json: {\"username\":…,\"password\":…}"));
            return;
        }
        Bodies.read(req, MAX_LOGIN_BODY).compose(body -> {
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(body.getBytes());
            } catch (IOException e) {
                json = null; // the parser's message may quote the password: say nothing of it
            }
            String username = json != null ? text(json, "username") : null;
            String password = json != null ? text(json, "password") : null;
            if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
                return Future.failedFuture(EsException.validation(java.util.List.of("username and password are required")));
            }
            char[] chars = password.toCharArray();
            return authentication.password(username, chars, req.uri())
                    .andThen(r -> Arrays.fill(chars, '\0'))
                    .recover(e -> {
                        if (e instanceof EsException es && es.status() == 401) {
                            audit.authenticationFailed(req, es);
                            // no WWW-Authenticate challenge: it would make the browser open its own login box
                            return Future.failedFuture(EsException.security(401, es.reason()));
                        }
                        return Future.failedFuture(e);
                    });
        }).compose(auth -> users.get(auth.username()).compose(stored -> {
            // the session remembers the user as it is now: any change to it later ends the session
            if (stored == null) return Future.failedFuture(sessionEnded());
            Cookie old = req.getCookie(COOKIE);
            Future<Void> replaced = old == null ? Future.succeededFuture() : sessions.remove(old.getValue());
            return replaced.compose(v -> sessions.create(auth.username(), stored.version())).map(created -> {
                req.response().addCookie(cookie(req, created.id()));
                Responses.json(req, 200, describe(auth, created.session()));
                return null;
            });
        })).onFailure(e -> Responses.error(req, e));
    }

    private void current(HttpServerRequest req) {
        session(req).onSuccess(live -> Responses.json(req, 200, describe(live.authentication(), live.session())))
                .onFailure(e -> Responses.error(req, e));
    }

    private void logout(HttpServerRequest req) {
        Cookie cookie = req.getCookie(COOKIE);
        Future<UiSessions.Session> found = cookie == null ? Future.succeededFuture() : sessions.find(cookie.getValue());
        found.compose(session -> {
            if (session == null) return Future.succeededFuture(false);
            if (!UiSessions.csrfMatches(session, req.getHeader(CSRF_HEADER))) return Future.failedFuture(csrfMissing());
            return sessions.remove(cookie.getValue()).map(true);
        }).onSuccess(ended -> {
            req.response().addCookie(cookie(req, "").setMaxAge(0));
            Responses.json(req, 200, Json.object().put("logged_out", ended));
        }).onFailure(e -> Responses.error(req, e));
    }

    private static ObjectNode describe(Authentication auth, UiSessions.Session session) {
        ObjectNode body = Json.object();
        body.put("username", auth.username());
        body.put("full_name", auth.user().fullName());
        body.set("roles", Json.MAPPER.valueToTree(auth.user().roles()));
        body.putObject("authentication_realm").put("name", auth.realm().name()).put("type", auth.realm().type());
        body.put("csrf_token", session.csrfToken());
        return body;
    }

    private static Cookie cookie(HttpServerRequest req, String value) {
        return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(req.isSSL());
    }

    private static void securityHeaders(HttpServerResponse resp) {
        resp.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
    }

    private static boolean safe(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD;
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static EsException sessionEnded() {
        return EsException.security(401, "the UI session has ended or is unknown; log in again");
    }

    private static EsException csrfMissing() {
        return EsException.forbidden("a request made with a UI session cookie that changes state must carry the session's ["
                + CSRF_HEADER + "] header");
    }
}
