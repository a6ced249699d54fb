package io.keygate.server.wire;

import io.keygate.core.error.EsException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Elasticsearch's {@code in_flight_requests} circuit breaker: the bytes of request bodies that Keygate holds
 * in memory at once, across all requests, bounded by {@code network.breaker.inflight_requests.limit}. A body
 * that would take the total past the limit is refused with 429 {@code circuit_breaking_exception} before
 * more of it is read; its bytes are released when its answer has gone out.
 *
 * <p>One per Vert.x instance (a node), kept in the instance's local shared data so that
 * {@link Bodies#read} finds it from the event loop it runs on.
 */
public final class InFlightRequests implements Shareable {
    public static final String LIMIT_SETTING = "network.breaker.inflight_requests.limit";
    private static final String MAP = "keygate.http", KEY = "in_flight_requests";
    /** No node installed one (unit use): nothing is bounded but {@code http.max_content_length}. */
    private static final InFlightRequests UNBOUNDED = new InFlightRequests(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong tripped = new AtomicLong();

    public InFlightRequests(long limit) {
        this.limit = limit;
    }

    /** Makes {@code breaker} the one {@link Bodies#read} uses on {@code vertx}'s threads. */
    public static InFlightRequests install(Vertx vertx, InFlightRequests breaker) {
        vertx.sharedData().getLocalMap(MAP).put(KEY, breaker);
        return breaker;
    }

    /** The breaker of the node whose event loop calls this. */
    public static InFlightRequests current() {
        Context context = Vertx.currentContext();
        if (context == null) return UNBOUNDED;
        Object breaker = context.owner().sharedData().getLocalMap(MAP).get(KEY);
        return breaker instanceof InFlightRequests b ? b : UNBOUNDED;
    }

    /** Bytes a reservation holds; released once, whichever of its owners finishes first. */
    public final class Reservation {
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicBoolean released = new AtomicBoolean();

        /** Holds {@code more} bytes too, or throws the 429 (holding nothing more) when that passes the limit. */
        public void add(long more) {
            if (released.get()) return;
            reserve(more);
            bytes.addAndGet(more);
            if (released.get()) used.addAndGet(-bytes.getAndSet(0)); // released meanwhile: give it back
        }

        public void release() {
            if (released.compareAndSet(false, true)) used.addAndGet(-bytes.getAndSet(0));
        }
    }

    public Reservation newReservation() {
        return new Reservation();
    }

    private void reserve(long bytes) {
        long after = used.addAndGet(bytes);
        if (after > limit) {
            used.addAndGet(-bytes);
            tripped.incrementAndGet();
            throw tripped(after);
        }
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    public long trippedCount() {
        return tripped.get();
    }

    /** Elasticsearch's body for a tripped child breaker: 429, the sizes in bytes and readable, TRANSIENT. */
    EsException tripped(long wanted) {
        return new EsException(429, "circuit_breaking_exception", "[in_flight_requests] Data too large, data for [<http_request>]"
                + " would be [" + wanted + "/" + readable(wanted) + "], which is larger than the limit of ["
                + limit + "/" + readable(limit) + "]")
                .withMetadata("bytes_wanted", wanted)
                .withMetadata("bytes_limit", limit)
                .withMetadata("durability", "TRANSIENT");
    }

    /** As Elasticsearch's {@code ByteSizeValue} prints sizes: {@code 512b}, {@code 1kb}, {@code 118.1mb}. */
    static String readable(long bytes) {
        String[] units = {"b", "kb", "mb", "gb", "tb", "pb"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) return bytes + "b";
        String s = String.format(Locale.ROOT, "%.1f", value);
        if (s.endsWith(".0")) s = s.substring(0, s.length() - 2);
        return s + units[unit];
    }
}
