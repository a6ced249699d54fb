package io.keygate.server.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.server.http.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one path to the backend cluster, managed or remote: pooled HTTP connections, Keygate's own
 * backend credentials, round-robin over {@code backend.hosts}. Used both by the proxy (streamed
 * requests) and by Keygate's own services (small JSON calls).
 */
public final class BackendClient {

    /** Where the backend is and how Keygate authenticates to it. */
    public record Config(List<URI> hosts, String username, String password, String apiKey,
                         String certificateAuthorities, String verificationMode, int maxConnections) {}

    /** A JSON answer from the backend. */
    public record JsonResponse(int status, JsonNode body) {
        public boolean ok() { return status >= 200 && status < 300; }
    }

    private final HttpClient client;
    private final List<URI> hosts;
    private final String authorization;
    private final AtomicInteger next = new AtomicInteger();

    public BackendClient(Vertx vertx, Config config) {
        if (config.hosts().isEmpty()) throw new IllegalArgumentException("backend.hosts is empty");
        this.hosts = List.copyOf(config.hosts());
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false); // bodies pass through as the backend sent them
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

    /** Opens a request to one of the backend hosts, carrying Keygate's own credentials (never the client's). */
    public Future<HttpClientRequest> open(HttpMethod method, String uri) {
        URI host = hosts.get(Math.floorMod(next.getAndIncrement(), hosts.size()));
        boolean tls = "https".equals(host.getScheme());
        int port = host.getPort() > 0 ? host.getPort() : (tls ? 443 : 80);
        String base = host.getRawPath() == null || host.getRawPath().equals("/") ? "" : host.getRawPath();
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host.getHost()).setPort(port)
                .setSsl(tls).setURI(base + uri);
        return client.request(options).map(req -> {
            if (authorization != null) req.putHeader("Authorization", authorization);
            return req;
        });
    }

    /** A small JSON call for Keygate's own use: the body is rendered by Jackson (or absent). */
    public Future<JsonResponse> json(HttpMethod method, String uri, Object body) {
        return open(method, uri).compose(req -> {
            req.putHeader("Accept", "application/json");
            if (body == null) return req.send();
            req.putHeader("Content-Type", "application/json");
            return req.send(Json.toBuffer(body));
        }).compose(resp -> resp.body().map(buf -> new JsonResponse(resp.statusCode(), parse(buf))));
    }

    private static JsonNode parse(Buffer buf) {
        if (buf.length() == 0) return Json.object();
        return Json.parse(buf);
    }

    public Future<Void> close() {
        return client.close();
    }

    public List<URI> hosts() {
        return hosts;
    }
}
