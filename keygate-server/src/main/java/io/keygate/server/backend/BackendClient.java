package io.keygate.server.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.error.EsException;
import io.keygate.server.wire.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The one path to the backend cluster, managed or remote: pooled HTTP connections, Keygate's own
 * backend credentials, round-robin over {@code backend.hosts}. Used both by the proxy (streamed
 * requests) and by Keygate's own services (small JSON calls).
 *
 * <p>Faults: a host that cannot be connected to is skipped for {@link #RETRY_DEAD_AFTER_MILLIS} and the
 * request goes to the next one (nothing was sent yet, so any request may be retried there). When no
 * host can be reached the answer is Elasticsearch's 503 body, and the next request tries again: the
 * node recovers by itself when the backend comes back.
 */
public final class BackendClient {
    private static final Logger LOG = LoggerFactory.getLogger(BackendClient.class);

    /** Where the backend is and how Keygate authenticates to it. */
    public record Config(List<URI> hosts, String username, String password, String apiKey,
                         String certificateAuthorities, String verificationMode, int maxConnections, int connectTimeoutMillis) {
        public Config(List<URI> hosts, String username, String password, String apiKey,
                      String certificateAuthorities, String verificationMode, int maxConnections) {
            this(hosts, username, password, apiKey, certificateAuthorities, verificationMode, maxConnections, 5_000);
        }
    }

    /** How long a host that refused a connection is passed over (unless no other host is left). */
    static final long RETRY_DEAD_AFTER_MILLIS = 1_000;

    /** A JSON answer from the backend. */
    public record JsonResponse(int status, JsonNode body) {
        public boolean ok() { return status >= 200 && status < 300; }
    }

    /**
     * The largest body piece Vert.x hands over at once, on both of Keygate's HTTP legs (its default is 8 KB). Each piece
     * streamed through Keygate is one write to the other side; a piece is never larger than what one socket read got.
     */
    public static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final HttpClient client;
    private final List<URI> hosts;
    private final String authorization;
    private final AtomicInteger next = new AtomicInteger();
    /** How long Keygate's own JSON calls wait for an answer, by default. */
    static final Duration JSON_CALL_TIMEOUT = Duration.ofSeconds(60);
    private volatile Duration callTimeout = JSON_CALL_TIMEOUT;
    /** Per host: until when (System.nanoTime) it is passed over; 0 = live. */
    private final AtomicLongArray deadUntil;
    private volatile boolean closed;
    private volatile BackendTimings timings = BackendTimings.NONE;

    public BackendClient(Vertx vertx, Config config) {
        if (config.hosts().isEmpty()) throw new IllegalArgumentException("backend.hosts is empty");
        this.hosts = List.copyOf(config.hosts());
        this.deadUntil = new AtomicLongArray(hosts.size());
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout(config.connectTimeoutMillis())
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false) // bodies pass through as the backend sent them
                .setMaxChunkSize(MAX_CHUNK_SIZE); // an answer relayed in socket-read-sized pieces, not 8 KB ones: fewer writes
        if (hosts.stream().anyMatch(h -> "https".equals(h.getScheme()))) {
            String mode = config.verificationMode() == null ? "full" : config.verificationMode();
            switch (mode) {
                case "none" -> options.setTrustAll(true).setVerifyHost(false);
                case "certificate" -> options.setVerifyHost(false);
                case "full" -> { }
                default -> throw new IllegalArgumentException(
                        "backend.ssl.verification_mode must be one of [full, certificate, none], got [" + mode + "]");
            }
            if (config.certificateAuthorities() != null && !config.certificateAuthorities().isBlank()) {
                PemTrustOptions pem = new PemTrustOptions();
                for (String path : config.certificateAuthorities().split(",")) pem.addCertPath(path.trim());
                options.setTrustOptions(pem);
            }
        }
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.maxConnections()));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            this.authorization = "ApiKey " + config.apiKey();
        } else if (config.username() != null && !config.username().isBlank()) {
            String pair = config.username() + ":" + (config.password() == null ? "" : config.password());
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        } else {
            this.authorization = null;
        }
    }

    /** Where answer times go (the metrics); set once at start. */
    public BackendClient timings(BackendTimings timings) {
        this.timings = timings;
        return this;
    }

    public BackendTimings timings() {
        return timings;
    }

    /** How long each attempt of Keygate's own JSON calls waits for its answer (60 s unless set; set once at start). */
    public BackendClient callTimeout(Duration timeout) {
        this.callTimeout = timeout;
        return this;
    }

    /** Opens a request to one of the backend hosts, carrying Keygate's own credentials (never the client's). */
    public Future<HttpClientRequest> open(HttpMethod method, String uri) {
        if (closed) return Future.failedFuture(unavailable("Keygate is stopping", null));
        return open(method, uri, order(Math.floorMod(next.getAndIncrement(), hosts.size())), 0, null);
    }

    /** Tries {@code order[tried]} and, when it cannot be reached, the hosts after it. */
    private Future<HttpClientRequest> open(HttpMethod method, String uri, int[] order, int tried, Throwable last) {
        if (tried >= order.length) return Future.failedFuture(unavailable("no backend host can be reached " + hosts, last));
        int i = order[tried];
        URI host = hosts.get(i);
        boolean tls = "https".equals(host.getScheme());
        int port = host.getPort() > 0 ? host.getPort() : (tls ? 443 : 80);
        String base = host.getRawPath() == null || host.getRawPath().equals("/") ? "" : host.getRawPath();
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host.getHost()).setPort(port)
                .setSsl(tls).setURI(base + uri);
        Future<HttpClientRequest> request;
        try {
            request = client.request(options);
        } catch (IllegalStateException e) { // closed meanwhile
            return Future.failedFuture(unavailable("Keygate is stopping", e));
        }
        return request.transform(ar -> {
            if (ar.succeeded()) {
                // a read on the common path (the host was live): no write shared by every request
                if (deadUntil.get(i) != 0 && deadUntil.getAndSet(i, 0) != 0) LOG.info("backend host [{}] is reachable again", host);
                if (authorization != null) ar.result().putHeader("Authorization", authorization);
                return Future.succeededFuture(ar.result());
            }
            if (closed) return Future.failedFuture(unavailable("Keygate is stopping", ar.cause()));
            long wasDeadUntil = deadUntil.getAndSet(i, System.nanoTime() + RETRY_DEAD_AFTER_MILLIS * 1_000_000);
            // once when it goes away (not at every call while it is away), and once when it is back
            if (wasDeadUntil == 0) LOG.warn("backend host [{}] cannot be reached: {}", host, ar.cause().toString());
            return open(method, uri, order, tried + 1, ar.cause());
        });
    }

    /** Round-robin from {@code first}, hosts not passed over first, then the others (one may be back). */
    private int[] order(int first) {
        long now = System.nanoTime();
        int n = hosts.size();
        int[] order = new int[n];
        int live = 0, dead = n;
        for (int k = 0; k < n; k++) {
            int i = (first + k) % n;
            long until = deadUntil.get(i);
            if (until == 0 || until - now <= 0) order[live++] = i;
            else order[--dead] = i;
        }
        return order;
    }

    /** Elasticsearch's answer when a node cannot reach the cluster: 503, which clients retry elsewhere. */
    public static EsException unavailable(String why, Throwable cause) {
        String detail = cause == null ? "" : ": " + cause.getMessage();
        return new EsException(503, "connect_transport_exception", "the backend cluster is not reachable (" + why + detail + ")");
    }

    /**
     * A small JSON call for Keygate's own use: the body is rendered by Jackson (or absent). Bounded: an answer that does
     * not come within {@link #callTimeout} is given up on (its connection closed), and a {@code GET} or {@code HEAD} is
     * tried once more on a fresh connection before it fails with 503: a call of Keygate's own must never hang a start or
     * an API request. A write is not sent twice (the first may have been applied: a second {@code _create} would answer
     * 409, a second delete 404); a {@code POST} that changes nothing goes through {@link #read} instead.
     */
    public Future<JsonResponse> json(HttpMethod method, String uri, Object body) {
        return call(method, uri, body, method == HttpMethod.GET || method == HttpMethod.HEAD);
    }

    /**
     * A call that changes nothing on the backend (a search, a scroll page, an {@code _mget}, a refresh), whatever its
     * method: like {@link #json}, and tried once more when no answer came in time. A search the backend never answered
     * was seen at a Keygate's start (twice in about twenty full test runs) while the backend answered every other
     * connection; a fresh attempt got its answer at once.
     */
    public Future<JsonResponse> read(HttpMethod method, String uri, Object body) {
        return call(method, uri, body, true);
    }

    private Future<JsonResponse> call(HttpMethod method, String uri, Object body, boolean again) {
        Future<JsonResponse> first = jsonOnce(method, uri, body);
        if (!again) return first.recover(e -> Future.failedFuture(timedOut(e, method, uri)));
        return first.recover(e -> e instanceof java.util.concurrent.TimeoutException
                ? jsonOnce(method, uri, body).recover(second -> Future.failedFuture(timedOut(second, method, uri)))
                : Future.failedFuture(e));
    }

    private Throwable timedOut(Throwable e, HttpMethod method, String uri) {
        return e instanceof java.util.concurrent.TimeoutException
                ? unavailable(method + " " + uri + " got no answer within " + callTimeout.toMillis() + " ms", e) : e;
    }

    /** One attempt: on timeout, says which connection kept quiet and closes it (it would hold a pooled slot forever). */
    private Future<JsonResponse> jsonOnce(HttpMethod method, String uri, Object body) {
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<HttpClientRequest> sent = new java.util.concurrent.atomic.AtomicReference<>();
        Future<JsonResponse> answer = timed(start, open(method, uri).compose(req -> {
            sent.set(req);
            req.putHeader("Accept", "application/json");
            if (body == null) return req.send();
            req.putHeader("Content-Type", "application/json");
            return req.send(Json.toBuffer(body));
        })).compose(resp -> resp.body().map(buf -> new JsonResponse(resp.statusCode(), parse(buf))))
                // the connection broke under the call (the backend went away): 503, not Keygate's 500
                .recover(e -> Future.failedFuture(e instanceof EsException ? e : unavailable(method + " " + uri + " failed", e)));
        return answer.timeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS).onFailure(e -> {
            if (!(e instanceof java.util.concurrent.TimeoutException)) return;
            HttpClientRequest req = sent.get();
            LOG.warn("backend: {} {} got no answer within {} ms ({})", method, uri, callTimeout.toMillis(),
                    req == null ? "no connection was given to it" : "sent on " + req.connection().localAddress()
                            + " -> " + req.connection().remoteAddress() + "; that connection is closed");
            if (req != null) req.reset();
        });
    }

    /** Records one of Keygate's own calls: the time until {@code answer} (its headers) came, or that none came. */
    public Future<HttpClientResponse> timed(long startNanos, Future<HttpClientResponse> answer) {
        return answer.andThen(ar -> {
            BackendTimings t = timings;
            if (ar.succeeded()) t.answered(BackendTimings.Source.KEYGATE, startNanos, ar.result().statusCode());
            else t.failed(BackendTimings.Source.KEYGATE, startNanos);
        });
    }

    private static JsonNode parse(Buffer buf) {
        if (buf.length() == 0) return Json.object();
        return Json.parse(buf);
    }

    public Future<Void> close() {
        closed = true;
        return client.close();
    }

    public List<URI> hosts() {
        return hosts;
    }
}
