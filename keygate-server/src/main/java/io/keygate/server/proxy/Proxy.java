package io.keygate.server.proxy;

import io.keygate.core.error.EsException;
import io.keygate.server.backend.BackendClient;
import io.keygate.server.backend.BackendTimings;
import io.keygate.server.wire.Bodies;
import io.keygate.server.wire.MediaTypes;
import io.keygate.server.wire.Responses;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Step 5 for everything Keygate does not serve itself: the request, already authorized, is streamed
 * to the backend over a pooled connection and the answer streamed back. The client's credentials
 * never leave Keygate; bodies (gzip included) are passed through byte for byte.
 */
public final class Proxy {
    private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);

    /** RFC 9110 hop-by-hop headers, plus the ones Keygate must set itself. Case-insensitive without lower-casing a copy. */
    private static final Set<String> NOT_FORWARDED = ignoringCase("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "authorization",
            "content-type", "accept");
    private static final Set<String> NOT_RETURNED = ignoringCase("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "x-elastic-product");

    private static Set<String> ignoringCase(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }

    private final BackendClient backend;
    private final long maxContentLength;
    private volatile NodeInfoRewriter nodeInfo; // hook (shippers): node answers are buffered and rewritten

    public Proxy(BackendClient backend, long maxContentLength) {
        this.backend = backend;
        this.maxContentLength = maxContentLength;
    }

    /** Rewrites node answers ({@code _nodes}, {@code _cat/nodes}) as Elasticsearch clients read them. */
    public Proxy nodeInfo(NodeInfoRewriter rewriter) {
        this.nodeInfo = rewriter;
        return this;
    }

    /** Streams {@code req}'s body to the backend as {@code uri}. */
    public void forward(HttpServerRequest req, String uri) {
        forward(req, uri, (Runnable) null);
    }

    /**
     * As {@link #forward(HttpServerRequest, String)}; {@code onAnswer} (if not null) runs once the backend has answered,
     * before the client can have read the answer (e.g. to learn what the request changed).
     */
    public void forward(HttpServerRequest req, String uri, Runnable onAnswer) {
        open(req, uri, false, onAnswer).onSuccess(out -> {
            if (req.getHeader("content-length") == null && !req.headers().contains("transfer-encoding")) {
                out.end();
                req.resume();
                return;
            }
            if (out.headers().get("content-length") == null) out.setChunked(true);
            new LimitedStream(req, maxContentLength, () -> {
                out.reset();
                Responses.error(req, Bodies.tooLarge(maxContentLength));
            }).pipeTo(out);
        });
    }

    /**
     * Sends the content Keygate checked (decoded: no content encoding) to the backend as {@code uri}, or no body at all
     * when {@code body} is null. The client's own body, if any, was read or is dropped: it never travels beside.
     */
    public void forward(HttpServerRequest req, String uri, Buffer body, String mediaType) {
        forward(req, uri, body, mediaType, null);
    }

    /** As {@link #forward(HttpServerRequest, String, Buffer, String)}, with {@code onAnswer} as for a streamed body. */
    public void forward(HttpServerRequest req, String uri, Buffer body, String mediaType, Runnable onAnswer) {
        open(req, uri, false, onAnswer).onSuccess(out -> {
            out.headers().remove("content-length");
            out.headers().remove("transfer-encoding");
            out.headers().remove("content-encoding");
            if (body == null) {
                out.headers().remove("content-type");
                out.end();
            } else {
                out.headers().set("content-type", mediaType);
                out.end(body);
            }
            if (!req.isEnded()) req.handler(chunk -> { }).resume();
        });
    }

    /**
     * Opens the backend request for {@code req}, with the client's headers (minus hop-by-hop ones and
     * its credentials); its answer is relayed to the client. With {@code ownBody} the caller writes a
     * body of its own (already decompressed), so length and encoding headers are dropped.
     */
    public Future<HttpClientRequest> open(HttpServerRequest req, String uri, boolean ownBody) {
        return open(req, uri, ownBody, null);
    }

    private Future<HttpClientRequest> open(HttpServerRequest req, String uri, boolean ownBody, Runnable onAnswer) {
        long start = System.nanoTime(); // captured by the lambdas below, which exist anyway: timing allocates nothing more
        return backend.open(req.method(), uri).onFailure(e -> noAnswer(req, start, e)).map(out -> {
            copyRequestHeaders(req.headers(), out.headers());
            if (ownBody) {
                out.headers().remove("content-length");
                out.headers().remove("content-encoding");
                out.setChunked(true);
            }
            NodeInfoRewriter rewriter = nodeInfo;
            if (rewriter != null && rewriter.applies(req)) {
                out.response().onSuccess(resp -> {
                    answered(start, resp.statusCode());
                    rewriter.relay(req, resp);
                }).onFailure(e -> noAnswer(req, start, e));
                return out;
            }
            out.response().onSuccess(resp -> {
                answered(start, resp.statusCode());
                if (onAnswer != null) onAnswer.run();
                relay(req, resp);
            }).onFailure(e -> noAnswer(req, start, e));
            return out;
        });
    }

    /**
     * Opens a backend request whose answer the caller handles itself; the caller times it with {@link #answered} and
     * {@link #failed} from a {@link System#nanoTime()} taken before this call.
     */
    public Future<HttpClientRequest> openRaw(HttpServerRequest req, String uri) {
        return openRaw(req, req.method(), uri);
    }

    /** {@link #openRaw(HttpServerRequest, String)} with another method (a get that Keygate runs as a search). */
    public Future<HttpClientRequest> openRaw(HttpServerRequest req, HttpMethod method, String uri) {
        long start = System.nanoTime();
        return backend.open(method, uri).onFailure(e -> noAnswer(req, start, e)).map(out -> {
            copyRequestHeaders(req.headers(), out.headers());
            out.headers().remove("content-length");
            out.headers().remove("content-encoding");
            out.setChunked(true);
            return out;
        });
    }

    private static void copyRequestHeaders(MultiMap from, MultiMap to) {
        for (var h : from) {
            if (!NOT_FORWARDED.contains(h.getKey())) to.add(h.getKey(), h.getValue());
        }
        String contentType = MediaTypes.toBackend(from.get("content-type"));
        if (contentType != null) to.set("content-type", contentType);
        String accept = MediaTypes.toBackend(from.get("accept"));
        if (accept != null) to.set("accept", accept);
    }

    static void relay(HttpServerRequest req, HttpClientResponse resp) {
        HttpServerResponse out = req.response();
        if (out.ended() || out.closed()) {
            resp.request().reset();
            return;
        }
        out.setStatusCode(resp.statusCode());
        for (var h : resp.headers()) {
            if (!NOT_RETURNED.contains(h.getKey())) out.headers().add(h.getKey(), h.getValue());
        }
        if (resp.statusCode() != 401) out.putHeader(Responses.PRODUCT_HEADER, "Elasticsearch");
        String length = resp.getHeader("content-length");
        if (length == null && req.method() != HttpMethod.HEAD) out.setChunked(true);
        if (req.method() != HttpMethod.HEAD && isSmall(length)) {
            // a small answer goes out whole: one write (head, body, end) and one flush to the client instead of one per
            // piece; memory stays bounded by SMALL_ANSWER per request in flight
            resp.body().onSuccess(out::end).onFailure(e -> out.reset());
            return;
        }
        resp.pipeTo(out);
    }

    /** Answers up to this size (by their Content-Length) are relayed in one write; bigger ones are streamed. */
    static final int SMALL_ANSWER = 64 * 1024;

    private static boolean isSmall(String contentLength) {
        if (contentLength == null || contentLength.isEmpty() || contentLength.length() > 6) return false;
        for (int i = 0; i < contentLength.length(); i++) {
            char c = contentLength.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        int n = Integer.parseInt(contentLength);
        return n > 0 && n <= SMALL_ANSWER;
    }

    /** A forwarded request's answer headers came from the backend ({@code keygate.backend.requests}). */
    public void answered(long startNanos, int status) {
        backend.timings().answered(BackendTimings.Source.PROXY, startNanos, status);
    }

    /** A forwarded request got no answer from the backend. */
    public void failed(long startNanos) {
        backend.timings().failed(BackendTimings.Source.PROXY, startNanos);
    }

    private void noAnswer(HttpServerRequest req, long startNanos, Throwable e) {
        failed(startNanos);
        backendFailed(req, e);
    }

    static void backendFailed(HttpServerRequest req, Throwable e) {
        // no host to send it to: the backend client logs such an outage once, not each request's 503 (a line per request)
        if (e instanceof EsException es && es.status() == 503) LOG.debug("backend request failed: {}", e.toString());
        else LOG.warn("backend request failed: {}", e.toString());
        // no live backend host is Elasticsearch's 503 (the client retries); the backend client says so itself
        Responses.error(req, e instanceof EsException es ? es : BackendClient.unavailable("the backend cluster is not reachable", e));
    }
}
