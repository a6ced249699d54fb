package io.keygate.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

/** Keygate's public REST API as the command line calls it: JSON in, JSON out, Elasticsearch's errors as one line. */
public final class KeygateClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status and body (an empty object when there was none). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Elasticsearch's {@code error.reason}, or the body. */
        public String reason() {
            JsonNode reason = body.path("error").path("reason");
            return reason.isTextual() ? reason.asText() : body.toString();
        }
    }

    private final URI base;
    private final String authorization;
    private final HttpClient http;

    public KeygateClient(URI base, String authorization, Path caCertificate, boolean insecure) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.authorization = authorization;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (insecure || caCertificate != null) builder.sslContext(sslContext(caCertificate, insecure));
        this.http = builder.build();
    }

    public URI base() {
        return base;
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer send(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) b.header("Content-Type", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = r.body().isBlank() ? JSON.createObjectNode() : parse(r.body());
            return new Answer(r.statusCode(), parsed);
        } catch (IOException e) {
            throw new CliException("cannot reach Keygate at " + base + ": " + (e.getMessage() == null ? e : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** Like {@link #send} but a non-2xx answer is a failure, reported with Elasticsearch's reason. */
    public JsonNode require(String method, String path, JsonNode body) {
        Answer a = send(method, path, body);
        if (!a.ok()) throw new CliException(method + " " + path + " failed (" + a.status() + "): " + a.reason());
        return a.body();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("text", text);
        }
    }

    private static SSLContext sslContext(Path ca, boolean insecure) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (insecure) {
                ctx.init(null, new TrustManager[]{new X509TrustManager() {
                    public void checkClientTrusted(X509Certificate[] chain, String type) { }
                    public void checkServerTrusted(X509Certificate[] chain, String type) { }
                    public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
                }}, null);
                return ctx;
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(ca)) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) store.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new CliException("cannot read the CA certificate " + ca + ": " + e.getMessage());
        }
    }
}
