package io.keygate.server.audit;

import io.keygate.core.authc.Authentication;
import io.keygate.core.error.EsException;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit log: one ECS JSON event per decision that matters (authentication failed, access
 * denied, API key created, invalidated, rotated or expired), written by the {@code keygate.audit} logger to its own
 * rotated file. Events name who, what and from where; never a secret or a credential.
 */
public final class AuditTrail {
    private static final Logger AUDIT = LoggerFactory.getLogger("keygate.audit");

    public void authenticationFailed(HttpServerRequest req, EsException failure) {
        Map<String, String> fields = request(req);
        fields.put("event.action", "authentication_failed");
        fields.put("event.outcome", "failure");
        String scheme = scheme(req.getHeader("authorization"));
        if (scheme != null) fields.put("keygate.credentials", scheme);
        emit(fields, failure.reason());
    }

    public void accessDenied(HttpServerRequest req, Authentication auth, EsException denial) {
        Map<String, String> fields = request(req);
        fields.put("event.action", "access_denied");
        fields.put("event.outcome", "failure");
        subject(fields, auth);
        emit(fields, denial.reason());
    }

    /** One refused item of a request that was otherwise served (a bulk item), with the item's action and index. */
    public void accessDenied(HttpServerRequest req, Authentication auth, EsException denial, String action, String index) {
        Map<String, String> fields = request(req);
        fields.put("event.action", "access_denied");
        fields.put("event.outcome", "failure");
        subject(fields, auth);
        fields.put("keygate.authz.action", action);
        fields.put("keygate.authz.indices", index);
        emit(fields, denial.reason());
    }

    /** A principal (username, or {@code api_key:<id>}) failed too often and is refused for a while. */
    public void authenticationLocked(String principal, int failures, java.time.Duration duration) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event.category", "authentication");
        fields.put("event.action", "authentication_locked");
        fields.put("event.outcome", "failure");
        if (principal.startsWith("api_key:")) fields.put("keygate.api_key.id", principal.substring("api_key:".length()));
        else fields.put("user.name", principal);
        emit(fields, "[" + principal + "] failed to authenticate " + failures + " times in a row; refused for " + duration);
    }

    public void apiKeyEvent(String action, Authentication auth, String keyId, String keyName) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event.action", action);
        fields.put("event.outcome", "success");
        subject(fields, auth);
        fields.put("keygate.api_key.target.id", keyId);
        if (keyName != null) fields.put("keygate.api_key.target.name", keyName);
        emit(fields, action + " [" + keyId + "]");
    }

    /**
     * Who used a key from where: one event per key per usage record written (at most one per flush interval and node),
     * with the requests it covers and the last one's client address and user agent.
     */
    public void apiKeyUsed(String keyId, long requests, String address, String userAgent) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event.action", "api_key_used");
        fields.put("event.outcome", "success");
        fields.put("keygate.api_key.id", keyId);
        fields.put("keygate.api_key.requests", Long.toString(requests));
        if (address != null) fields.put("source.ip", address);
        if (userAgent != null) fields.put("user_agent.original", userAgent);
        emit(fields, "api key [" + keyId + "] made " + requests + " requests, the last from [" + address + "]");
    }

    /**
     * An API key's expiration passed (noted once per key by each node that saw it happen): the key, its owner as
     * {@code user.name} and {@code keygate.realm}, and when it expired.
     */
    public void apiKeyExpired(io.keygate.core.apikey.ApiKey key) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event.category", "iam");
        fields.put("event.action", "api_key_expired");
        fields.put("event.outcome", "unknown"); // ECS: neither a success nor a failure of anything
        fields.put("user.name", key.owner().username());
        fields.put("keygate.realm", key.owner().realm());
        fields.put("keygate.api_key.id", key.id());
        if (key.name() != null) fields.put("keygate.api_key.name", key.name());
        fields.put("keygate.api_key.expiration", key.expiration().toString());
        emit(fields, "api key [" + key.id() + "] of [" + key.owner().username() + "] expired at [" + key.expiration() + "]");
    }

    private static Map<String, String> request(HttpServerRequest req) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event.category", "authentication");
        fields.put("http.request.method", req.method().name());
        fields.put("url.path", req.path());
        if (req.remoteAddress() != null) fields.put("source.ip", req.remoteAddress().hostAddress());
        String opaqueId = req.getHeader("X-Opaque-Id");
        if (opaqueId != null) fields.put("http.request.id", opaqueId);
        return fields;
    }

    private static void subject(Map<String, String> fields, Authentication auth) {
        if (auth == null) return;
        fields.put("user.name", auth.username());
        fields.put("keygate.realm", auth.realm().name());
        if (auth.isApiKey()) {
            fields.put("keygate.api_key.id", auth.apiKey().id());
            if (auth.apiKey().name() != null) fields.put("keygate.api_key.name", auth.apiKey().name());
        }
    }

    /** The scheme only: the credential itself never reaches the log. */
    private static String scheme(String authorization) {
        if (authorization == null || authorization.isBlank()) return null;
        int space = authorization.indexOf(' ');
        return space < 0 ? "unknown" : authorization.substring(0, space);
    }

    private static void emit(Map<String, String> fields, String message) {
        fields.forEach(MDC::put);
        try {
            AUDIT.info(message);
        } finally {
            fields.keySet().forEach(MDC::remove);
        }
    }
}
