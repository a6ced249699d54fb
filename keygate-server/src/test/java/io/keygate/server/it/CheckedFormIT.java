package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.keygate.server.it.AuthzFixture.READER;
import static io.keygate.server.it.AuthzFixture.MANAGER;
import static io.keygate.server.it.AuthzFixture.WRITER;
import static io.keygate.server.it.AuthzFixture.as;
import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's reproductions, each as an attacker sends it: Keygate checks a request in one form while the backend would
 * execute another (a body parameter, a compressed body, a wrapped or YAML query, a default index). Each must be refused,
 * and nothing of the secret index or of Keygate's own index may come back.
 */
class CheckedFormIT {
    private static final String KEYGATE_INDEX = ".keygate-security";

    @BeforeAll
    static void setUp() {
        AuthzFixture.setUp();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Nothing of the secret document, and no password hash of Keygate's index. */
    private static void assertNothingLeaked(TestKeygate.Response r) {
        boolean itemsRefused = AuthzFixture.everyItemRefused(r);
        if (!itemsRefused) assertThat(r.status()).as(r.text()).isBetween(400, 499);
        // refused items name the index they asked for, as Elasticsearch's do; nothing of its documents comes back
        String text = itemsRefused ? r.text().replaceAll("\"_index\":\"[^\"]*\",\"_id\":\"[^\"]*\",\"error\"", "\"error\"") : r.text();
        assertThat(text).doesNotContain("s3cr3t").doesNotContain("$2a$").doesNotContain("$2y$").doesNotContain("password_hash")
                .doesNotContain("\"_index\":\"secret-index\"").doesNotContain("\"_index\":\"" + KEYGATE_INDEX + "\"");
    }

    @Test
    void bodyParametersAreTheBodyAndAreChecked() {
        String ndjson = "{\"index\":\"secret-index\"}\n{\"query\":{\"match_all\":{}}}\n";
        assertNothingLeaked(call("GET", "/_msearch?source=" + enc(ndjson) + "&source_content_type=application/x-ndjson", as(READER), null));
        String keygate = "{\"index\":\"" + KEYGATE_INDEX + "\"}\n{}\n";
        assertNothingLeaked(call("GET", "/_msearch?source=" + enc(keygate) + "&source_content_type=application/x-ndjson", elastic(), null));
        String mget = "{\"docs\":[{\"_index\":\"" + KEYGATE_INDEX + "\",\"_id\":\"reserved-user-elastic\"}]}";
        assertNothingLeaked(call("GET", "/_mget?source=" + enc(mget) + "&source_content_type=application/json", as(READER), null));
        assertNothingLeaked(call("GET", "/_mget?source=" + enc(mget) + "&source_content_type=application/json", elastic(), null));
        // the same parameter on a search: its body is the query, checked like any body
        String lookup = "{\"query\":{\"terms\":{\"msg\":{\"index\":\"secret-index\",\"id\":\"1\",\"path\":\"secret\"}}}}";
        assertNothingLeaked(call("GET", "/logs-app-1/_search?source=" + enc(lookup) + "&source_content_type=application/json", as(READER), null));
        // allowed content through the parameter still works, and is what runs
        String own = "{\"query\":{\"term\":{\"n\":2}}}";
        TestKeygate.Response ok = call("GET", "/logs-*/_search?source=" + enc(own) + "&source_content_type=application/json", as(READER), null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().path("hits").path("hits")).hasSize(1);
    }

    @Test
    void indexParameterNeverNamesTargets() {
        for (String path : List.of("/_mtermvectors?index=secret-index&ids=1&fields=secret", "/_search?index=secret-index",
                "/_count?index=secret-index", "/_msearch?index=secret-index", "/_field_caps?index=secret-index&fields=*")) {
            TestKeygate.Response r = call(path.startsWith("/_msearch") ? "POST" : "GET", path, as(READER),
                    path.startsWith("/_msearch") ? "{}\n{}\n" : null);
            assertNothingLeaked(r);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.json().path("error").path("reason").asText()).contains("unrecognized parameter: [index]");
        }
        TestKeygate.Response keygate = call("POST", "/_msearch?index=" + KEYGATE_INDEX, elastic(), "{}\n{}\n");
        assertNothingLeaked(keygate);
    }

