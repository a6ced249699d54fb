package io.keygate.server.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.security.ApiKey;
import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keygate's usage record of API keys: counted in memory on every request, written to the key's document at most once
 * per key per flush interval (here 1 s), returned as {@code keygate_usage} by get and query (which the official client
 * still reads), and queryable.
 */
class ApiKeyUsageIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static KeygateNode node;

    @BeforeAll
    static void start() throws Exception {
        TestKeygate.node();
        node = KeygateNode.start(Settings.of(Map.of("http.port", "0", "backend.hosts", TestKeygate.backendUrl(),
                "keygate.security.authc.api_key.usage.flush_interval", "1s")), null, line -> System.out.println("[usage keygate] " + line));
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
    }

    private static String url() {
        return "http://127.0.0.1:" + node.port();
    }

    private static TestKeygate.Response call(String method, String path, String auth, String body) {
        return TestKeygate.call(url(), method, path, auth, body, "application/json");
    }

    private static long seqNo(String id) {
        return TestKeygate.backend("GET", "/.keygate-security/_doc/" + id, null).json().path("_seq_no").asLong();
    }

    private static JsonNode getKey(String id) {
        return call("GET", "/_security/api_key?id=" + id, elastic(), null).json().path("api_keys").path(0);
    }

    @Test
    void usageUnderLoadIsWrittenInBatchesAndReturned() throws Exception {
        JsonNode created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"usage-load-" + RUN + "\"}").json();
        String id = created.path("id").asText();
        String header = "ApiKey " + created.path("encoded").asText();
        assertThat(getKey(id).has("keygate_usage")).as("never used").isFalse();
        long seqBefore = seqNo(id);

        int requests = 400;
        long start = System.currentTimeMillis();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < requests / 4; i++) {
                    TestKeygate.Response r = TestKeygate.send(HttpRequest.newBuilder(URI.create(url() + "/_security/_authenticate"))
                            .header("Authorization", header).header("User-Agent", "usage-it/1.0 (shipper)").GET().build());
                    assertThat(r.status()).isEqualTo(200);
                }
            }));
        }
        for (Thread t : threads) t.join();
        long loadMillis = System.currentTimeMillis() - start;

        JsonNode usage = awaitCount(id, requests);
        assertThat(usage.path("last_used").asLong()).isBetween(start, System.currentTimeMillis());
        assertThat(usage.path("last_address").asText()).isEqualTo("127.0.0.1");
        assertThat(usage.path("last_user_agent").asText()).isEqualTo("usage-it/1.0 (shipper)");

        // at most one write per flush interval (1 s) while the load ran, plus the flush after it: far fewer than requests
        long writes = seqNo(id) - seqBefore;
        System.out.println("[usage] " + requests + " requests in " + loadMillis + " ms → " + writes + " document writes");
        assertThat(writes).isPositive().isLessThanOrEqualTo(loadMillis / 1000 + 3);

        // nothing more is written while the key rests
        long settled = seqNo(id);
        Thread.sleep(2_500);
        assertThat(seqNo(id)).isEqualTo(settled);

        // who used the key from where: audit events (one per record written) that add up to the requests
        long audited = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(System.getProperty("keygate.logs", "target/it-logs"),
                "keygate_audit.json"))) {
            JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            if (!"api_key_used".equals(e.path("event.action").asText()) || !id.equals(e.path("keygate.api_key.id").asText())) continue;
            assertThat(e.path("source.ip").asText()).isEqualTo("127.0.0.1");
            assertThat(e.path("user_agent.original").asText()).isEqualTo("usage-it/1.0 (shipper)");
            audited += e.path("keygate.api_key.requests").asLong();
        }
        assertThat(audited).isEqualTo(requests);

        // an update keeps the record
        assertThat(call("PUT", "/_security/api_key/" + id, elastic(), "{\"metadata\":{\"t\":\"" + RUN + "\"}}").json()
                .path("updated").asBoolean()).isTrue();
        assertThat(getKey(id).path("keygate_usage").path("request_count").asLong()).isEqualTo(requests);
    }

    @Test
    void theOfficialClientStillReadsKeysThatCarryUsage() throws Exception {
        JsonNode created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"usage-client-" + RUN + "\"}").json();
        String id = created.path("id").asText();
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + created.path("encoded").asText(), null).status()).isEqualTo(200);
        awaitCount(id, 1);
        ElasticsearchClient client = ElasticsearchClient.of(b -> b.host(url()).usernameAndPassword("elastic", TestKeygate.ELASTIC_PASSWORD));
        List<ApiKey> got = client.security().getApiKey(g -> g.id(id)).apiKeys();
        assertThat(got).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo(id);
            assertThat(k.name()).isEqualTo("usage-client-" + RUN);
        });
        List<ApiKey> queried = client.security().queryApiKeys(q -> q.query(qq -> qq.ids(i -> i.values(id)))).apiKeys();
        assertThat(queried).singleElement().satisfies(k -> assertThat(k.id()).isEqualTo(id));
    }

    @Test
    void theQueryApiFindsNeverUsedAndRecentlyUsedKeys() throws Exception {
        JsonNode used = call("POST", "/_security/api_key", elastic(), "{\"name\":\"usage-q-used-" + RUN + "\"}").json();
        String unused = call("POST", "/_security/api_key", elastic(), "{\"name\":\"usage-q-unused-" + RUN + "\"}").json().path("id").asText();
        call("GET", "/_security/_authenticate", "ApiKey " + used.path("encoded").asText(), null);
        awaitCount(used.path("id").asText(), 1);

        JsonNode never = call("POST", "/_security/_query/api_key", elastic(), """
                {"query":{"bool":{"filter":[{"prefix":{"name":"usage-q-"}}],
                  "must_not":[{"exists":{"field":"keygate_usage.last_used"}}]}}}""".replace("usage-q-", "usage-q-")).json();
        assertThat(ids(never)).contains(unused).doesNotContain(used.path("id").asText());

        JsonNode recent = call("POST", "/_security/_query/api_key", elastic(), """
                {"query":{"bool":{"filter":[{"prefix":{"name":"usage-q-"}},{"range":{"keygate_usage.last_used":{"gte":"now-1h"}}}]}},
                 "sort":[{"keygate_usage.last_used":{"order":"desc"}}]}""").json();
        assertThat(ids(recent)).containsExactly(used.path("id").asText());
        assertThat(recent.path("api_keys").path(0).path("keygate_usage").path("request_count").asLong()).isEqualTo(1);
    }

    private static List<String> ids(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("api_keys").forEach(k -> out.add(k.path("id").asText()));
        return out;
    }

    private static JsonNode awaitCount(String id, long count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        JsonNode usage = null;
        while (System.currentTimeMillis() < deadline) {
            usage = getKey(id).path("keygate_usage");
            if (usage.path("request_count").asLong() >= count) break;
            Thread.sleep(200);
        }
        assertThat(usage.path("request_count").asLong()).as(String.valueOf(usage)).isEqualTo(count);
        return usage;
    }
}
