package io.keygate.server.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.security.ApiKey;
import co.elastic.clients.elasticsearch.security.CreateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.QueryApiKeysRequest;
import co.elastic.clients.elasticsearch.security.QueryApiKeysResponse;
import co.elastic.clients.elasticsearch.security.query_api_keys.ApiKeyAggregate;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.keygate.server.it.ApiKeysIT.create;
import static io.keygate.server.it.ApiKeysIT.elasticClient;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code _query/api_key} through the official client (its deserialisation checks the shapes) and plain HTTP for errors. */
class ApiKeysQueryIT {
    static final String PW = "query-keys-pass";
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void users() {
        assertThat(call("PUT", "/_security/role/q_own_keys", elastic(), "{\"cluster\":[\"manage_own_api_key\"]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/role/q_reader", elastic(), "{\"cluster\":[\"read_security\"]}").status()).isEqualTo(200);
        for (String[] u : List.of(new String[] {"q_alice", "q_own_keys"}, new String[] {"q_bob", "q_own_keys"},
                new String[] {"q_reader_carol", "q_reader"}, new String[] {"q_nobody", "viewer"})) {
            assertThat(call("PUT", "/_security/user/" + u[0], elastic(),
                    "{\"password\":\"" + PW + "\",\"roles\":[\"" + u[1] + "\"]}").status()).isEqualTo(200);
        }
    }

    static QueryApiKeysResponse query(ElasticsearchClient client, String body) throws Exception {
        return client.security().queryApiKeys(QueryApiKeysRequest.of(b -> b.withJson(new StringReader(body))));
    }

