package io.keygate.server.ui;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UiSessionsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final UiSessions sessions = new UiSessions(3, Duration.ofMinutes(30), Duration.ofHours(8), now::get);

    @Test
    void aNewSessionIsFoundByItsIdAndCarriesItsOwnCsrfToken() {
        UiSessions.Created c = sessions.create("alice");
        assertThat(c.id()).hasSize(43).matches("[A-Za-z0-9_-]+"); // 256 bits, URL-safe
        assertThat(sessions.find(c.id())).isEqualTo(c.session());
        assertThat(c.session().csrfToken()).isNotEqualTo(c.id()).hasSize(43);
        assertThat(UiSessions.csrfMatches(c.session(), c.session().csrfToken())).isTrue();
        assertThat(UiSessions.csrfMatches(c.session(), c.session().csrfToken() + "x")).isFalse();
        assertThat(UiSessions.csrfMatches(c.session(), "")).isFalse();
        assertThat(UiSessions.csrfMatches(c.session(), null)).isFalse();
    }

    @Test
    void idsAndTokensAreNeverReused() {
        Set<String> seen = new HashSet<>();
        UiSessions big = new UiSessions(10_000, Duration.ofMinutes(1), Duration.ofHours(1));
        for (int i = 0; i < 1000; i++) {
            UiSessions.Created c = big.create("u");
            assertThat(seen.add(c.id())).isTrue();
            assertThat(seen.add(c.session().csrfToken())).isTrue();
        }
    }

    @Test
    void unknownOrOddIdsFindNothing() {
        sessions.create("alice");
        assertThat(sessions.find(null)).isNull();
        assertThat(sessions.find("")).isNull();
        assertThat(sessions.find("nope")).isNull();
        assertThat(sessions.find("x".repeat(10_000))).isNull();
    }

    @Test
    void anIdleSessionEnds() {
        UiSessions.Created c = sessions.create("alice");
        now.addAndGet(Duration.ofMinutes(29).toNanos());
        assertThat(sessions.find(c.id())).isNotNull(); // touched: idle time starts again
        now.addAndGet(Duration.ofMinutes(29).toNanos());
        assertThat(sessions.find(c.id())).isNotNull();
        now.addAndGet(Duration.ofMinutes(31).toNanos());
        assertThat(sessions.find(c.id())).isNull();
    }

    @Test
    void aBusySessionEndsAfterItsLifetime() {
        UiSessions.Created c = sessions.create("alice");
        for (int i = 0; i < 16; i++) {
            now.addAndGet(Duration.ofMinutes(29).toNanos());
            assertThat(sessions.find(c.id())).as("after %d × 29 min", i + 1).isNotNull();
        }
        now.addAndGet(Duration.ofMinutes(29).toNanos()); // 8 h 13 min after login
        assertThat(sessions.find(c.id())).isNull();
    }

    @Test
    void logoutRemovesTheSession() {
        UiSessions.Created c = sessions.create("alice");
        sessions.remove(c.id());
        assertThat(sessions.find(c.id())).isNull();
        sessions.remove(null); // harmless
        sessions.remove("unknown");
    }

    @Test
    void theStoreIsBounded() {
        for (int i = 0; i < 50; i++) sessions.create("user" + i);
        assertThat(sessions.size()).isLessThanOrEqualTo(3);
    }
}
