package io.keygate.server.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Keygate looks like Elasticsearch to clients and keeps its own state out of their reach. */
class FoundationIT {

    @Test
    void rootAnswersAsElasticsearchWithTheProductHeader() {
        TestKeygate.Response r = call("GET", "/", elastic(), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Elastic-Product")).isEqualTo("Elasticsearch");
        JsonNode body = r.json();
        assertThat(body.path("version").path("number").asText()).startsWith("9.");
        assertThat(body.path("version").path("build_flavor").asText()).isEqualTo("default");
        assertThat(body.path("tagline").asText()).isEqualTo("You Know, for Search");
        assertThat(body.path("cluster_uuid").asText()).isEqualTo(TestKeygate.backend("GET", "/", null).json().path("cluster_uuid").asText());
    }

    @Test
    void wrongPasswordGetsElasticsearchs401WithoutTheProductHeader() {
        TestKeygate.Response r = call("GET", "/", TestKeygate.basic("elastic", "not-the-password"), null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("X-Elastic-Product")).isNull();
        assertThat(r.headers().allValues("WWW-Authenticate")).contains("Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey");
        JsonNode error = r.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("security_exception");
        assertThat(error.path("reason").asText()).isEqualTo("unable to authenticate user [elastic] for REST request [/]");
        assertThat(error.path("root_cause").get(0).path("type").asText()).isEqualTo("security_exception");
        assertThat(r.json().path("status").asInt()).isEqualTo(401);
    }

    @Test
    void noCredentialsGets401MissingCredentials() {
        TestKeygate.Response r = call("GET", "/_cat/indices", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("error").path("reason").asText())
                .isEqualTo("missing authentication credentials for REST request [/_cat/indices]");
    }

    @Test
    void licenseIsAnActiveBasicLicense() {
        JsonNode license = call("GET", "/_license", elastic(), null).json().path("license");
        assertThat(license.path("status").asText()).isEqualTo("active");
        assertThat(license.path("type").asText()).isEqualTo("basic");
    }

    @Test
    void officialElasticsearchJavaClientWorksUnchanged() throws Exception {
        try (ElasticsearchClient es = TestKeygate.client("elastic", TestKeygate.ELASTIC_PASSWORD)) {
            assertThat(es.info().version().number()).startsWith("9.");
            es.index(i -> i.index("foundation-books").id("1").document(Map.of("title", "Dune", "year", 1965)).refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
            GetResponse<Map> got = es.get(g -> g.index("foundation-books").id("1"), Map.class);
            assertThat(got.found()).isTrue();
            assertThat(got.source()).containsEntry("title", "Dune");
            SearchResponse<Map> found = es.search(s -> s.index("foundation-books").query(q -> q.match(m -> m.field("title").query("dune"))), Map.class);
            assertThat(found.hits().hits()).hasSize(1);
            assertThat(found.hits().hits().getFirst().id()).isEqualTo("1");
        }
    }

    @Test
    void securityIndexIsUnreachableThroughTheProxyEvenForTheSuperuser() {
        for (String[] attempt : new String[][]{
                {"GET", "/.keygate-security/_search"},
                {"GET", "/.keygate-security/_doc/reserved-user-elastic"},
                {"DELETE", "/.keygate-security"},
                {"GET", "/%2Ekeygate-security/_search"},
                {"PUT", "/.keygate-security/_alias/mine"},
                {"POST", "/.keygate-security/_delete_by_query?q=*"}}) {
            TestKeygate.Response r = call(attempt[0], attempt[1], elastic(), null);
            assertThat(r.status()).as(attempt[0] + " " + attempt[1]).isEqualTo(403);
            assertThat(r.text()).doesNotContain("password");
        }
        // wildcards resolve to authorized names only: the security index is never among them
        for (String path : new String[]{"/.keygate*/_search", "/_search?expand_wildcards=all&q=doc_type:reserved-user",
                "/*/_search?expand_wildcards=hidden,open&q=doc_type:reserved-user", "/_all/_search?expand_wildcards=all"}) {
            TestKeygate.Response r = call("GET", path, elastic(), null);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.text()).as(path).doesNotContain(".keygate-security").doesNotContain("reserved-user");
        }
        assertThat(TestKeygate.backend("HEAD", "/.keygate-security", null).status()).isEqualTo(200);
        assertThat(TestKeygate.backend("GET", "/.keygate-security/_alias", null).json().path(".keygate-security").path("aliases").isEmpty()).isTrue();
    }

    @Test
    void compatibleWithMediaTypesAreTranslatedForTheBackend() {
        TestKeygate.Response r = TestKeygate.call(TestKeygate.url(), "PUT", "/foundation-compat/_doc/1?refresh=true", elastic(),
                "{\"x\":1}", "application/vnd.elasticsearch+json; compatible-with=9");
        assertThat(r.status()).isEqualTo(201);
        String ndjson = "{\"index\":{\"_index\":\"foundation-compat\",\"_id\":\"2\"}}\n{\"x\":2}\n";
        TestKeygate.Response bulk = TestKeygate.call(TestKeygate.url(), "POST", "/_bulk?refresh=true", elastic(), ndjson,
                "application/vnd.elasticsearch+x-ndjson; compatible-with=8");
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().path("errors").asBoolean()).isFalse();
    }

    @Test
    void gzipBulkBodiesAreForwardedAsSent() throws Exception {
        String ndjson = "{\"create\":{\"_index\":\"foundation-gzip\"}}\n{\"msg\":\"zipped\"}\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(ndjson.getBytes(StandardCharsets.UTF_8));
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(TestKeygate.url() + "/_bulk?refresh=true"))
                .header("Authorization", elastic()).header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build();
        TestKeygate.Response r = TestKeygate.send(req);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("items").get(0).path("create").path("status").asInt()).isEqualTo(201);
        assertThat(TestKeygate.backend("GET", "/foundation-gzip/_count", null).json().path("count").asInt()).isEqualTo(1);
    }

    @Test
    void headRequestsWork() {
        call("PUT", "/foundation-head", elastic(), null);
        assertThat(call("HEAD", "/foundation-head", elastic(), null).status()).isEqualTo(200);
        assertThat(call("HEAD", "/foundation-missing", elastic(), null).status()).isEqualTo(404);
    }

    @Test
    void bodiesOverTheLimitGet413AndNothingIsWritten() {
        String big = "{\"index\":{\"_index\":\"foundation-big\"}}\n{\"pad\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}\n";
        TestKeygate.Response r = TestKeygate.call(TestKeygate.url(), "POST", "/_bulk", elastic(), big, "application/x-ndjson");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("status").asInt()).isEqualTo(413);
        assertThat(TestKeygate.backend("HEAD", "/foundation-big", null).status()).isEqualTo(404);
    }

    @Test
    void unknownSecurityEndpointIs400AndWrongMethodIs405() {
        TestKeygate.Response unknown = call("GET", "/_security/nothing_here", elastic(), null);
        assertThat(unknown.status()).isEqualTo(400);
        TestKeygate.Response wrong = call("PATCH", "/_security/user/someone", elastic(), null);
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.json().path("error").path("type").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void malformedJsonIsA400NotA500() {
        TestKeygate.Response r = call("PUT", "/_security/user/broken", elastic(), "{\"password\": ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("parse_exception");
    }
}
