package io.keygate.server.wire;

import io.keygate.core.body.JsonFootprint;
import io.keygate.core.error.EsException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a whole request body that Keygate must look at, refusing more than {@code max} bytes (413) and
 * holding its bytes in the node's {@link InFlightRequests} breaker until the answer has gone out (429 when
 * the node holds too much already). A declared {@code Content-Length} is checked and reserved before a byte
 * is read; a chunked body chunk by chunk, before each chunk is kept.
 */
public final class Bodies {
    private Bodies() {}

    public static final String MAX_CONTENT_LENGTH = "http.max_content_length";

    /**
     * What a body Keygate parses takes besides its bytes: the trees it is parsed into ({@link JsonFootprint}), and the
     * checked form with the buffer that forwards it. Added to the body's reservation before it is parsed, so that the
     * breaker answers 429 rather than the heap running out.
     */
    public static long parsedCost(byte[] plain) {
        return 2L * plain.length + JsonFootprint.estimate(plain);
    }

    /** The bytes of {@code body}, copied out of it with the copy counted in {@code held} first (429 past the limit). */
    public static byte[] copy(Buffer body, InFlightRequests.Reservation held) {
        held.add(body.length());
        return body.getBytes();
    }

    /** A body bounded by {@code http.max_content_length} ({@code max}). */
    public static Future<Buffer> read(HttpServerRequest req, long max) {
        return read(req, max, MAX_CONTENT_LENGTH);
    }

    /** A body bounded by {@code max}, the value of {@code limitSetting} (named in the 413). */
    public static Future<Buffer> read(HttpServerRequest req, long max, String limitSetting) {
        return read(req, max, limitSetting, InFlightRequests.current().newReservation());
    }

    /**
     * A body held in {@code held}, which the caller may add to (what it makes of the body: its inflated, parsed and
     * checked forms) until the answer has gone out.
     */
    public static Future<Buffer> read(HttpServerRequest req, long max, String limitSetting, InFlightRequests.Reservation held) {
        Promise<Buffer> promise = Promise.promise();
        req.response().endHandler(v -> held.release()).closeHandler(v -> held.release());
        long declared = declaredLength(req);
        Buffer body;
        try {
            if (declared > max) throw tooLarge(max, limitSetting);
            if (declared > 0) held.add(declared);
            // sized once when the length is known: no copies while it grows
            body = declared > 0 ? Buffer.buffer((int) Math.min(declared, Integer.MAX_VALUE - 8)) : Buffer.buffer();
        } catch (EsException refused) {
            held.release();
            drain(req);
            return Future.failedFuture(refused);
        }
        req.handler(chunk -> {
            if (promise.future().isComplete()) return;
            try {
                long after = body.length() + (long) chunk.length();
                if (after > max) throw tooLarge(max, limitSetting);
                if (after > declared) held.add(after - Math.max(declared, body.length())); // chunked, or more than declared
                body.appendBuffer(chunk);
            } catch (EsException refused) {
                held.release();
                drain(req);
                promise.tryFail(refused);
            }
        });
        req.exceptionHandler(e -> {
            held.release();
            // the client went away mid-body (nobody is left to answer): its doing, not a Keygate failure to log
            promise.tryFail(e instanceof HttpClosedException
                    ? EsException.badRequest("illegal_state_exception", "the connection closed before the request body was read") : e);
        });
        req.endHandler(v -> promise.tryComplete(body));
        req.resume();
        return promise.future();
    }

    /**
     * A backend answer Keygate must hold whole (to rewrite or merge it), its bytes counted {@code copies} times against the
     * node's in-flight breaker (the bytes and their parsed form) and held until {@code held} is released. Past the limit
     * the answer stops being read (the backend connection is reset) and the future fails with the breaker's 429.
     */
    public static Future<Buffer> readAnswer(HttpClientRequest out, HttpClientResponse resp, InFlightRequests.Reservation held,
                                            int copies) {
        Promise<Buffer> promise = Promise.promise();
        Buffer received = Buffer.buffer();
        resp.exceptionHandler(promise::tryFail);
        resp.handler(chunk -> {
            if (promise.future().isComplete()) return;
            try {
                held.add(copies * (long) chunk.length());
                received.appendBuffer(chunk);
            } catch (EsException tripped) {
                promise.tryFail(tripped);
                out.reset(); // stop reading an answer that cannot be held
            }
        });
        resp.endHandler(v -> promise.tryComplete(received));
        return promise.future();
    }

    /** Reads and drops the rest, so that the client gets to read the answer; nothing of it is kept. */
    private static void drain(HttpServerRequest req) {
        req.handler(chunk -> { });
        req.resume();
    }

    private static long declaredLength(HttpServerRequest req) {
        String length = req.getHeader("content-length");
        if (length == null) return -1;
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the frontend has refused it already
        }
    }

    public static EsException tooLarge(long max) {
        return tooLarge(max, MAX_CONTENT_LENGTH);
    }

    public static EsException tooLarge(long max, String limitSetting) {
        return new EsException(413, "content_too_long_exception",
                "request body is too large; the limit [" + limitSetting + "] is [" + max + "] bytes");
    }
}
