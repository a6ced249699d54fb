package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Document- and field-level security (issue 12): two tenants share one index; each sees only its documents and never the
 * fields its role leaves out, through every read that is allowed, and every read Keygate cannot make safe is refused.
 */
class DocumentLevelSecurityIT {
    private static final String PW = "dls-it-password";

    @BeforeAll
    static void setUp() {
        for (int i = 1; i <= 6; i++) {
            String tenant = i % 2 == 0 ? "red" : "blue";
            String owner = i <= 2 ? "alice" : "bob";
            TestKeygate.Response r = backend("PUT", "/dls-logs/_doc/" + i + "?refresh=true", "{\"tenant\":\"" + tenant + "\",\"owner\":\""
                    + owner + "\",\"msg\":\"event " + i + " of " + tenant + "\",\"salary\":" + (1000 * i) + ",\"n\":" + i + "}");
            assertThat(r.status()).as(r.text()).isIn(200, 201);
        }
        role("dls_red", "{\"indices\":[{\"names\":[\"dls-logs\"],\"privileges\":[\"read\",\"view_index_metadata\"],\"query\":{\"term\":{\"tenant\":\"red\"}},"
                + "\"field_security\":{\"grant\":[\"tenant\",\"msg\",\"n\",\"owner\"]}}]}");
        role("dls_own", "{\"cluster\":[\"manage_own_api_key\"],\"indices\":[{\"names\":[\"dls-logs\"],\"privileges\":[\"read\"],"
                + "\"query\":{\"template\":{\"source\":{\"term\":{\"owner\":\"{{_user.username}}\"}}}}}]}");
        user("red_reader", "dls_red");
        user("alice", "dls_own");
        user("bob", "dls_own");
    }

