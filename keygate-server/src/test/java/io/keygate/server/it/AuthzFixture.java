package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users, roles and data the authorization tests attack. Data is put on the backend directly (as an
 * operator would), users and roles through Keygate as {@code elastic}. Set up once per JVM.
 */
final class AuthzFixture {
    static final String PW = "authz-it-password";

    static final String WRITER = "apm_writer";
    static final String READER = "logs_reader";
    static final String MANAGER = "logs_manager";
    static final String STAR = "star_reader";
    static final String APM_CONFIG = "apm_config";
    static final String MONITORING = "beats_monitoring";
    static final String APPENDER = "logs_appender";
    static final String UPSERTER = "upserter";
    static final String DS_READER = "ds_reader";
    static final String NOBODY = "no_privileges";

    private static boolean done;

    private AuthzFixture() {}

    static synchronized void setUp() {
        if (done) return;
        role(WRITER, "{\"cluster\":[\"monitor\"],\"indices\":[{\"names\":[\"traces-apm*\",\"logs-apm*\",\"metrics-apm*\"],"
                + "\"privileges\":[\"auto_configure\",\"create_doc\"]}]}");
        role(READER, "{\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"read\"]},"
                + "{\"names\":[\"logs-copy*\"],\"privileges\":[\"write\",\"create_index\"]}]}");
        role(MANAGER, "{\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"read\",\"manage\"]}]}");
        role(STAR, "{\"indices\":[{\"names\":[\"*\"],\"privileges\":[\"read\"]}]}");
        role(APM_CONFIG, "{\"indices\":[{\"names\":[\".apm-agent-configuration\"],\"privileges\":[\"read\"],"
                + "\"allow_restricted_indices\":true}]}");
        role(MONITORING, "{\"indices\":[{\"names\":[\".monitoring-beats-*\"],\"privileges\":[\"create_index\",\"create_doc\"]}]}");
        role(APPENDER, "{\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"create_doc\"]}]}");
        role(UPSERTER, "{\"indices\":[{\"names\":[\"upd-*\"],\"privileges\":[\"index\",\"read\"]}]}");
        role(DS_READER, "{\"indices\":[{\"names\":[\"metrics-ds-app\"],\"privileges\":[\"read\"]}]}");
        role(NOBODY, "{\"cluster\":[],\"indices\":[]}");
        for (String u : List.of(WRITER, READER, MANAGER, STAR, APM_CONFIG, MONITORING, APPENDER, UPSERTER, DS_READER, NOBODY)) {
            TestKeygate.Response r = call("PUT", "/_security/user/" + u, elastic(),
                    "{\"password\":\"" + PW + "\",\"roles\":[\"" + u + "\"]}");
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }

        // data, straight on the backend
        put("/secret-index/_doc/1?refresh=true", "{\"secret\":\"s3cr3t\",\"msg\":\"hello\"}");
        put("/logs-app-1/_doc/1?refresh=true", "{\"msg\":\"hello\",\"n\":1}");
        put("/logs-app-2/_doc/1?refresh=true", "{\"msg\":\"hello\",\"n\":2}");
        put("/traces-apm-default/_doc/seed?refresh=true", "{\"@timestamp\":\"2024-01-01T00:00:00Z\"}");
        put("/upd-existing/_doc/1?refresh=true", "{\"n\":1}");
        put("/.kibana_1/_doc/1?refresh=true", "{\"kibana\":\"config\",\"msg\":\"hello\"}");
        put("/.security-7", "{\"settings\":{\"index.hidden\":true}}");
        put("/.security-7/_doc/1?refresh=true", "{\"password\":\"hash\",\"msg\":\"hello\"}");
        put("/.apm-agent-configuration/_doc/1?refresh=true", "{\"service\":{\"name\":\"opbeans\"},\"msg\":\"hello\"}");
        aliases("{\"actions\":[{\"add\":{\"index\":\"secret-index\",\"alias\":\"secret-alias\"}}]}");
        put("/_index_template/metrics-ds", "{\"index_patterns\":[\"metrics-ds-*\"],\"data_stream\":{},\"priority\":500}");
        TestKeygate.Response ds = backend("POST", "/metrics-ds-app/_doc?refresh=true",
                "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"msg\":\"from a data stream\"}");
        assertThat(ds.status()).as(ds.text()).isEqualTo(201);
        done = true;
    }

