package io.keygate.server.store;

import io.vertx.core.Future;

/** Where the web UI's sessions are kept, by key (a hash of the session id): {@link SessionStore} in the security index. */
public interface Sessions {

    /**
     * A stored session: whose, the user's version when it began (a later change to the user ends it), its
     * CSRF token, and when it began and was last used (epoch ms).
     */
    record StoredSession(String username, long userVersion, String csrfToken, long created, long lastAccess) {}

    Future<StoredSession> get(String key);

    Future<Void> put(String key, StoredSession session);

    Future<Void> delete(String key);

    /** Removes sessions unused since {@code idleBefore} or begun before {@code createdBefore} (epoch ms); how many went. */
    Future<Long> purge(long idleBefore, long createdBefore);
}
