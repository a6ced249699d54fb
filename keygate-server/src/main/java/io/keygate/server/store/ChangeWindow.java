package io.keygate.server.store;

import java.util.HashMap;
import java.util.Map;

/**
 * Which security-index changes a poll of the {@link ChangeFeed} delivers, and from when the next poll reads. Every poll
 * reads back {@code overlapMillis} before the newer of the last delivered change and the last poll's start, so a change
 * written with a clock behind ours, or made visible late by a refresh, is not missed; a change read again in that overlap
 * is not delivered twice. What was delivered is remembered only while a poll can still return it.
 *
 * <p>Before, the window moved only with newer changes: on a quiet security index the last change stayed in every poll's
 * window, and once its "seen" entry expired it was delivered again every few seconds, each time evicting its user from
 * the cache (a user under load then paid a bcrypt check per connection: half-second stalls).
 */
final class ChangeWindow {
    private final long overlapMillis;
    private long watermark;
    /** id@changed_time → changed_time of what was delivered and can still be read by the next poll. */
    private final Map<String, Long> delivered = new HashMap<>();

    ChangeWindow(long startMillis, long overlapMillis) {
        this.watermark = startMillis;
        this.overlapMillis = overlapMillis;
    }

    /** The oldest {@code changed_time} the next poll reads. */
    synchronized long from() {
        return watermark - overlapMillis;
    }

    /** True the first time a change (a document id at a changed time) is offered: deliver it; false afterwards. */
    synchronized boolean firstTime(String id, long changedTime) {
        watermark = Math.max(watermark, changedTime);
        return delivered.putIfAbsent(id + '@' + changedTime, changedTime) == null;
    }

    /** A poll that started at {@code startedMillis} was read whole: later polls need not read much before it. */
    synchronized void polled(long startedMillis) {
        watermark = Math.max(watermark, startedMillis);
        long from = watermark - overlapMillis;
        delivered.values().removeIf(changedTime -> changedTime < from);
    }

    synchronized int remembered() {
        return delivered.size();
    }
}
