package io.keygate.server.it;

import co.elastic.clients.transport.rest5_client.low_level.Node;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.sniffer.ElasticsearchNodesSniffer;
import co.elastic.clients.transport.rest5_client.low_level.sniffer.Sniffer;
import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.server.backend.BackendClient;
import io.keygate.server.KeygateNode;
import io.keygate.server.backend.BuiltinTemplates;
import io.keygate.server.config.Settings;
import io.vertx.core.Vertx;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** What shippers find when they land on Keygate: data streams, Elasticsearch's node roles, Keygate's own address. */
class ShippersIT {
    /**
     * A second Keygate with a managed backend of its own, started exactly as {@code bin/keygate} starts one: it installs
     * the built-in data stream templates. (The shared test node does not: other suites write names such as
     * {@code traces-apm-default} and {@code logs-app-1} with index ops, which a data stream refuses, as on Elasticsearch.)
     */
    static KeygateNode managed;
    static String url;
    static String backendUrl;

    @BeforeAll
    static void startAManagedKeygateWithItsTemplates() throws Exception {
        Path data = Path.of(System.getProperty("keygate.it.data", "target/it-data") + "-shippers").toAbsolutePath();
        deleteRecursively(data.resolve("backend").resolve("data"));
        managed = KeygateNode.start(Settings.of(Map.of("http.port", "0", "path.data", data.toString(),
                "backend.managed.distribution", System.getProperty("keygate.backend.distribution"),
                "backend.managed.heap", "512m")), TestKeygate.ELASTIC_PASSWORD,
                line -> System.out.println("[shippers keygate] " + line));
        url = "http://127.0.0.1:" + managed.port();
        backendUrl = managed.backendHosts().getFirst().toString();
    }

    @AfterAll
    static void stop() {
        if (managed != null) managed.close();
    }

    static TestKeygate.Response onNode(String method, String path, String authorization, String body) {
        return TestKeygate.call(url, method, path, authorization, body, "application/json");
    }

