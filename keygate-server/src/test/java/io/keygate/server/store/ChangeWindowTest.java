package io.keygate.server.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeWindowTest {

    @Test
    void aChangeIsDeliveredOnceHoweverOftenPollsReadItAgain() {
        ChangeWindow window = new ChangeWindow(10_000, 5_000);
        assertThat(window.firstTime("reserved-user-elastic", 9_000)).isTrue();
        // a quiet index: poll after poll reads the same last change, for far longer than the overlap
        for (long now = 10_250; now < 60_000; now += 250) {
            if (9_000 >= window.from()) assertThat(window.firstTime("reserved-user-elastic", 9_000)).isFalse();
            window.polled(now);
        }
        assertThat(window.from()).isGreaterThan(9_000); // it has left the window: no poll reads it any more
        assertThat(window.remembered()).isZero();
    }

    @Test
    void theWindowLooksBackTheOverlapBeforeTheLastPollSoALateOrSkewedChangeIsRead() {
        ChangeWindow window = new ChangeWindow(10_000, 5_000);
        window.polled(20_000);
        assertThat(window.from()).isEqualTo(15_000);
        // written by a node whose clock is 3 s behind, made visible after the poll at 20 s
        assertThat(window.firstTime("api-key-1", 17_500)).isTrue();
        assertThat(window.firstTime("api-key-1", 17_500)).isFalse();
        // the same document changed again is a new change
        assertThat(window.firstTime("api-key-1", 21_000)).isTrue();
    }

    @Test
    void onlyWhatAPollCanStillReturnIsRemembered() {
        ChangeWindow window = new ChangeWindow(0, 5_000);
        for (int i = 0; i < 1_000; i++) window.firstTime("key-" + i, 1_000);
        window.firstTime("late", 5_000);
        window.polled(5_500);
        assertThat(window.remembered()).isEqualTo(1_001); // the next poll reads from 0.5 s: all still readable
        window.polled(9_000);
        assertThat(window.remembered()).isEqualTo(1); // from 4 s: only "late"
    }
}
