package io.keygate.core.apikey;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryNotesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static ApiKey key(String id, Instant expiration) {
        return key(id, expiration, null);
    }

    private static ApiKey key(String id, Instant expiration, Instant invalidation) {
        return new ApiKey(id, "name-" + id, null, T0.minusSeconds(3600), expiration, invalidation != null, invalidation,
                new ApiKey.Owner("alice", "native", "native", null, null, null), null, null, null);
    }

    private static List<String> ids(List<ApiKey> keys) {
        return keys.stream().map(ApiKey::id).toList();
    }

    @Test
    void eachKeyIsNotedOnceWhenItsExpirationPasses() {
        ExpiryNotes notes = new ExpiryNotes(t(0), Duration.ofSeconds(30));
        assertThat(notes.from()).isEqualTo(t(0));
        // found by one check, found again by the next ones (the window overlaps): noted once
        assertThat(ids(notes.observe(List.of(key("a", t(5))), t(10)))).containsExactly("a");
        assertThat(ids(notes.observe(List.of(key("a", t(5))), t(20)))).isEmpty();
        assertThat(ids(notes.observe(List.of(key("a", t(5)), key("b", t(25))), t(30)))).containsExactly("b");
        // the window: 30 s before the last check, never before the start
        assertThat(notes.from()).isEqualTo(t(0));
        notes.observe(List.of(), t(100));
        assertThat(notes.from()).isEqualTo(t(70));
    }

    @Test
    void whatIsNotNoted() {
        ExpiryNotes notes = new ExpiryNotes(t(100), Duration.ofSeconds(30));
        List<ApiKey> found = List.of(
                key("before-start", t(99)),         // expired before the node started
                key("at-start", t(100)),            // the window's start is exclusive
                key("not-yet", t(131)),             // a store's answer may hold keys that expire later
                key("never", null),
                key("invalidated-first", t(110), t(105)),  // ended by invalidation, not expiry
                key("invalidated-then", t(110), t(120)),   // expired, then invalidated: an expiry
                key("due", t(130)));                // expired at the millisecond of its expiration
        assertThat(ids(notes.observe(found, t(130)))).containsExactly("invalidated-then", "due");
        assertThat(ids(notes.observe(found, t(140)))).containsExactly("not-yet");
    }

    @Test
    void aLateKeyInsideTheOverlapIsStillNotedAndANewExpirationAgain() {
        ExpiryNotes notes = new ExpiryNotes(t(0), Duration.ofSeconds(30));
        assertThat(notes.observe(List.of(), t(10))).isEmpty();            // the key was not searchable yet
        assertThat(ids(notes.observe(List.of(key("late", t(9))), t(20)))).containsExactly("late");
        // updated to a later expiration, which passes too
        assertThat(ids(notes.observe(List.of(key("late", t(25))), t(30)))).containsExactly("late");
        // a key older than the window is forgotten and would not be asked for any more
        notes.observe(List.of(), t(100));
        assertThat(ids(notes.observe(List.of(key("old", t(60))), t(101)))).isEmpty();
    }
}
