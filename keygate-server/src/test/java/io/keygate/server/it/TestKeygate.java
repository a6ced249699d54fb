package io.keygate.server.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one Keygate (with its managed OpenSearch) that every integration test of a run talks to:
 * started on first use, stopped when the test JVM exits. It is built exactly as the keygate
 * command builds it.
 */
public final class TestKeygate {
    public static final String ELASTIC_PASSWORD = "it-elastic-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KeygateNode node;

    private TestKeygate() {}

    public static synchronized KeygateNode node() {
        if (node == null) {
            try {
                Path data = Path.of(System.getProperty("keygate.it.data", "target/it-data")).toAbsolutePath();
                deleteRecursively(data.resolve("backend").resolve("data"));
                Settings settings = Settings.of(Map.of(
                        "http.port", "0",
                        "path.data", data.toString(),
                        "backend.managed.distribution", System.getProperty("keygate.backend.distribution"),
                        "backend.managed.heap", "512m",
                        "http.max_content_length", "10mb",
                        // the suite's fixtures write logs-app-1, traces-apm-default… with index ops, names Elasticsearch's
                        // built-in templates would make data streams; ShippersIT starts a managed Keygate of its own with them
                        "stack.templates.enabled", "false",
                        // retention: long enough that no other test's keys go; ApiKeysRetentionIT writes older ones
                        "keygate.security.authc.api_key.delete.retention_period", "1h",
                        "keygate.security.authc.api_key.delete.interval", "1s",
                        // ApiKeyExpiryAuditIT: an expiry is noted within about a second
                        "keygate.security.authc.api_key.expiry_check.interval", "1s"));
                node = KeygateNode.start(settings, ELASTIC_PASSWORD, line -> System.out.println("[test keygate] " + line));
                Runtime.getRuntime().addShutdownHook(new Thread(node::close));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start Keygate for the integration tests", e);
            }
        }
        return node;
    }

    public static String url() {
        return "http://127.0.0.1:" + node().port();
    }

    /** The managed backend, straight: for setting up and checking what tests did, never for the test itself. */
    public static String backendUrl() {
        return node().backendHosts().getFirst().toString();
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String elastic() {
        return basic("elastic", ELASTIC_PASSWORD);
    }

    public static ElasticsearchClient client(String user, String password) {
        return ElasticsearchClient.of(b -> b.host(url()).usernameAndPassword(user, password));
    }

    /** The official client authenticating with an API key's {@code encoded} value. */
    public static ElasticsearchClient apiKeyClient(String encoded) {
        return ElasticsearchClient.of(b -> b.host(url()).apiKey(encoded));
    }

    /** An HTTP answer as a test looks at it. */
    public record Response(int status, java.net.http.HttpHeaders headers, String text) {
        public JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public static Response call(String method, String path, String authorization, String body) {
        return call(url(), method, path, authorization, body, "application/json");
    }

    public static Response call(String base, String method, String path, String authorization, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) b.header("Authorization", authorization);
        if (body != null) b.header("Content-Type", contentType);
        return send(b.build());
    }

    public static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Calls the backend directly, bypassing Keygate: only to observe what really happened. */
    public static Response backend(String method, String path, String body) {
        return call(backendUrl(), method, path, null, body, "application/json");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