    private static void role(String name, String body) {
        TestKeygate.Response r = call("PUT", "/_security/role/" + name, elastic(), body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static void put(String path, String body) {
        TestKeygate.Response r = backend("PUT", path, body);
        assertThat(r.status()).as(path + ": " + r.text()).isIn(200, 201);
    }

    private static void aliases(String body) {
        TestKeygate.Response r = backend("POST", "/_aliases", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    static String as(String user) {
        return basic(user, PW);
    }

    /** The exact denial Elasticsearch writes for a user whose only role has the user's name. */
    static String denial(String user, String action, List<String> indices, String privileges) {
        return "action [" + action + "] is unauthorized for user [" + user + "] with effective roles [" + user + "]"
                + (indices.isEmpty() ? "" : " on indices [" + String.join(",", indices) + "]")
                + ", this action is granted by the index privileges [" + privileges + "]";
    }

    static void assertDenied(TestKeygate.Response r, String reason) {
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        JsonNode error = r.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("security_exception");
        assertThat(error.path("reason").asText()).isEqualTo(reason);
        assertThat(error.path("root_cause").get(0).path("type").asText()).isEqualTo("security_exception");
        assertThat(r.json().path("status").asInt()).isEqualTo(403);
    }

    /**
     * A multi-item read ({@code _mget}, {@code _msearch}) whose every item was refused on its own, as Elasticsearch
     * answers: 200 with a {@code security_exception} in place of each doc or search.
     */
    static boolean everyItemRefused(TestKeygate.Response r) {
        if (r.status() != 200) return false;
        JsonNode items = r.json().has("responses") ? r.json().path("responses") : r.json().path("docs");
        if (!items.isArray() || items.isEmpty()) return false;
        for (JsonNode item : items) {
            if (!item.path("error").path("type").asText().equals("security_exception")) return false;
        }
        return true;
    }

    static void assertForbidden(TestKeygate.Response r) {
        if (everyItemRefused(r)) return;
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("security_exception");
    }

    static TestKeygate.Response bulk(String auth, String path, String ndjson) {
        return call(TestKeygate.url(), "POST", path, auth, ndjson, "application/x-ndjson");
    }

    static TestKeygate.Response gzipBulk(String auth, String path, String ndjson) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(ndjson.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestKeygate.send(HttpRequest.newBuilder(URI.create(TestKeygate.url() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray()))
                .header("Authorization", auth)
                .header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .build());
    }

    /** Does the backend hold this index (or alias, or data stream)? */
    static boolean exists(String name) {
        return backend("HEAD", "/" + name, null).status() == 200;
    }

    static boolean docExists(String index, String id) {
        return backend("GET", "/" + index + "/_doc/" + id, null).json().path("found").asBoolean();
    }

    /** How many documents the backend holds in {@code index} matching {@code field:value} (0 when missing). */
    static long countOnBackend(String index, String field, String value) {
        backend("POST", "/" + index + "/_refresh?ignore_unavailable=true", null);
        TestKeygate.Response r = backend("POST", "/" + index + "/_count?ignore_unavailable=true",
                "{\"query\":{\"term\":{\"" + field + ".keyword\":\"" + value + "\"}}}");
        return r.json().path("count").asLong();
    }

    /** The {@code _index} of every hit. */
    static List<String> hitIndices(TestKeygate.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("hits").path("hits").forEach(h -> out.add(h.path("_index").asText()));
        return out;
    }
}
