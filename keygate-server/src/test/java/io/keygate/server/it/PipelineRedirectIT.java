package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ingest pipeline can change where a document goes ({@code _index}). Elasticsearch authorizes bulk items again after
 * the pipeline ran, so a writer cannot use an administrator's pipeline to write where it may not; Keygate decides before
 * the pipeline runs, from what the pipeline can do: a redirect to a fixed name is authorized there too, one Keygate
 * cannot follow (taken from the document) is refused, an ordinary pipeline changes nothing. The pipelines and index
 * settings are created through Keygate as the superuser, as an administrator would.
 */
class PipelineRedirectIT {
    private static final String PW = "pipeline-redirect-password";
    /** create_doc on logs-* only: no privilege at all on secret-x. */
    private static final String WRITER = "pr_logs_writer";
    private static final String CREATE_PRIVS = "create_doc,create,index,write,all";
    private static final String LOGS = "logs-pr-app";
    private static final String DEFAULTED = "logs-pr-defaulted";
    private static final String OTHER = "logs-pr-other";
    private static final String SECRET = "secret-x";
    /** Its index.default_pipeline names a pipeline that was never created. */
    private static final String MISSING_DEFAULT = "logs-pr-missing-default";

    @BeforeAll
    static void setUp() {
        ok(call("PUT", "/_security/role/" + WRITER, elastic(),
                "{\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"create_doc\"]}]}"));
        ok(call("PUT", "/_security/user/" + WRITER, elastic(), "{\"password\":\"" + PW + "\",\"roles\":[\"" + WRITER + "\"]}"));
        for (String index : List.of(LOGS, OTHER, SECRET)) {
            ok(backend("PUT", "/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}"));
        }
        // as an administrator: through Keygate, as the superuser
        ok(call("PUT", "/_ingest/pipeline/pr-empty", elastic(), "{\"description\":\"no processors\",\"processors\":[]}"));
        ok(call("PUT", "/" + MISSING_DEFAULT, elastic(), "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,"
                + "\"index.default_pipeline\":\"pr-never-created\"}}"));
        // the managed backend has ingest-common, lang-painless and lang-mustache ({{target}}) added by Keygate
        assertThat(processors()).as("processor types of the managed backend").contains("set", "script", "lowercase");
        ok(call("PUT", "/_ingest/pipeline/pr-from-field", elastic(),
                "{\"processors\":[{\"set\":{\"field\":\"_index\",\"value\":\"{{target}}\"}}]}"));
        ok(call("PUT", "/_ingest/pipeline/pr-script", elastic(),
                "{\"processors\":[{\"script\":{\"source\":\"ctx._index = ctx.target\"}}]}"));
        ok(call("PUT", "/_ingest/pipeline/pr-to-secret", elastic(),
                "{\"processors\":[{\"set\":{\"field\":\"_index\",\"value\":\"" + SECRET + "\"}}]}"));
        ok(call("PUT", "/_ingest/pipeline/pr-to-other", elastic(),
                "{\"processors\":[{\"set\":{\"field\":\"_index\",\"value\":\"" + OTHER + "\"}}]}"));
        ok(call("PUT", "/_ingest/pipeline/pr-ordinary", elastic(), """
                {"processors":[{"set":{"field":"shipper","value":"{{host}}"}},{"lowercase":{"field":"m"}},
                  {"script":{"source":"ctx.n = ctx.containsKey('m') ? 1 : 0"}}]}"""));
        ok(call("PUT", "/" + DEFAULTED, elastic(), "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,"
                + "\"index.default_pipeline\":\"pr-from-field\"}}"));
    }

    /** The processor types the backend's ingest nodes have. */
    private static Set<String> processors() {
        JsonNode nodes = backend("GET", "/_nodes/ingest", null).json().path("nodes");
        Set<String> have = new HashSet<>();
        nodes.forEach(n -> n.path("ingest").path("processors").forEach(p -> have.add(p.path("type").asText())));
        return have;
    }

