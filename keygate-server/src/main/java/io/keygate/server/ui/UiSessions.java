package io.keygate.server.ui;

import io.keygate.server.store.Sessions;
import io.keygate.server.store.Sessions.StoredSession;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The web UI's sessions, with an idle timeout and an absolute lifetime, stored in the security index
 * ({@link io.keygate.server.store.SessionStore}) so that every Keygate node serves them and a logout on one ends them on all.
 * The session id (the cookie's value) is 256 random bits; the store keys sessions by its SHA-256, so the
 * id itself is held only by the browser. Each session carries its own CSRF token and the version of its
 * user at login: any later change to the user (password, roles, enabled, deleted) ends it.
 */
public final class UiSessions {

    /** A logged-in UI user. The user's roles are looked up again on every request, never cached here. */
    public record Session(String username, long userVersion, String csrfToken, long created, long lastAccess) {}

    /** A new session: the cookie value (shown once, to the browser) and what the store keeps. */
    public record Created(String id, Session session) {}

    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

    private final Sessions store;
    private final Clock clock;
    private final long idleMillis;
    private final long lifetimeMillis;
    /** How stale {@code last_access} may get before a use writes it again: a UI click is not a write each time. */
    private final long touchEveryMillis;
    private final SecureRandom random = new SecureRandom();

    public UiSessions(Sessions store, Duration idleTimeout, Duration lifetime, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.idleMillis = idleTimeout.toMillis();
        this.lifetimeMillis = lifetime.toMillis();
        this.touchEveryMillis = Math.max(1_000, idleMillis / 10);
    }

    public Future<Created> create(String username, long userVersion) {
        String id = token();
        long now = clock.millis();
        Session session = new Session(username, userVersion, token(), now, now);
        return store.put(key(id), stored(session)).map(v -> new Created(id, session));
    }

    /** The live session for a cookie value, or null (unknown, idle too long, or past its lifetime). */
    public Future<Session> find(String id) {
        if (!plausible(id)) return Future.succeededFuture(null);
        String key = key(id);
        return store.get(key).compose(s -> {
            if (s == null) return Future.succeededFuture(null);
            long now = clock.millis();
            if (now - s.lastAccess() > idleMillis || now - s.created() > lifetimeMillis) {
                return store.delete(key).map((Session) null);
            }
            Session session = new Session(s.username(), s.userVersion(), s.csrfToken(), s.created(), s.lastAccess());
            if (now - s.lastAccess() >= touchEveryMillis) {
                Session touched = new Session(s.username(), s.userVersion(), s.csrfToken(), s.created(), now);
                store.put(key, stored(touched)); // best effort: a failed touch only shortens the idle time left
            }
            return Future.succeededFuture(session);
        });
    }

    public Future<Void> remove(String id) {
        return plausible(id) ? store.delete(key(id)) : Future.succeededFuture();
    }

    /** Forgets sessions that ended without a logout (idle or past their lifetime); how many went. */
    public Future<Long> purge() {
        long now = clock.millis();
        return store.purge(now - idleMillis, now - lifetimeMillis);
    }

    /** Constant-time comparison of the token a request sent with the session's. */
    public static boolean csrfMatches(Session session, String sent) {
        if (sent == null) return false;
        return MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean plausible(String id) {
        return id != null && !id.isEmpty() && id.length() <= 100;
    }

    private static StoredSession stored(Session s) {
        return new StoredSession(s.username(), s.userVersion(), s.csrfToken(), s.created(), s.lastAccess());
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN.encodeToString(bytes);
    }

    static String key(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
