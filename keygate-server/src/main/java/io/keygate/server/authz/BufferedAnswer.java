package io.keygate.server.authz;

import io.keygate.core.authz.Reshape;
import io.keygate.core.error.EsException;
import io.keygate.server.wire.Bodies;
import io.keygate.server.wire.InFlightRequests;
import io.keygate.server.wire.Responses;
import io.keygate.server.proxy.Proxy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Forwards a request and answers with the backend's response after rewriting its body: for the few answers Keygate
 * must change (context ids, alias listings, reads reshaped under document- or field-level security). Buffered, so used
 * only there, and bounded by the in-flight breaker (429 past it); everything else is streamed by {@link Proxy}.
 */
final class BufferedAnswer {
    private static final Set<String> NOT_RETURNED = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
            "te", "trailer", "upgrade", "x-elastic-product");

    /**
     * What an answer held for rewriting counts for against the in-flight breaker, in multiples of its size: the bytes
     * and the rewritten copy when the rewrite streams over them (context ids swapped), and besides those the parsed
     * tree when it reads the whole answer (Jackson's tree of a search or bulk answer measured at ~6x its bytes).
     */
    static final int STREAMED = 2, PARSED = 8;

    private BufferedAnswer() {}

    /**
     * Sends {@code body} (or none) as {@code uri}; a 2xx answer's body goes through {@code rewrite}, anything else is
     * returned as it came. A rewrite that fails is a 502: the raw answer is never passed on instead. The answer is held
     * within the in-flight breaker, counted {@code copies} times ({@link #STREAMED} or {@link #PARSED}); past it, 429.
     */
    static void send(Proxy proxy, HttpServerRequest req, String uri, Buffer body, int copies, UnaryOperator<byte[]> rewrite) {
        send(proxy, req, req.method(), uri, body, copies, bytes -> Reshape.Reply.of(rewrite.apply(bytes)));
    }

    /**
     * As {@link #send(Proxy, HttpServerRequest, String, Buffer, int, UnaryOperator)}, with the backend request's method given
     * and a rewrite that may set the status too.
     */
    static void send(Proxy proxy, HttpServerRequest req, io.vertx.core.http.HttpMethod method, String uri, Buffer body,
                     int copies, java.util.function.Function<byte[], Reshape.Reply> rewrite) {
        send(proxy, req, method, uri, body, copies, rewrite, null);
    }

    /** As above; a 2xx answer's rewritten body is sent as {@code contentType} (null: the backend's type). */
    static void send(Proxy proxy, HttpServerRequest req, io.vertx.core.http.HttpMethod method, String uri, Buffer body,
                     int copies, java.util.function.Function<byte[], Reshape.Reply> rewrite, String contentType) {
        InFlightRequests.Reservation held = InFlightRequests.current().newReservation();
        long start = System.nanoTime();
        proxy.openRaw(req, method, uri).onSuccess(out -> {
            out.headers().remove("accept-encoding"); // the answer is rewritten: it must come back as plain bytes
            out.response().onFailure(e -> {
                proxy.failed(start);
                fail(req, held, backendDown());
            }).onSuccess(resp -> {
                proxy.answered(start, resp.statusCode());
                Bodies.readAnswer(out, resp, held, copies).onComplete(read -> {
                    try {
                        if (read.failed()) {
                            fail(req, held, read.cause() instanceof EsException e ? e : backendDown());
                        } else if (!req.response().ended()) {
                            answer(req, resp, read.result().getBytes(), rewrite, contentType);
                        }
                    } finally {
                        held.release();
                    }
                });
            });
            if (body == null) {
                out.end();
            } else {
                // the body is content Keygate checked (JSON); a client that sent none said no type
                if (out.headers().get("content-type") == null) out.headers().set("content-type", "application/json");
                out.end(body);
            }
        });
    }

    /** The client's answer: a 2xx body rewritten, anything else as it came; a rewrite that fails is a 502. */
    private static void answer(HttpServerRequest req, HttpClientResponse resp, byte[] bytes,
                               java.util.function.Function<byte[], Reshape.Reply> rewrite, String contentType) {
        int status = resp.statusCode();
        if (status / 100 == 2 && bytes.length > 0) {
            try {
                Reshape.Reply answer = rewrite.apply(bytes);
                bytes = answer.body();
                if (answer.status() != Reshape.Reply.KEEP_STATUS) status = answer.status();
            } catch (RuntimeException e) {
                Responses.error(req, new EsException(502, "exception", "Keygate cannot read the backend's answer to "
                        + "rewrite it: " + e.getMessage()));
                return;
            }
        }
        HttpServerResponse response = req.response();
        if (response.ended() || response.closed()) return;
        response.setStatusCode(status);
        for (var h : resp.headers()) {
            if (!NOT_RETURNED.contains(h.getKey().toLowerCase(Locale.ROOT))) response.headers().add(h.getKey(), h.getValue());
        }
        if (contentType != null && resp.statusCode() / 100 == 2) response.headers().set("content-type", contentType);
        response.putHeader(Responses.PRODUCT_HEADER, "Elasticsearch");
        response.end(Buffer.buffer(bytes));
    }

    private static void fail(HttpServerRequest req, InFlightRequests.Reservation held, EsException e) {
        held.release();
        if (!req.response().ended() && !req.response().closed()) Responses.error(req, e);
    }

    private static EsException backendDown() {
        return new EsException(502, "connect_transport_exception", "the backend cluster is not reachable");
    }
}