    /** Any backend: a pipeline learnt after the superuser put it through Keygate runs; one Keygate never saw is refused. */
    @Test
    void aPipelineKeygateHasReadIsRunAndOneItHasNotIsRefused() {
        TestKeygate.Response single = call("POST", "/" + LOGS + "/_doc?refresh=true&pipeline=pr-empty", as(WRITER),
                "{\"m\":\"empty-single\"}");
        assertThat(single.status()).as(single.text()).isEqualTo(201);
        TestKeygate.Response unseen = call("POST", "/" + LOGS + "/_doc?pipeline=pr-never-created", as(WRITER),
                "{\"m\":\"unseen-single\"}");
        assertRefusedAnywhere(unseen, "pr-never-created");
        assertThat(unseen.json().path("error").path("reason").asText()).contains("pipeline [pr-never-created] is not known to Keygate");
        TestKeygate.Response r = bulk(as(WRITER), "/_bulk?pipeline=pr-empty", """
                {"create":{"_index":"logs-pr-app"}}
                {"m":"empty-bulk"}
                {"create":{"_index":"logs-pr-app","pipeline":"pr-never-created"}}
                {"m":"unseen-bulk"}
                """);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(items.get(0).path("create").path("status").asInt()).as(items.toString()).isEqualTo(201);
        assertRefusedAnywhere(items.get(1).path("create"), "pr-never-created");
        assertThat(countOnBackend(LOGS, "empty-single")).isEqualTo(1);
        assertThat(countOnBackend(LOGS, "empty-bulk")).isEqualTo(1);
    }

    /** Any backend: an index's default pipeline is read from its settings; the write's own pipeline replaces it. */
    @Test
    void theIndexDefaultPipelineIsTheOneJudgedUnlessTheWriteNamesItsOwn() {
        TestKeygate.Response r = bulk(as(WRITER), "/_bulk", """
                {"create":{"_index":"logs-pr-missing-default"}}
                {"m":"default-unseen"}
                {"create":{"_index":"logs-pr-missing-default","pipeline":"pr-empty"}}
                {"m":"default-replaced-by-empty"}
                """);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertRefusedAnywhere(items.get(0).path("create"), "pr-never-created");
        assertThat(items.get(1).path("create").path("status").asInt()).as(items.toString()).isEqualTo(201);
        assertThat(countOnBackend(MISSING_DEFAULT, "default-replaced-by-empty")).isEqualTo(1);
    }

    /** The premise: each redirecting pipeline really moves a superuser's document to secret-x on the backend. */
    @Test
    void theRedirectingPipelinesReallyMoveDocumentsForTheSuperuser() {
        for (String pipeline : List.of("pr-from-field", "pr-script", "pr-to-secret")) {
            TestKeygate.Response r = call("POST", "/" + LOGS + "/_doc?refresh=true&pipeline=" + pipeline, elastic(),
                    "{\"target\":\"" + SECRET + "\",\"m\":\"super-" + pipeline + "\"}");
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            assertThat(r.json().path("_index").asText()).isEqualTo(SECRET);
            assertThat(countOnBackend(SECRET, "super-" + pipeline)).isEqualTo(1);
        }
    }

