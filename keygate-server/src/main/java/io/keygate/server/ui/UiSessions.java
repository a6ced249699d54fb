package io.keygate.server.ui;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The web UI's server-side sessions: a bounded, in-memory store with an idle timeout and an absolute
 * lifetime. The session id (the cookie's value) is 256 random bits; the store keys sessions by its
 * SHA-256, so the id itself is held only by the browser. Each session carries its own CSRF token.
 */
public final class UiSessions {

    /** A logged-in UI user. The user's roles are looked up again on every request, never cached here. */
    public record Session(String username, String csrfToken, long createdNanos) {}

    /** A new session: the cookie value (shown once, to the browser) and what the store keeps. */
    public record Created(String id, Session session) {}

    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

    private final Cache<String, Session> sessions;
    private final Ticker ticker;
    private final long lifetimeNanos;
    private final SecureRandom random = new SecureRandom();

    public UiSessions(int maxSessions, Duration idleTimeout, Duration lifetime) {
        this(maxSessions, idleTimeout, lifetime, Ticker.systemTicker());
    }

    UiSessions(int maxSessions, Duration idleTimeout, Duration lifetime, Ticker ticker) {
        this.ticker = ticker;
        this.lifetimeNanos = lifetime.toNanos();
        this.sessions = Caffeine.newBuilder().maximumSize(maxSessions).expireAfterAccess(idleTimeout).ticker(ticker).build();
    }

    public Created create(String username) {
        String id = token();
        Session session = new Session(username, token(), ticker.read());
        sessions.put(key(id), session);
        return new Created(id, session);
    }

    /** The live session for a cookie value, or null (unknown, idle too long, or past its lifetime). */
    public Session find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) return null;
        String key = key(id);
        Session s = sessions.getIfPresent(key);
        if (s != null && ticker.read() - s.createdNanos() > lifetimeNanos) {
            sessions.invalidate(key);
            return null;
        }
        return s;
    }

    public void remove(String id) {
        if (id != null && !id.isEmpty() && id.length() <= 100) sessions.invalidate(key(id));
    }

    /** Constant-time comparison of the token a request sent with the session's. */
    public static boolean csrfMatches(Session session, String sent) {
        if (sent == null) return false;
        return MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII));
    }

    long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN.encodeToString(bytes);
    }

    private static String key(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