    @Test
    void compressedBodiesAreCheckedInflated() {
        byte[] body = gzip("{\"index\":\"secret-index\"}\n{\"query\":{\"match_all\":{}}}\n");
        TestKeygate.Response r = TestKeygate.send(HttpRequest.newBuilder(URI.create(TestKeygate.url() + "/_msearch"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Authorization", as(READER))
                .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip").build());
        assertNothingLeaked(r);
        assertThat(AuthzFixture.everyItemRefused(r)).as(r.text()).isTrue();
        // an allowed compressed search runs as sent
        byte[] allowed = gzip("{\"index\":\"logs-app-2\"}\n{\"query\":{\"match_all\":{}}}\n");
        TestKeygate.Response ok = TestKeygate.send(HttpRequest.newBuilder(URI.create(TestKeygate.url() + "/_msearch"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(allowed)).header("Authorization", as(READER))
                .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip").build());
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().path("responses").get(0).path("hits").path("hits").get(0).path("_index").asText()).isEqualTo("logs-app-2");
        // a coding Keygate cannot read is refused, not passed on
        TestKeygate.Response br = TestKeygate.send(HttpRequest.newBuilder(URI.create(TestKeygate.url() + "/logs-app-1/_search"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Authorization", as(READER))
                .header("Content-Type", "application/json").header("Content-Encoding", "br").build());
        assertThat(br.status()).isEqualTo(400);
    }

    @Test
    void wrappedLookupsAreDecodedAndChecked() {
        String lookup = "{\"terms\":{\"n\":{\"index\":\"" + KEYGATE_INDEX + "\",\"id\":\"reserved-user-elastic\",\"path\":\"password_hash\"}}}";
        String wrapped = "{\"query\":{\"wrapper\":{\"query\":\"" + Base64.getEncoder().encodeToString(lookup.getBytes(StandardCharsets.UTF_8)) + "\"}}}";
        for (String path : List.of("/logs-app-1/_search", "/logs-app-1/_count", "/logs-app-1/_validate/query?explain=true",
                "/logs-app-1/_explain/1")) {
            assertNothingLeaked(call("POST", path, as(READER), wrapped));
            assertNothingLeaked(call("POST", path, elastic(), wrapped));
        }
        assertNothingLeaked(call("POST", "/_msearch", as(READER), "{\"index\":\"logs-app-1\"}\n" + wrapped + "\n"));
        // a wrapper inside a wrapper
        String twice = "{\"wrapper\":{\"query\":\"" + Base64.getEncoder().encodeToString(lookup.getBytes(StandardCharsets.UTF_8)) + "\"}}";
        String outer = "{\"query\":{\"wrapper\":{\"query\":\"" + Base64.getEncoder().encodeToString(twice.getBytes(StandardCharsets.UTF_8)) + "\"}}}";
        assertNothingLeaked(call("POST", "/logs-app-1/_search", as(READER), outer));
    }

    @Test
    void bodiesKeygateDoesNotReadAreRefused() {
        String yaml = "query:\n  terms:\n    n:\n      index: secret-index\n      id: '1'\n      path: secret\n";
        TestKeygate.Response r = call(TestKeygate.url(), "POST", "/logs-app-1/_search", as(READER), yaml, "application/yaml");
        assertNothingLeaked(r);
        assertThat(r.status()).isEqualTo(406);
        TestKeygate.Response p = call("GET", "/logs-app-1/_search?source=" + enc(yaml) + "&source_content_type=application/yaml", as(READER), null);
        assertNothingLeaked(p);
        assertThat(p.status()).isEqualTo(406);
        // a term vectors body may not name its own index (OpenSearch's parser lets it override the path's)
        assertNothingLeaked(call("POST", "/logs-app-1/_termvectors/1", as(READER), "{\"_index\":\"secret-index\",\"fields\":[\"secret\"]}"));
        // search templates render their query on the backend: only superusers
        TestKeygate.Response template = call("POST", "/logs-app-1/_search/template", as(READER),
                "{\"source\":\"{\\\"query\\\":{\\\"terms\\\":{\\\"n\\\":{\\\"index\\\":\\\"secret-index\\\",\\\"id\\\":\\\"1\\\",\\\"path\\\":\\\"secret\\\"}}}}\"}");
        assertNothingLeaked(template);
        assertThat(template.status()).isEqualTo(403);
    }

    @Test
    void indexedShapeWithoutIndexReadsTheDefaultShapesIndex() {
        assertThat(backend("PUT", "/shapes/_doc/deu?refresh=true", "{\"location\":{\"type\":\"point\",\"coordinates\":[13.4,52.5]}}").status()).isIn(200, 201);
        TestKeygate.Response r = call("POST", "/logs-app-1/_search", as(READER),
                "{\"query\":{\"geo_shape\":{\"location\":{\"indexed_shape\":{\"id\":\"deu\",\"path\":\"location\"}}}}}");
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.json().path("error").path("reason").asText()).contains("indices:data/read/get").contains("shapes");
    }

    @Test
    void duplicateKeysAreRefused() {
        TestKeygate.Response r = call("POST", "/logs-app-1/_search", as(READER),
                "{\"query\":{\"match_all\":{}},\"query\":{\"terms\":{\"n\":{\"index\":\"secret-index\",\"id\":\"1\",\"path\":\"secret\"}}}}");
        assertNothingLeaked(r);
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void dateMathIsResolvedBeforeTheUnknownRouteGuard() {
        String path = "/%3C.k%7Bnow%7B'e'%7D%7Dygate-security%3E/_clone/x";
        TestKeygate.Response r = call("POST", path, elastic(), null);
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(backend("GET", "/x", null).status()).isEqualTo(404);
    }

    @Test
    void removeIndexByWildcardIsRefusedLikeDelete() {
        assertThat(backend("PUT", "/logs-doomed-1", "{}").status()).isEqualTo(200);
        TestKeygate.Response r = call("POST", "/_aliases", as(MANAGER), "{\"actions\":[{\"remove_index\":{\"index\":\"logs-doomed-*\"}}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("error").path("reason").asText()).isEqualTo("Wildcard expressions or all indices are not allowed");
        assertThat(backend("HEAD", "/logs-doomed-1", null).status()).isEqualTo(200);
    }

    @Test
    void partiallyDeniedBulkAnswersEveryItemWhateverTheEncoding() throws IOException {
        String ndjson = "{\"create\":{\"_index\":\"traces-apm-default\"}}\n{\"@timestamp\":\"2026-11-30T00:00:00Z\",\"m\":\"ok\"}\n"
                + "{\"create\":{\"_index\":\"secret-index\"}}\n{\"@timestamp\":\"2026-11-30T00:00:00Z\",\"m\":\"no\"}\n"
                + "{\"create\":{\"_index\":\"logs-apm-default\"}}\n{\"@timestamp\":\"2026-11-30T00:00:00Z\",\"m\":\"ok\"}\n";
        String filter = "?filter_path=items.*._index,items.*.status,items.*.error.type,items.*.error.reason";
        for (boolean gzipRequest : List.of(false, true)) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestKeygate.url() + "/_bulk" + filter))
                    .header("Authorization", as(WRITER)).header("Content-Type", "application/x-ndjson").header("Accept-Encoding", "gzip");
            if (gzipRequest) b.header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzip(ndjson)));
            else b.POST(HttpRequest.BodyPublishers.ofString(ndjson));
            java.net.http.HttpResponse<byte[]> resp;
            try {
                resp = java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(resp.statusCode()).isEqualTo(200);
            byte[] bytes = resp.body();
            if ("gzip".equals(resp.headers().firstValue("content-encoding").orElse(null))) {
                bytes = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
            }
            JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes);
            JsonNode items = answer.path("items");
            assertThat(items).hasSize(3);
            assertThat(items.get(0).path("create").path("status").asInt()).isEqualTo(201);
            assertThat(items.get(1).path("create").path("status").asInt()).isEqualTo(403);
            assertThat(items.get(1).path("create").path("_index").asText()).isEqualTo("secret-index");
            assertThat(items.get(1).path("create").path("error").path("type").asText()).isEqualTo("security_exception");
            assertThat(items.get(1).path("create").has("_id")).as("filtered as asked").isFalse();
            assertThat(items.get(2).path("create").path("status").asInt()).isEqualTo(201);
            assertThat(answer.has("took")).as("filter_path keeps items only").isFalse();
        }
        assertThat(backend("GET", "/secret-index/_search?q=m:no", null).json().path("hits").path("total").path("value").asInt()).isZero();
    }

    /** The seed's story through the official client, at its defaults and with compression on: one item to a foreign index. */
    @Test
    void officialClientSeesEachBulkItem() throws IOException {
        TestKeygate.Response created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"apm_checked_form\",\"role_descriptors\":"
                + "{\"apm_writer\":{\"cluster\":[\"monitor\"],\"index\":[{\"names\":[\"traces-apm*\",\"logs-apm*\",\"metrics-apm*\"],"
                + "\"privileges\":[\"auto_configure\",\"create_doc\"]}]}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String encoded = created.json().path("encoded").asText();
        for (boolean compression : List.of(false, true)) {
            co.elastic.clients.elasticsearch.ElasticsearchClient client = co.elastic.clients.elasticsearch.ElasticsearchClient.of(
                    b -> b.host(TestKeygate.url()).apiKey(encoded).useCompression(compression));
            var response = client.bulk(b -> b
                    .operations(o -> o.create(c -> c.index("traces-apm-default").document(java.util.Map.of("@timestamp", "2026-11-30T00:00:00Z"))))
                    .operations(o -> o.create(c -> c.index("secret-index").document(java.util.Map.of("m", "from the client"))))
                    .operations(o -> o.create(c -> c.index("metrics-apm-default").document(java.util.Map.of("@timestamp", "2026-11-30T00:00:00Z")))));
            assertThat(response.errors()).isTrue();
            assertThat(response.items()).hasSize(3);
            assertThat(response.items().get(0).status()).isEqualTo(201);
            assertThat(response.items().get(1).status()).isEqualTo(403);
            assertThat(response.items().get(1).error().type()).isEqualTo("security_exception");
            assertThat(response.items().get(2).status()).isEqualTo(201);
            // a search the key may not run is the client's 403, whatever the encoding
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(co.elastic.clients.elasticsearch._types.ElasticsearchException.class,
                    () -> client.search(s -> s.index("secret-index"), Object.class)).status()).isEqualTo(403);
        }
        assertThat(backend("GET", "/secret-index/_search?q=m:client", null).json().path("hits").path("total").path("value").asInt()).isZero();
    }

    static byte[] gzip(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