    @Test
    void queriesSortsPagesAndAggregates() throws Exception {
        String p = "q-" + RUN + "-";
        CreateApiKeyResponse a = create(elasticClient(), "{\"name\":\"" + p + "a\",\"metadata\":{\"env\":\"prod\",\"tier\":1}}");
        CreateApiKeyResponse b = create(elasticClient(), "{\"name\":\"" + p + "b\",\"expiration\":\"1d\",\"metadata\":{\"env\":\"dev\"}}");
        CreateApiKeyResponse c = create(elasticClient(), "{\"name\":\"" + p + "c\",\"metadata\":{\"env\":\"prod\",\"tags\":[\"x\",\"y\"]}}");
        elasticClient().security().invalidateApiKey(i -> i.ids(c.id()));

        QueryApiKeysResponse one = query(elasticClient(), "{\"query\":{\"term\":{\"name\":\"" + p + "a\"}}}");
        assertThat(one.total()).isEqualTo(1);
        assertThat(one.count()).isEqualTo(1);
        ApiKey info = one.apiKeys().getFirst();
        assertThat(info.id()).isEqualTo(a.id());
        assertThat(info.username()).isEqualTo("elastic");
        assertThat(info.realm()).isEqualTo("reserved");
        assertThat(info.metadata().get("env").to(String.class)).isEqualTo("prod");
        assertThat(info.sort()).isEmpty();
        assertThat(info.limitedBy()).isEmpty();

        QueryApiKeysResponse sorted = query(elasticClient(),
                "{\"query\":{\"prefix\":{\"name\":\"" + p + "\"}},\"sort\":[{\"creation\":\"desc\"},\"name\"],\"size\":2}");
        assertThat(sorted.total()).isEqualTo(3);
        assertThat(sorted.count()).isEqualTo(2);
        assertThat(sorted.apiKeys()).extracting(ApiKey::id).containsExactly(c.id(), b.id());
        List<Object> after = sorted.apiKeys().get(1).sort().stream().map(v -> v._get()).toList();
        assertThat(after).hasSize(2);
        QueryApiKeysResponse next = query(elasticClient(), "{\"query\":{\"prefix\":{\"name\":\"" + p + "\"}},"
                + "\"sort\":[{\"creation\":\"desc\"},\"name\"],\"size\":2,\"search_after\":" + toJson(after) + "}");
        assertThat(next.apiKeys()).extracting(ApiKey::id).containsExactly(a.id());
        QueryApiKeysResponse fromSize = query(elasticClient(), "{\"query\":{\"wildcard\":{\"name\":\"" + p + "*\"}},"
                + "\"sort\":[\"name\"],\"from\":1,\"size\":1}");
        assertThat(fromSize.apiKeys()).extracting(ApiKey::id).containsExactly(b.id());

        QueryApiKeysResponse prod = query(elasticClient(), "{\"query\":{\"bool\":{\"must\":[{\"prefix\":{\"name\":\"" + p + "\"}},"
                + "{\"term\":{\"metadata.env\":\"prod\"}}],\"must_not\":[{\"term\":{\"invalidated\":true}}]}}}");
        assertThat(prod.apiKeys()).extracting(ApiKey::id).containsExactly(a.id());
        assertThat(query(elasticClient(), "{\"query\":{\"bool\":{\"filter\":[{\"prefix\":{\"name\":\"" + p + "\"}},"
                + "{\"exists\":{\"field\":\"expiration\"}}]}}}").apiKeys()).extracting(ApiKey::id).containsExactly(b.id());
        assertThat(query(elasticClient(), "{\"query\":{\"bool\":{\"filter\":[{\"ids\":{\"values\":[\"" + a.id() + "\",\"" + c.id()
                + "\"]}},{\"range\":{\"creation\":{\"gte\":\"now-1h\"}}}]}}}").apiKeys())
                .extracting(ApiKey::id).containsExactlyInAnyOrder(a.id(), c.id());
        assertThat(query(elasticClient(), "{\"query\":{\"bool\":{\"filter\":[{\"prefix\":{\"name\":\"" + p + "\"}},"
                + "{\"simple_query_string\":{\"query\":\"dev\",\"fields\":[\"metadata.*\",\"metadata\"]}}]}}}").apiKeys())
                .extracting(ApiKey::id).containsExactly(b.id());
        assertThat(query(elasticClient(), "{\"query\":{\"bool\":{\"filter\":[{\"prefix\":{\"name\":\"" + p + "\"}},"
                + "{\"terms\":{\"metadata.tags\":[\"y\"]}}]}}}").apiKeys()).extracting(ApiKey::id).containsExactly(c.id());

        QueryApiKeysResponse aggs = query(elasticClient(), """
                {"size":0,"query":{"prefix":{"name":"%s"}},"aggs":{
                  "names":{"terms":{"field":"name"}},
                  "owners":{"cardinality":{"field":"username"}},
                  "states":{"value_count":{"field":"invalidated"}},
                  "forever":{"missing":{"field":"expiration"}},
                  "recent":{"date_range":{"field":"creation","ranges":[{"from":"now-1h"}]}},
                  "window":{"range":{"field":"creation","ranges":[{"to":0},{"from":0}]}},
                  "envs":{"filters":{"filters":{"prod":{"term":{"metadata.env":"prod"}},"dev":{"match":{"metadata.env":"dev"}}}}},
                  "live":{"filter":{"term":{"invalidated":false}},"aggs":{"realms":{"terms":{"field":"realm_name"}}}},
                  "pages":{"composite":{"size":2,"sources":[{"n":{"terms":{"field":"name"}}}]}}}}""".formatted(p));
        assertThat(aggs.total()).isEqualTo(3);
        assertThat(aggs.count()).isZero();
        assertThat(aggs.apiKeys()).isEmpty();
        Map<String, ApiKeyAggregate> r = aggs.aggregations();
        assertThat(r.get("names").sterms().buckets().array()).extracting(x -> x.key().stringValue())
                .containsExactly(p + "a", p + "b", p + "c");
        assertThat(r.get("owners").cardinality().value()).isEqualTo(1);
        assertThat(r.get("states").valueCount().value()).isEqualTo(3);
        assertThat(r.get("forever").missing().docCount()).isEqualTo(2);
        assertThat(r.get("recent").dateRange().buckets().array().getFirst().docCount()).isEqualTo(3);
        assertThat(r.get("window").range().buckets().array()).extracting(x -> x.docCount()).containsExactly(0L, 3L);
        assertThat(r.get("envs").filters().buckets().keyed().get("prod").docCount()).isEqualTo(2);
        assertThat(r.get("envs").filters().buckets().keyed().get("dev").docCount()).isEqualTo(1);
        assertThat(r.get("live").filter().docCount()).isEqualTo(2);
        assertThat(r.get("live").filter().aggregations().get("realms").sterms().buckets().array().getFirst().key().stringValue())
                .isEqualTo("reserved");
        assertThat(r.get("pages").composite().buckets().array()).hasSize(2);
        assertThat(r.get("pages").composite().afterKey().get("n").stringValue()).isEqualTo(p + "b");

        QueryApiKeysResponse limited = elasticClient().security().queryApiKeys(q -> q.withLimitedBy(true)
                .query(x -> x.ids(i -> i.values(a.id()))));
        assertThat(limited.apiKeys().getFirst().limitedBy()).hasSize(1);
        assertThat(limited.apiKeys().getFirst().limitedBy().getFirst()).containsKey("superuser");
    }