    private static void role(String name, String body) {
        TestKeygate.Response r = call("PUT", "/_security/role/" + name, elastic(), body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static void user(String name, String role) {
        TestKeygate.Response r = call("PUT", "/_security/user/" + name, elastic(), "{\"password\":\"" + PW + "\",\"roles\":[\"" + role + "\"]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static String as(String user) {
        return basic(user, PW);
    }

    private static List<JsonNode> hits(TestKeygate.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().path("hits").path("hits").forEach(out::add);
        return out;
    }

    @Test
    void eachTenantSeesOnlyItsDocumentsAndFields() {
        List<JsonNode> hits = hits(call("POST", "/dls-logs/_search", as("red_reader"), "{\"size\":100}"));
        assertThat(hits).hasSize(3).allSatisfy(h -> {
            assertThat(h.path("_source").path("tenant").asText()).isEqualTo("red");
            assertThat(h.path("_source").has("salary")).isFalse();
        });
        // no body, and the count API
        assertThat(hits(call("GET", "/dls-logs/_search", as("red_reader"), null))).hasSize(3);
        TestKeygate.Response count = call("POST", "/dls-logs/_count", as("red_reader"), "{\"query\":{\"match_all\":{}}}");
        assertThat(count.json().path("count").asInt()).as(count.text()).isEqualTo(3);
        // asking for the other tenant or the hidden field finds nothing
        assertThat(hits(call("POST", "/dls-logs/_search", as("red_reader"), "{\"query\":{\"term\":{\"tenant\":\"blue\"}}}"))).isEmpty();
        assertThat(hits(call("POST", "/dls-logs/_search", as("red_reader"), "{\"query\":{\"range\":{\"salary\":{\"gte\":0}}}}"))).isEmpty();
        // a hidden field is not returned by fields, docvalue_fields or highlight either
        TestKeygate.Response fields = call("POST", "/dls-logs/_search", as("red_reader"),
                "{\"fields\":[\"*\"],\"docvalue_fields\":[\"n\"],\"highlight\":{\"fields\":{\"*\":{}}},\"query\":{\"match\":{\"msg\":\"event\"}}}");
        assertThat(fields.status()).as(fields.text()).isEqualTo(200);
        assertThat(fields.text()).doesNotContain("salary").doesNotContain("blue");
    }

    @Test
    void aggregationsCountOnlyTheTenantsDocuments() {
        TestKeygate.Response r = call("POST", "/dls-logs/_search", as("red_reader"),
                "{\"size\":0,\"aggs\":{\"tenants\":{\"terms\":{\"field\":\"tenant.keyword\"}},\"total\":{\"sum\":{\"field\":\"n\"}}}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode buckets = r.json().path("aggregations").path("tenants").path("buckets");
        assertThat(buckets).hasSize(1);
        assertThat(buckets.get(0).path("key").asText()).isEqualTo("red");
        assertThat(r.json().path("aggregations").path("total").path("value").asInt()).isEqualTo(2 + 4 + 6);
        // aggregating on a hidden field is refused, not answered with its values
        TestKeygate.Response hidden = call("POST", "/dls-logs/_search", as("red_reader"), "{\"size\":0,\"aggs\":{\"s\":{\"max\":{\"field\":\"salary\"}}}}");
        assertThat(hidden.status()).as(hidden.text()).isEqualTo(403);
        assertThat(hidden.text()).doesNotContain("6000");
    }

    @Test
    void msearchAndScrollAreFilteredToo() {
        TestKeygate.Response m = call(TestKeygate.url(), "POST", "/_msearch", as("red_reader"),
                "{\"index\":\"dls-logs\"}\n{\"size\":100}\n{\"index\":\"dls-logs\"}\n{\"query\":{\"term\":{\"tenant\":\"blue\"}}}\n",
                "application/x-ndjson");
        assertThat(m.status()).as(m.text()).isEqualTo(200);
        assertThat(m.json().path("responses").get(0).path("hits").path("hits")).hasSize(3);
        assertThat(m.json().path("responses").get(1).path("hits").path("hits")).isEmpty();
        assertThat(m.text()).doesNotContain("salary");

        TestKeygate.Response first = call("POST", "/dls-logs/_search?scroll=1m", as("red_reader"), "{\"size\":2}");
        List<JsonNode> all = new ArrayList<>(hits(first));
        String scrollId = first.json().path("_scroll_id").asText();
        TestKeygate.Response next = call("POST", "/_search/scroll", as("red_reader"), "{\"scroll\":\"1m\",\"scroll_id\":\"" + scrollId + "\"}");
        all.addAll(hits(next));
        assertThat(all).hasSize(3).allSatisfy(h -> assertThat(h.path("_source").path("tenant").asText()).isEqualTo("red"));
    }

    @Test
    void roleQueryTemplatesRenderForTheUserAndApiKeysIntersectWithTheirOwner() {
        assertThat(hits(call("POST", "/dls-logs/_search", as("alice"), "{\"size\":100}")))
                .hasSize(2).allSatisfy(h -> assertThat(h.path("_source").path("owner").asText()).isEqualTo("alice"));
        assertThat(hits(call("POST", "/dls-logs/_search", as("bob"), "{\"size\":100}"))).hasSize(4);
        // bob's key asks only for red documents: it sees bob's red ones (both restrictions hold)
        TestKeygate.Response key = call("POST", "/_security/api_key", as("bob"), "{\"name\":\"bob-red\",\"role_descriptors\":{\"red\":"
                + "{\"indices\":[{\"names\":[\"dls-logs\"],\"privileges\":[\"read\"],\"query\":{\"term\":{\"tenant\":\"red\"}}}]}}}");
        assertThat(key.status()).as(key.text()).isEqualTo(200);
        String apiKey = "ApiKey " + key.json().path("encoded").asText();
        List<JsonNode> hits = hits(call("POST", "/dls-logs/_search", apiKey, "{\"size\":100}"));
        assertThat(hits).hasSize(2).allSatisfy(h -> {
            assertThat(h.path("_source").path("owner").asText()).isEqualTo("bob");
            assertThat(h.path("_source").path("tenant").asText()).isEqualTo("red");
        });
    }

    @Test
    void aDocumentOutsideTheRoleQueryIsNotFoundAndHiddenFieldsAreAbsent() {
        TestKeygate.Response red = call("GET", "/dls-logs/_doc/2", as("red_reader"), null);
        assertThat(red.status()).as(red.text()).isEqualTo(200);
        assertThat(red.json().path("found").asBoolean()).isTrue();
        assertThat(red.json().path("_id").asText()).isEqualTo("2");
        assertThat(red.json().path("_source").path("tenant").asText()).isEqualTo("red");
        assertThat(red.json().path("_source").has("salary")).isFalse();
        assertThat(red.json().path("_version").asInt()).isEqualTo(1);
        TestKeygate.Response blue = call("GET", "/dls-logs/_doc/1", as("red_reader"), null);
        assertThat(blue.status()).as(blue.text()).isEqualTo(404);
        assertThat(blue.json().path("found").asBoolean()).isFalse();
        assertThat(blue.text()).doesNotContain("blue").doesNotContain("salary");
        TestKeygate.Response source = call("GET", "/dls-logs/_source/2", as("red_reader"), null);
        assertThat(source.status()).as(source.text()).isEqualTo(200);
        assertThat(source.json().path("msg").asText()).isEqualTo("event 2 of red");
        assertThat(source.json().has("salary")).isFalse();
        assertThat(call("GET", "/dls-logs/_source/1", as("red_reader"), null).status()).isEqualTo(404);
        // an unrestricted reader still gets the plain get
        TestKeygate.Response plain = call("GET", "/dls-logs/_doc/1", elastic(), null);
        assertThat(plain.json().path("_source").path("salary").asInt()).isEqualTo(1000);
    }

    @Test
    void mgetAnswersEachDocumentAsTheRoleAllows() {
        TestKeygate.Response r = call("POST", "/_mget", as("red_reader"), "{\"docs\":[{\"_index\":\"dls-logs\",\"_id\":\"2\"},"
                + "{\"_index\":\"dls-logs\",\"_id\":\"1\"},{\"_index\":\"dls-logs\",\"_id\":\"4\",\"_source\":[\"msg\",\"salary\"]},"
                + "{\"_index\":\"dls-logs\",\"_id\":\"404\"}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode docs = r.json().path("docs");
        assertThat(docs).hasSize(4);
        assertThat(docs.get(0).path("found").asBoolean()).as(r.text()).isTrue();
        assertThat(docs.get(0).path("_id").asText()).isEqualTo("2");
        assertThat(docs.get(0).path("_index").asText()).isEqualTo("dls-logs");
        assertThat(docs.get(0).path("_version").asInt()).isEqualTo(1);
        assertThat(docs.get(0).path("_source").path("tenant").asText()).isEqualTo("red");
        assertThat(docs.get(1).path("found").asBoolean()).as("the blue document is not found").isFalse();
        assertThat(docs.get(1).path("_id").asText()).isEqualTo("1");
        assertThat(docs.get(2).path("_source").path("msg").asText()).isEqualTo("event 4 of red");
        assertThat(docs.get(3).path("found").asBoolean()).isFalse();
        assertThat(r.text()).doesNotContain("salary").doesNotContain("blue");
        // the ids form, index from the path
        TestKeygate.Response ids = call("POST", "/dls-logs/_mget", as("red_reader"), "{\"ids\":[\"1\",\"6\"]}");
        assertThat(ids.status()).as(ids.text()).isEqualTo(200);
        assertThat(ids.json().path("docs").get(0).path("found").asBoolean()).isFalse();
        assertThat(ids.json().path("docs").get(1).path("found").asBoolean()).isTrue();
        assertThat(ids.text()).doesNotContain("salary").doesNotContain("blue");
        // bob sees only his own documents (a template query on his username)
        TestKeygate.Response bob = call("POST", "/dls-logs/_mget", as("bob"), "{\"ids\":[\"1\",\"3\"]}");
        assertThat(bob.json().path("docs").get(0).path("found").asBoolean()).as(bob.text()).isFalse();
        assertThat(bob.json().path("docs").get(1).path("found").asBoolean()).as(bob.text()).isTrue();
        // the unrestricted superuser still gets the plain multi-get
        TestKeygate.Response plain = call("POST", "/dls-logs/_mget", elastic(), "{\"ids\":[\"1\"]}");
        assertThat(plain.json().path("docs").get(0).path("_source").path("salary").asInt()).isEqualTo(1000);
    }

    @Test
    void theOfficialClientAtItsDefaultsReadsTheReshapedAnswers() throws Exception {
        co.elastic.clients.elasticsearch.ElasticsearchClient client = TestKeygate.client("red_reader", PW);
        var mget = client.mget(m -> m.index("dls-logs").ids("1", "2"), JsonNode.class);
        assertThat(mget.docs()).hasSize(2);
        assertThat(mget.docs().get(0).result().found()).isFalse();
        assertThat(mget.docs().get(1).result().found()).isTrue();
        JsonNode source = mget.docs().get(1).result().source();
        assertThat(source.path("tenant").asText()).isEqualTo("red");
        assertThat(source.has("salary")).isFalse();
        var get = client.get(g -> g.index("dls-logs").id("1"), JsonNode.class);
        assertThat(get.found()).isFalse();
        var found = client.get(g -> g.index("dls-logs").id("2"), JsonNode.class);
        assertThat(found.found()).isTrue();
        assertThat(found.source().has("salary")).isFalse();
        // the client sends _field_caps' fields in the body, as Elasticsearch takes them
        var caps = client.fieldCaps(f -> f.index("dls-logs").fields("*"));
        assertThat(caps.fields()).containsKey("msg").doesNotContainKey("salary");
        var all = TestKeygate.client("elastic", TestKeygate.ELASTIC_PASSWORD).fieldCaps(f -> f.index("dls-logs").fields("*"));
        assertThat(all.fields()).containsKey("salary");
    }

    @Test
    void fieldCapsListsOnlyTheGrantedFields() {
        TestKeygate.Response r = call("GET", "/dls-logs/_field_caps?fields=*", as("red_reader"), null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("fields").has("tenant")).as(r.text()).isTrue();
        assertThat(r.json().path("fields").has("msg")).isTrue();
        assertThat(r.json().path("fields").has("_id")).isTrue();
        assertThat(r.text()).doesNotContain("salary");
        TestKeygate.Response full = call("GET", "/dls-logs/_field_caps?fields=*", elastic(), null);
        assertThat(full.json().path("fields").has("salary")).as(full.text()).isTrue();
        // a filter on the documents the field list is drawn from could tell a hidden document apart: refused
        TestKeygate.Response filtered = call("POST", "/dls-logs/_field_caps?fields=*", as("red_reader"),
                "{\"index_filter\":{\"term\":{\"tenant\":\"blue\"}}}");
        assertThat(filtered.status()).as(filtered.text()).isEqualTo(403);
    }

    @Test
    void aPointInTimeSearchIsFilteredLikeAnyOther() {
        TestKeygate.Response open = call("POST", "/dls-logs/_search/point_in_time?keep_alive=1m", as("red_reader"), null);
        assertThat(open.status()).as(open.text()).isEqualTo(200);
        String pit = open.json().path("pit_id").asText();
        List<JsonNode> hits = hits(call("POST", "/_search", as("red_reader"),
                "{\"size\":100,\"pit\":{\"id\":\"" + pit + "\",\"keep_alive\":\"1m\"}}"));
        assertThat(hits).hasSize(3).allSatisfy(h -> {
            assertThat(h.path("_source").path("tenant").asText()).isEqualTo("red");
            assertThat(h.path("_source").has("salary")).isFalse();
        });
        TestKeygate.Response blue = call("POST", "/_search", as("red_reader"),
                "{\"query\":{\"term\":{\"tenant\":\"blue\"}},\"pit\":{\"id\":\"" + pit + "\"}}");
        assertThat(hits(blue)).isEmpty();
        TestKeygate.Response closed = call("DELETE", "/_search/point_in_time", as("red_reader"), "{\"pit_id\":[\"" + pit + "\"]}");
        assertThat(closed.status()).as(closed.text()).isEqualTo(200);
    }

    @Test
    void aQueryIsValidatedUnderTheRestrictionAndItsRewrittenFormIsNotShown() {
        TestKeygate.Response r = call("POST", "/dls-logs/_validate/query", as("red_reader"), "{\"query\":{\"match\":{\"msg\":\"event\"}}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("valid").asBoolean()).isTrue();
        // a rewritten prefix query lists the index's terms: the hidden tenant's among them
        TestKeygate.Response rewritten = call("POST", "/dls-logs/_validate/query?rewrite=true", as("red_reader"),
                "{\"query\":{\"prefix\":{\"tenant\":\"b\"}}}");
        assertThat(rewritten.status()).as(rewritten.text()).isEqualTo(403);
        assertThat(rewritten.text()).doesNotContain("blue");
    }

    @Test
    void whatCannotBeMadeSafeIsRefusedWithItsReason() {
        for (String[] req : new String[][] {
                {"GET", "/dls-logs/_termvectors/1", null},
                {"POST", "/dls-logs/_explain/1", "{\"query\":{\"match_all\":{}}}"},
                {"GET", "/dls-logs/_search?q=tenant:blue", null},
                {"POST", "/dls-logs/_search", "{\"aggs\":{\"g\":{\"global\":{}}}}"},
                {"POST", "/dls-logs/_search", "{\"profile\":true}"},
                {"POST", "/dls-logs/_search", "{\"query\":{\"script\":{\"script\":\"doc['salary'].value > 1\"}}}"},
                {"POST", "/dls-logs/_search", "{\"suggest\":{\"s\":{\"text\":\"x\",\"term\":{\"field\":\"msg\"}}}}"},
                {"POST", "/dls-logs/_delete_by_query", "{\"query\":{\"match_all\":{}}}"}}) {
            TestKeygate.Response r = call(req[0], req[1], as("red_reader"), req[2]);
            assertThat(r.status()).as(String.join(" ", req[0], req[1], String.valueOf(req[2])) + " → " + r.text()).isEqualTo(403);
            assertThat(r.text()).doesNotContain("salary\":").doesNotContain("\"blue\"");
        }
        assertThat(backend("GET", "/dls-logs/_count", null).json().path("count").asInt()).as("nothing was deleted").isEqualTo(6);
    }

    @Test
    void aRoleQueryWithALookupIsRefusedWhenTheRoleIsSaved() {
        TestKeygate.Response r = call("PUT", "/_security/role/dls_lookup", elastic(), "{\"indices\":[{\"names\":[\"dls-logs\"],"
                + "\"privileges\":[\"read\"],\"query\":{\"terms\":{\"owner\":{\"index\":\"users\",\"id\":\"1\",\"path\":\"names\"}}}}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.text()).contains("terms query with terms lookup isn't supported as part of a role query");
    }
}
