package io.keygate.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;

/**
 * The web UI's sessions, kept in the security index so that any Keygate node serves them (no sticky
 * sessions behind a load balancer). A document per session, its id derived from a hash of the session's
 * id (the cookie's value, which only the browser holds).
 */
public final class SessionStore implements Sessions {
    private static final String PREFIX = "session-";
    static final String DOC_TYPE = "ui_session";

    private final SecurityIndex index;

    public SessionStore(SecurityIndex index) {
        this.index = index;
    }

    public static boolean isSession(String docId) {
        return docId.startsWith(PREFIX);
    }

    @Override
    public Future<StoredSession> get(String key) {
        return index.get(PREFIX + key).map(doc -> doc == null || !DOC_TYPE.equals(doc.path("doc_type").asText()) ? null
                : new StoredSession(doc.path("username").asText(), doc.path("user_version").asLong(),
                doc.path("csrf_token").asText(), doc.path("created").asLong(), doc.path("last_access").asLong()));
    }

    /** Stores a new session; visible to every node as soon as this answers (a get by id is real-time). */
    @Override
    public Future<Void> put(String key, StoredSession s) {
        ObjectNode doc = Json.object().put("doc_type", DOC_TYPE).put("username", s.username()).put("user_version", s.userVersion())
                .put("csrf_token", s.csrfToken()).put("created", s.created()).put("last_access", s.lastAccess());
        return index.put(PREFIX + key, doc, false, "false").mapEmpty();
    }

    @Override
    public Future<Void> delete(String key) {
        return index.delete(PREFIX + key, "false").mapEmpty();
    }

    @Override
    public Future<Long> purge(long idleBefore, long createdBefore) {
        ObjectNode query = Json.object();
        ObjectNode bool = query.putObject("bool");
        bool.putArray("filter").addObject().putObject("term").put("doc_type", DOC_TYPE);
        var should = bool.putArray("should");
        should.addObject().putObject("range").putObject("last_access").put("lt", idleBefore);
        should.addObject().putObject("range").putObject("created").put("lt", createdBefore);
        bool.put("minimum_should_match", 1);
        return index.deleteMatching(query);
    }

}
