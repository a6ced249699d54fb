package io.keygate.server.ui;

import io.keygate.server.store.Sessions;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Session lifetimes and ids, over an in-memory store (the security index's is exercised by the UI ITs). */
class UiSessionsTest {
    private final Map<String, Sessions.StoredSession> stored = new HashMap<>();
    private Instant now = Instant.parse("2026-11-30T10:00:00Z");
    private final UiSessions sessions = new UiSessions(new MapSessions(), Duration.ofMinutes(30), Duration.ofHours(8),
            new Clock() {
                @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
                @Override public Clock withZone(java.time.ZoneId zone) { return this; }
                @Override public Instant instant() { return now; }
            });

    private final class MapSessions implements Sessions {
        @Override public Future<StoredSession> get(String key) { return Future.succeededFuture(stored.get(key)); }
        @Override public Future<Void> put(String key, StoredSession s) { stored.put(key, s); return Future.succeededFuture(); }
        @Override public Future<Void> delete(String key) { stored.remove(key); return Future.succeededFuture(); }
        @Override public Future<Long> purge(long idleBefore, long createdBefore) {
            long before = stored.size();
            stored.values().removeIf(s -> s.lastAccess() < idleBefore || s.created() < createdBefore);
            return Future.succeededFuture(before - stored.size());
        }
    }

    private UiSessions.Session find(String id) {
        return sessions.find(id).result();
    }

    @Test
    void aNewSessionIsFoundByItsIdAndCarriesItsOwnCsrfTokenAndUserVersion() {
        UiSessions.Created c = sessions.create("alice", 42).result();
        assertThat(find(c.id()).username()).isEqualTo("alice");
        assertThat(find(c.id()).userVersion()).isEqualTo(42);
        assertThat(UiSessions.csrfMatches(find(c.id()), c.session().csrfToken())).isTrue();
        assertThat(UiSessions.csrfMatches(find(c.id()), c.session().csrfToken() + "x")).isFalse();
        assertThat(stored).doesNotContainKey(c.id()); // only a hash of the id is stored
    }

    @Test
    void idsAndTokensAreNeverReused() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            UiSessions.Created c = sessions.create("alice", 1).result();
            assertThat(seen.add(c.id())).isTrue();
            assertThat(seen.add(c.session().csrfToken())).isTrue();
        }
    }

    @Test
    void unknownOrOddIdsFindNothing() {
        assertThat(find(null)).isNull();
        assertThat(find("")).isNull();
        assertThat(find("x".repeat(101))).isNull();
        assertThat(find("no-such-session")).isNull();
    }

    @Test
    void anIdleSessionEndsAndAUsedOneLives() {
        UiSessions.Created idle = sessions.create("alice", 1).result();
        UiSessions.Created used = sessions.create("bob", 1).result();
        for (int i = 0; i < 4; i++) {
            now = now.plus(Duration.ofMinutes(10));
            assertThat(find(used.id())).isNotNull();
        }
        assertThat(find(idle.id())).isNull();
        assertThat(stored).hasSize(1);
    }

    @Test
    void aBusySessionEndsAfterItsLifetime() {
        UiSessions.Created c = sessions.create("alice", 1).result();
        for (int i = 0; i < 47; i++) {
            now = now.plus(Duration.ofMinutes(10));
            assertThat(find(c.id())).isNotNull();
        }
        now = now.plus(Duration.ofMinutes(11));
        assertThat(find(c.id())).isNull();
    }

    @Test
    void logoutRemovesTheSession() {
        UiSessions.Created c = sessions.create("alice", 1).result();
        sessions.remove(c.id());
        assertThat(find(c.id())).isNull();
    }

    @Test
    void sessionsThatEndedWithoutALogoutArePurged() {
        sessions.create("alice", 1);
        now = now.plus(Duration.ofMinutes(31));
        sessions.create("bob", 1);
        assertThat(sessions.purge().result()).isEqualTo(1);
        assertThat(stored).hasSize(1);
    }
}