    @Test
    void ownKeysOnlyForManageOwnApiKey() throws Exception {
        CreateApiKeyResponse alices = create(TestKeygate.client("q_alice", PW), "{\"name\":\"q-own-" + RUN + "\"}");
        CreateApiKeyResponse bobs = create(TestKeygate.client("q_bob", PW), "{\"name\":\"q-own-" + RUN + "\"}");
        String all = "{\"query\":{\"term\":{\"name\":\"q-own-" + RUN + "\"}}}";
        assertThat(query(TestKeygate.client("q_alice", PW), all).apiKeys()).extracting(ApiKey::id).containsExactly(alices.id());
        assertThat(query(TestKeygate.client("q_alice", PW), "{}").apiKeys()).allSatisfy(k -> assertThat(k.username()).isEqualTo("q_alice"));
        assertThat(query(TestKeygate.client("q_reader_carol", PW), all).apiKeys()).extracting(ApiKey::id)
                .containsExactlyInAnyOrder(alices.id(), bobs.id());
        assertThat(query(elasticClient(), all).total()).isEqualTo(2);
        // aggregations see only what the query sees
        JsonNode owners = call("POST", "/_security/_query/api_key", basic("q_alice", PW),
                "{\"size\":0,\"aggs\":{\"u\":{\"terms\":{\"field\":\"username\"}}}}").json();
        assertThat(owners.path("aggregations").path("u").path("buckets")).hasSize(1);
        assertThat(owners.path("aggregations").path("u").path("buckets").get(0).path("key").asText()).isEqualTo("q_alice");
        // a manage_own_api_key key sees itself only
        CreateApiKeyResponse keyWithOwn = create(TestKeygate.client("q_alice", PW),
                "{\"name\":\"q-self-" + RUN + "\",\"role_descriptors\":{\"r\":{\"cluster\":[\"manage_own_api_key\"]}}}");
        assertThat(query(TestKeygate.apiKeyClient(keyWithOwn.encoded()), "{}").apiKeys()).extracting(ApiKey::id)
                .containsExactly(keyWithOwn.id());
        TestKeygate.Response limitedBy = call("GET", "/_security/_query/api_key?with_limited_by=true", "ApiKey " + keyWithOwn.encoded(), null);
        assertThat(limitedBy.status()).isEqualTo(403);

        TestKeygate.Response denied = call("POST", "/_security/_query/api_key", basic("q_nobody", PW), "{}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("error").path("reason").asText()).startsWith(
                "action [cluster:admin/xpack/security/api_key/query] is unauthorized for user [q_nobody] with effective roles [viewer]");
    }

    @Test
    void refusalsAreElasticsearchs() {
        expect400("{\"query\":{\"term\":{\"api_key_hash\":\"x\"}}}", "illegal_argument_exception",
                "Field [api_key_hash] is not allowed for querying or aggregation");
        expect400("{\"query\":{\"term\":{\"doc_type\":\"user\"}}}", "illegal_argument_exception",
                "Field [doc_type] is not allowed for querying or aggregation");
        expect400("{\"query\":{\"prefix\":{\"na*\":\"x\"}}}", "illegal_argument_exception",
                "Field name pattern [na*] is not allowed for querying or aggregation");
        expect400("{\"query\":{\"regexp\":{\"name\":\"x.*\"}}}", "illegal_argument_exception",
                "Query type [regexp] is not currently supported in this context");
        expect400("{\"aggs\":{\"g\":{\"global\":{}}}}", "illegal_argument_exception", "Unsupported API Keys agg [g] of type [global]");
        expect400("{\"aggs\":{\"t\":{\"terms\":{\"field\":\"password\"}}}}", "illegal_argument_exception",
                "Field [password] is not allowed for querying or aggregation");
        expect400("{\"sort\":[\"id\"]}", "illegal_argument_exception", "sorting is not supported for field [id]");
        expect400("{\"from\":9999,\"size\":2}", "illegal_argument_exception",
                "Result window is too large, from + size must be less than or equal to: [10000] but was [10001]. See the scroll api "
                        + "for a more efficient way to request large data sets. This limit can be set by changing the "
                        + "[index.max_result_window] index level setting.");
        // what only the backend can check is still the client's 400, with the backend's reason
        TestKeygate.Response backendRefused = call("POST", "/_security/_query/api_key", elastic(),
                "{\"query\":{\"range\":{\"creation\":{\"gte\":\"not a date\"}}}}");
        assertThat(backendRefused.status()).isEqualTo(400);
        assertThat(backendRefused.json().path("error").path("reason").asText()).isNotEmpty();
        // GET without a body is match_all
        assertThat(call("GET", "/_security/_query/api_key", elastic(), null).json().path("count").asInt()).isBetween(1, 10);
    }

    private static void expect400(String body, String type, String reason) {
        TestKeygate.Response r = call("POST", "/_security/_query/api_key", elastic(), body);
        assertThat(r.status()).as(body).isEqualTo(400);
        assertThat(r.json().path("error").path("type").asText()).as(body).isEqualTo(type);
        assertThat(r.json().path("error").path("reason").asText()).as(body).isEqualTo(reason);
        assertThat(r.json().path("error").path("root_cause").get(0).path("reason").asText()).isEqualTo(reason);
    }

    private static String toJson(List<Object> values) throws Exception {
        return ApiKeyDocsFixture.json().writeValueAsString(values);
    }
}