    @Test
    void bulkItemsThroughARedirectingPipelineAreRefusedAndTheOthersWritten() {
        TestKeygate.Response r = bulk(as(WRITER), "/_bulk?pipeline=pr-from-field", """
                {"create":{"_index":"logs-pr-app"}}
                {"target":"secret-x","m":"bulk-url-pipeline"}
                {"create":{"_index":"logs-pr-app","pipeline":"pr-to-secret"}}
                {"m":"bulk-line-fixed"}
                {"create":{"_index":"logs-pr-app","pipeline":"pr-script"}}
                {"target":"secret-x","m":"bulk-line-script"}
                {"create":{"_index":"logs-pr-app","pipeline":"pr-ordinary"}}
                {"host":"web-1","m":"BULK-ORDINARY"}
                {"create":{"_index":"logs-pr-app","pipeline":"pr-to-other"}}
                {"m":"bulk-to-other"}
                """);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(r.json().path("errors").asBoolean()).isTrue();
        assertThat(items).hasSize(5);
        assertRefusedAnywhere(items.get(0).path("create"), "pr-from-field");
        JsonNode fixed = items.get(1).path("create");
        assertThat(fixed.path("status").asInt()).as(fixed.toString()).isEqualTo(403);
        assertThat(fixed.path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(fixed.path("error").path("reason").asText())
                .isEqualTo(denial("indices:data/write/bulk[s]", List.of(SECRET), CREATE_PRIVS));
        assertRefusedAnywhere(items.get(2).path("create"), "pr-script");
        assertThat(items.get(3).path("create").path("status").asInt()).as(items.get(3).toString()).isEqualTo(201);
        assertThat(items.get(3).path("create").path("_index").asText()).isEqualTo(LOGS);
        // a redirect to a name the writer may write: written there, as in Elasticsearch
        assertThat(items.get(4).path("create").path("status").asInt()).as(items.get(4).toString()).isEqualTo(201);
        assertThat(items.get(4).path("create").path("_index").asText()).isEqualTo(OTHER);

        for (String m : List.of("bulk-url-pipeline", "bulk-line-fixed", "bulk-line-script")) {
            assertThat(countOnBackend(SECRET, m)).as(m).isZero();
        }
        assertThat(countOnBackend(LOGS, "bulk-ordinary")).isEqualTo(1); // lower-cased by the pipeline
        assertThat(countOnBackend(OTHER, "bulk-to-other")).isEqualTo(1);
    }

    @Test
    void singleDocumentWritesThroughARedirectingPipelineAreRefused() {
        TestKeygate.Response fromField = call("POST", "/" + LOGS + "/_doc?pipeline=pr-from-field", as(WRITER),
                "{\"target\":\"secret-x\",\"m\":\"single-from-field\"}");
        assertRefusedAnywhere(fromField, "pr-from-field");
        TestKeygate.Response fixed = call("PUT", "/" + LOGS + "/_create/chosen-1?pipeline=pr-to-secret", as(WRITER),
                "{\"m\":\"single-fixed\"}");
        assertThat(fixed.status()).as(fixed.text()).isEqualTo(403);
        assertThat(fixed.json().path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(fixed.json().path("error").path("reason").asText())
                .isEqualTo(denial("indices:data/write/bulk[s]", List.of(SECRET), CREATE_PRIVS));
        TestKeygate.Response ordinary = call("POST", "/" + LOGS + "/_doc?refresh=true&pipeline=pr-ordinary", as(WRITER),
                "{\"host\":\"web-2\",\"m\":\"Single-Ordinary\"}");
        assertThat(ordinary.status()).as(ordinary.text()).isEqualTo(201);
        assertThat(ordinary.json().path("_index").asText()).isEqualTo(LOGS);

        assertThat(countOnBackend(SECRET, "single-from-field")).isZero();
        assertThat(countOnBackend(SECRET, "single-fixed")).isZero();
        assertThat(countOnBackend(LOGS, "single-ordinary")).isEqualTo(1);
    }

    @Test
    void anIndexDefaultPipelineThatRedirectsIsRefusedToo() {
        TestKeygate.Response single = call("POST", "/" + DEFAULTED + "/_doc", as(WRITER),
                "{\"target\":\"secret-x\",\"m\":\"default-single\"}");
        assertRefusedAnywhere(single, "pr-from-field");
        TestKeygate.Response r = bulk(as(WRITER), "/_bulk", """
                {"create":{"_index":"logs-pr-defaulted"}}
                {"target":"secret-x","m":"default-bulk"}
                """);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertRefusedAnywhere(r.json().path("items").get(0).path("create"), "pr-from-field");
        // the write's own pipeline replaces the default one, as on the backend
        TestKeygate.Response own = call("POST", "/" + DEFAULTED + "/_doc?refresh=true&pipeline=pr-ordinary", as(WRITER),
                "{\"target\":\"secret-x\",\"m\":\"default-replaced\"}");
        assertThat(own.status()).as(own.text()).isEqualTo(201);
        assertThat(own.json().path("_index").asText()).isEqualTo(DEFAULTED);

        assertThat(countOnBackend(SECRET, "default-single")).isZero();
        assertThat(countOnBackend(SECRET, "default-bulk")).isZero();
        assertThat(countOnBackend(SECRET, "default-replaced")).isZero();
    }

    /** Any backend: elasticsearch-java at its defaults, an API key with create_doc on logs-* only. */
    @Test
    void officialClientSeesAnItemThroughAnUnreadPipelineRefused() throws IOException {
        var client = TestKeygate.apiKeyClient(logsKey("pr-key-any"));
        var response = client.bulk(b -> b.pipeline("pr-empty")
                .operations(o -> o.create(c -> c.index(LOGS).pipeline("pr-never-created").document(Map.of("m", "client-unseen"))))
                .operations(o -> o.create(c -> c.index(LOGS).document(Map.of("m", "client-empty")))));
        assertThat(response.errors()).isTrue();
        assertThat(response.items()).hasSize(2);
        assertThat(response.items().get(0).status()).isEqualTo(403);
        assertThat(response.items().get(0).error().type()).isEqualTo("security_exception");
        assertThat(response.items().get(0).error().reason()).contains("pipeline [pr-never-created]").contains("may change the target index");
        assertThat(response.items().get(1).status()).isEqualTo(201);
        assertThat(countOnBackend(LOGS, "client-unseen")).isZero();
        assertThat(countOnBackend(LOGS, "client-empty")).isEqualTo(1);
    }

    private static String logsKey(String name) {
        TestKeygate.Response created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"" + name + "\",\"role_descriptors\":"
                + "{\"logs\":{\"index\":[{\"names\":[\"logs-*\"],\"privileges\":[\"create_doc\"]}]}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.json().path("encoded").asText();
    }

    /** elasticsearch-java at its defaults, with an API key holding create_doc on logs-* only. */
    @Test
    void officialClientSeesTheRedirectedItemsRefused() throws IOException {
        var client = TestKeygate.apiKeyClient(logsKey("pr-key"));
        var response = client.bulk(b -> b.pipeline("pr-from-field")
                .operations(o -> o.create(c -> c.index(LOGS).document(Map.of("target", SECRET, "m", "client-url"))))
                .operations(o -> o.create(c -> c.index(LOGS).pipeline("pr-to-secret").document(Map.of("m", "client-fixed"))))
                .operations(o -> o.create(c -> c.index(LOGS).pipeline("pr-ordinary").document(Map.of("host", "h", "m", "client-ordinary")))));
        assertThat(response.errors()).isTrue();
        assertThat(response.items()).hasSize(3);
        assertThat(response.items().get(0).status()).isEqualTo(403);
        assertThat(response.items().get(0).error().type()).isEqualTo("security_exception");
        assertThat(response.items().get(0).error().reason()).contains("pipeline [pr-from-field]").contains("may change the target index");
        assertThat(response.items().get(1).status()).isEqualTo(403);
        assertThat(response.items().get(1).error().reason()).contains("on indices [" + SECRET + "]");
        assertThat(response.items().get(2).status()).isEqualTo(201);
        assertThat(countOnBackend(SECRET, "client-url")).isZero();
        assertThat(countOnBackend(SECRET, "client-fixed")).isZero();
        assertThat(countOnBackend(LOGS, "client-ordinary")).isEqualTo(1);
    }

    private static void assertRefusedAnywhere(TestKeygate.Response r, String pipeline) {
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        JsonNode error = r.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("security_exception");
        assertThat(error.path("reason").asText()).as(r.text())
                .startsWith("action [").contains("is unauthorized for user [" + WRITER + "]")
                .contains("pipeline [" + pipeline + "]").contains("may change the target index");
        assertThat(r.json().path("status").asInt()).isEqualTo(403);
    }

    private static void assertRefusedAnywhere(JsonNode item, String pipeline) {
        assertThat(item.path("status").asInt()).as(item.toString()).isEqualTo(403);
        assertThat(item.path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(item.path("error").path("reason").asText()).as(item.toString())
                .contains("is unauthorized for user [" + WRITER + "]")
                .contains("pipeline [" + pipeline + "]").contains("may change the target index");
    }

    private static String denial(String action, List<String> indices, String privileges) {
        return "action [" + action + "] is unauthorized for user [" + WRITER + "] with effective roles [" + WRITER + "]"
                + " on indices [" + String.join(",", indices) + "], this action is granted by the index privileges ["
                + privileges + "]";
    }

    private static String as(String user) {
        return basic(user, PW);
    }

    private static TestKeygate.Response bulk(String auth, String path, String ndjson) {
        return call(TestKeygate.url(), "POST", path, auth, ndjson, "application/x-ndjson");
    }

    /** Documents whose {@code m} is {@code value} in {@code index}, read straight from the backend. */
    private static long countOnBackend(String index, String value) {
        backend("POST", "/" + index + "/_refresh?ignore_unavailable=true", null);
        TestKeygate.Response r = backend("POST", "/" + index + "/_count?ignore_unavailable=true",
                "{\"query\":{\"term\":{\"m.keyword\":\"" + value + "\"}}}");
        return r.json().path("count").asLong();
    }

    private static void ok(TestKeygate.Response r) {
        assertThat(r.status()).as(r.text()).isIn(200, 201);
    }
}