    /** Its backend, straight: only to observe what happened. */
    static TestKeygate.Response onBackend(String method, String path, String body) {
        return TestKeygate.call(backendUrl, method, path, null, body, "application/json");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** The seed's APM Server writer key, as Elastic's APM docs give it. */
    static final String APM_WRITER = """
            {"apm_writer":{"cluster":["monitor"],"index":[{"names":["traces-apm*","logs-apm*","metrics-apm*"],\
            "privileges":["auto_configure","create_doc"]}]}}""";

    static String createKey(String name, String descriptors) {
        return createKey(TestKeygate.url(), name, descriptors);
    }

    static String createKey(String base, String name, String descriptors) {
        TestKeygate.Response r = TestKeygate.call(base, "POST", "/_security/api_key", elastic(),
                "{\"name\":\"" + name + "\",\"role_descriptors\":" + descriptors + "}", "application/json");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return "ApiKey " + r.json().path("encoded").asText();
    }

    @Test
    void theApmWriterKeyCreatesDataStreamsWithTimestampMappedAsDate() {
        String key = createKey(url, "apm_host001", APM_WRITER);
        TestKeygate.Response doc = onNode("POST", "/traces-apm-default/_doc", key,
                "{\"@timestamp\":\"2026-11-30T10:00:00.000Z\",\"message\":\"GET /\",\"source\":{\"ip\":\"10.0.0.1\"}}");
        assertThat(doc.status()).as(doc.text()).isEqualTo(201);
        assertThat(doc.json().path("_index").asText()).startsWith(".ds-traces-apm-default-");
        // a single node: no replica that could never be assigned
        assertThat(doc.json().path("_shards").path("total").asInt()).isEqualTo(1);

        TestKeygate.Response bulk = call(url, "POST", "/_bulk?require_data_stream=true", key, """
                {"create":{"_index":"logs-apm.app.checkout-default"}}
                {"@timestamp":"2026-11-30T10:00:01.000Z","message":"paid","service":{"name":"checkout"}}
                {"create":{"_index":"metrics-apm.internal-default"}}
                {"@timestamp":1795860000000,"transaction":{"duration":{"us":12}}}
                """, "application/x-ndjson");
        assertThat(bulk.json().path("errors").asBoolean()).as(bulk.text()).isFalse();

        for (String stream : List.of("traces-apm-default", "logs-apm.app.checkout-default", "metrics-apm.internal-default")) {
            JsonNode ds = onNode("GET", "/_data_stream/" + stream, elastic(), null).json().path("data_streams").get(0);
            assertThat(ds.path("name").asText()).isEqualTo(stream);
            assertThat(ds.path("timestamp_field").path("name").asText()).isEqualTo("@timestamp");
            assertThat(ds.path("status").asText()).isEqualTo("GREEN");
            JsonNode mapping = onBackend("GET", "/" + stream + "/_mapping", null).json();
            JsonNode properties = mapping.elements().next().path("mappings").path("properties");
            assertThat(properties.path("@timestamp").path("type").asText()).as(stream).isEqualTo("date");
            assertThat(properties.path("data_stream").path("properties").path("type").path("value").asText())
                    .isEqualTo(stream.substring(0, stream.indexOf('-')));
        }
        JsonNode traces = onBackend("GET", "/traces-apm-default/_mapping", null).json().elements().next().path("mappings");
        assertThat(traces.path("properties").path("source").path("properties").path("ip").path("type").asText()).isEqualTo("ip");
        assertThat(traces.path("properties").path("message").path("type").asText()).isEqualTo("match_only_text");
    }

    @Test
    void aDataStreamIsAuthorizedAsElasticsearchAuthorizesIt() {
        String key = createKey(url, "apm_reader_less", APM_WRITER);
        onNode("POST", "/traces-apm.authz-default/_doc", elastic(), "{\"@timestamp\":\"2026-11-30T10:00:00Z\"}");
        // the writer key may not read or delete the data stream: create_doc and auto_configure only
        assertThat(onNode("GET", "/_data_stream/traces-apm.authz-default", key, null).status()).isEqualTo(403);
        assertThat(onNode("DELETE", "/_data_stream/traces-apm.authz-default", key, null).status()).isEqualTo(403);
        assertThat(onNode("GET", "/_data_stream/traces-apm.authz-default", elastic(), null).status()).isEqualTo(200);
    }

    @Test
    void builtinTemplatesAreVersionedAndNeverOverwriteAUsersTemplate() {
        Vertx vertx = Vertx.vertx();
        try {
            BackendClient client = new BackendClient(vertx, new BackendClient.Config(List.of(URI.create(backendUrl)),
                    null, null, null, null, null, 4));
            BuiltinTemplates templates = new BuiltinTemplates(client);
            // the managed Keygate installed them at start
            assertThat(templates.install().await()).allMatch(line -> line.contains("kept (version " + templates.version() + " is current)"));

            // a user's own template of the same name is theirs
            String users = """
                    {"index_patterns":["synthetics-*-*"],"priority":100,"data_stream":{},"version":99,
                     "template":{"settings":{"index.number_of_shards":1}},"_meta":{"owner":"me"}}""";
            assertThat(onBackend("PUT", "/_index_template/synthetics", users).status()).isEqualTo(200);
            assertThat(templates.install().await()).contains("_index_template/synthetics: kept (not written by Keygate)");
            assertThat(onBackend("GET", "/_index_template/synthetics", null).json().path("index_templates").get(0)
                    .path("index_template").path("_meta").path("owner").asText()).isEqualTo("me");

            // an older Keygate's template is upgraded
            onBackend("DELETE", "/_index_template/synthetics", null);
            String older = """
                    {"index_patterns":["synthetics-*-*"],"priority":100,"data_stream":{},"version":0,
                     "composed_of":["synthetics@mappings"],"_meta":{"managed_by":"keygate"}}""";
            assertThat(onBackend("PUT", "/_index_template/synthetics", older).status()).isEqualTo(200);
            assertThat(templates.install().await()).contains("_index_template/synthetics: updated from version 0 to " + templates.version());
            JsonNode now = onBackend("GET", "/_index_template/synthetics", null).json().path("index_templates").get(0).path("index_template");
            assertThat(now.path("version").asInt()).isEqualTo(templates.version());
            assertThat(now.path("composed_of").toString()).contains("ecs@mappings");
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void nodesReportElasticsearchsMasterRole() {
        JsonNode nodes = call("GET", "/_nodes", elastic(), null).json().path("nodes");
        assertThat(nodes.size()).isGreaterThan(0);
        nodes.forEach(node -> {
            List<String> roles = new ArrayList<>();
            node.path("roles").forEach(r -> roles.add(r.asText()));
            assertThat(roles).contains("master", "data", "ingest").doesNotContain("cluster_manager");
        });
        JsonNode cat = call("GET", "/_cat/nodes?format=json", elastic(), null).json().get(0);
        assertThat(cat.path("master").asText()).isEqualTo("*");
        assertThat(cat.has("cluster_manager")).isFalse();
        assertThat(cat.path("node.roles").asText()).contains("master").doesNotContain("cluster_manager");
        String text = call("GET", "/_cat/nodes?v", elastic(), null).text();
        assertThat(text.lines().findFirst().orElseThrow().split("\\s+")).contains("master").doesNotContain("cluster_manager");
        // the columns stay aligned: the header's "name" starts where the row's node name starts
        List<String> lines = text.lines().toList();
        String nodeName = cat.path("name").asText();
        assertThat(lines.get(1).lastIndexOf(nodeName)).isEqualTo(lines.get(0).lastIndexOf("name"));
    }

    @Test
    void nodesHttpPublishesKeygatesOwnAddressOnly() {
        String keygate = "127.0.0.1:" + TestKeygate.node().port();
        JsonNode nodes = call("GET", "/_nodes/http", elastic(), null).json().path("nodes");
        String backendPort = ":" + URI.create(TestKeygate.backendUrl()).getPort();
        nodes.forEach(node -> {
            assertThat(node.path("http").path("publish_address").asText()).isEqualTo(keygate);
            assertThat(node.path("http").path("bound_address").toString()).isEqualTo("[\"" + keygate + "\"]");
            assertThat(node.toString()).doesNotContain(backendPort);
        });
        assertThat(call("GET", "/_nodes/stats", elastic(), null).text()).doesNotContain(backendPort);
    }

    @Test
    void elasticsearchJavasSnifferOnlyEverFindsKeygate() throws Exception {
        URI keygate = URI.create(TestKeygate.url());
        try (Rest5Client client = Rest5Client.builder(keygate)
                .setDefaultHeaders(new Header[]{new BasicHeader("Authorization", elastic())}).build()) {
            List<Node> sniffed = new ElasticsearchNodesSniffer(client).sniff();
            assertThat(sniffed).isNotEmpty();
            assertThat(sniffed).allSatisfy(node -> {
                assertThat(node.getHost().getHostName()).isEqualTo("127.0.0.1");
                assertThat(node.getHost().getPort()).isEqualTo(keygate.getPort());
                assertThat(node.getRoles().isMasterEligible()).isTrue();
            });
            try (Sniffer sniffer = Sniffer.builder(client).setSniffIntervalMillis(100).build()) {
                Thread.sleep(500);
                assertThat(client.getNodes()).isNotEmpty().allSatisfy(node ->
                        assertThat(node.getHost().toURI()).isEqualTo("http://127.0.0.1:" + keygate.getPort()));
            }
        }
    }

    @Test
    void xpackAnswersAsABasicLicensedElasticsearchWithSecurity() {
        TestKeygate.Response info = call("GET", "/_xpack", elastic(), null);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.header("X-Elastic-Product")).isEqualTo("Elasticsearch");
        assertThat(info.json().path("license").path("type").asText()).isEqualTo("basic");
        assertThat(info.json().path("license").path("status").asText()).isEqualTo("active");
        assertThat(info.json().path("features").path("security").path("enabled").asBoolean()).isTrue();
        assertThat(info.json().path("features").path("ilm").path("available").asBoolean()).isFalse();
        assertThat(call("GET", "/_xpack?categories=license", elastic(), null).json().has("features")).isFalse();
        JsonNode usage = call("GET", "/_xpack/usage", elastic(), null).json();
        assertThat(usage.path("security").path("enabled").asBoolean()).isTrue();
        assertThat(usage.path("security").path("api_key_service").path("enabled").asBoolean()).isTrue();
        // the writer key holds monitor: Beats' and Logstash's startup call passes
        String key = createKey("apm_xpack", APM_WRITER);
        assertThat(call("GET", "/_xpack", key, null).status()).isEqualTo(200);
        String noMonitor = createKey("no_monitor", "{\"r\":{\"index\":[{\"names\":[\"x\"],\"privileges\":[\"read\"]}]}}");
        assertThat(call("GET", "/_xpack/usage", noMonitor, null).status()).isEqualTo(403);
    }

    @Test
    void aPlainIndexOnTheSingleNodeBackendIsGreen() {
        assertThat(call("PUT", "/single-node-replicas", elastic(), null).status()).isEqualTo(200);
        JsonNode health = call("GET", "/_cluster/health/single-node-replicas?wait_for_status=green&timeout=10s", elastic(), null).json();
        assertThat(health.path("status").asText()).isEqualTo("green");
        assertThat(backend("GET", "/single-node-replicas/_settings", null).json().path("single-node-replicas")
                .path("settings").path("index").path("number_of_replicas").asText()).isEqualTo("0");
    }

    /**
     * A Filebeat-module style pipeline (grok, date, rename, dissect, set with a template, a Painless script), created by the
     * superuser as {@code filebeat setup} does and run by a writer's bulk into a data stream, on the managed backend.
     */
    @Test
    void aShippersIngestPipelineRunsOnTheManagedBackend() {
        TestKeygate.Response put = onNode("PUT", "/_ingest/pipeline/filebeat-nginx-access-like", elastic(), """
                {"description":"as a Filebeat module's","processors":[
                  {"grok":{"field":"message","patterns":["%{IPORHOST:source.address} - %{DATA:user.name} \\\\[%{HTTPDATE:nginx.access.time}\\\\] \\\"%{WORD:http.request.method} %{DATA:url.original} HTTP/%{NUMBER:http.version}\\\" %{NUMBER:http.response.status_code:long} %{NUMBER:http.response.body.bytes:long}"]}},
                  {"date":{"field":"nginx.access.time","target_field":"@timestamp","formats":["dd/MMM/yyyy:HH:mm:ss Z"]}},
                  {"remove":{"field":"nginx.access.time"}},
                  {"rename":{"field":"source.address","target_field":"source.ip"}},
                  {"dissect":{"field":"url.original","pattern":"/%{url.section}/%{url.rest}"}},
                  {"set":{"field":"event.original_method","value":"{{http.request.method}}"}},
                  {"script":{"lang":"painless","source":"ctx.event.kind = ctx.http.response.status_code >= 400 ? 'alert' : 'event'"}}]}""");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        String key = createKey(url, "filebeat_nginx", """
                {"filebeat_writer":{"cluster":["monitor","read_pipeline"],"index":[{"names":["logs-nginx.access-*"],\
                "privileges":["create_doc","auto_configure"]}]}}""");

        TestKeygate.Response bulk = call(url, "POST", "/_bulk?refresh=true", key, """
                {"create":{"_index":"logs-nginx.access-default","pipeline":"filebeat-nginx-access-like"}}
                {"message":"10.1.2.3 - alice [30/Nov/2026:10:00:00 +0000] \\\"GET /shop/cart?id=1 HTTP/1.1\\\" 404 512"}
                """, "application/x-ndjson");

        assertThat(bulk.json().path("errors").asBoolean()).as(bulk.text()).isFalse();
        JsonNode hit = onBackend("POST", "/logs-nginx.access-default/_search", "{\"query\":{\"match_all\":{}}}")
                .json().path("hits").path("hits").get(0).path("_source");
        assertThat(hit.path("@timestamp").asText()).isEqualTo("2026-11-30T10:00:00.000Z");
        assertThat(hit.path("source").path("ip").asText()).isEqualTo("10.1.2.3");
        assertThat(hit.path("http").path("response").path("status_code").asLong()).isEqualTo(404);
        assertThat(hit.path("url").path("section").asText()).isEqualTo("shop");
        assertThat(hit.path("event").path("original_method").asText()).isEqualTo("GET");
        assertThat(hit.path("event").path("kind").asText()).isEqualTo("alert");
        assertThat(hit.path("nginx").path("access").has("time")).isFalse();
    }
}
