package io.keygate.server.it;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.security.ApiKey;
import co.elastic.clients.elasticsearch.security.CreateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.InvalidateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.QueryApiKeysResponse;
import co.elastic.clients.elasticsearch.security.query_api_keys.ApiKeyAggregate;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.keygate.server.it.ApiKeysIT.create;
import static io.keygate.server.it.ApiKeysIT.elasticClient;
import static io.keygate.server.it.ApiKeysQueryIT.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of keys through the query API (paged with {@code search_after}, aggregated in the
 * backend), and one invalidate call for 20,000 keys, timed (the figure goes to docs/performance.md).
 */
class ApiKeysQueryAtScaleIT {
    static final int KEYS = 3_000;
    static final int USERS = 5;
    static final int INVALIDATE = 20_000;

    @Test
    void pagesAndAggregatesThousandsOfKeys() throws Exception {
        String run = "page-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        CreateApiKeyResponse template = create(elasticClient(), "{\"name\":\"template-" + run + "\"}");
        ObjectNode doc = ApiKeyDocsFixture.doc(template.id());
        long t0 = doc.path("creation_time").asLong();
        List<String> ids = ApiKeyDocsFixture.copies(doc, KEYS, (i, d) -> {
            d.put("name", run + String.format("%04d", i));
            d.put("creation_time", t0 - (KEYS - i) * 1000L); // one a second up to the template's: in the past, as stored keys are
            ((ObjectNode) d.get("creator")).put("principal", "scale-user-" + (i % USERS));
        });
        String prefix = "{\"prefix\":{\"name\":\"" + run + "\"}}"; // the copies, not the template

        Set<String> seen = new HashSet<>();
        List<FieldValue> after = null;
        int pages = 0;
        long previousCreation = Long.MIN_VALUE;
        while (true) {
            String searchAfter = after == null ? "" : ",\"search_after\":" + ApiKeyDocsFixture.json().writeValueAsString(
                    after.stream().map(FieldValue::_get).toList());
            QueryApiKeysResponse page = query(elasticClient(), "{\"query\":" + prefix + ",\"size\":700,"
                    + "\"sort\":[\"creation\",{\"name\":\"asc\"}]" + searchAfter + "}");
            assertThat(page.total()).isEqualTo(KEYS);
            if (page.apiKeys().isEmpty()) break;
            pages++;
            for (ApiKey k : page.apiKeys()) {
                assertThat(seen.add(k.id())).as("each key once").isTrue();
                assertThat(k.creation()).isGreaterThanOrEqualTo(previousCreation);
                previousCreation = k.creation();
            }
            after = page.apiKeys().getLast().sort();
        }
        assertThat(pages).isEqualTo(5);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);

        QueryApiKeysResponse aggs = query(elasticClient(), """
                {"size":0,"query":%s,"aggs":{
                  "users":{"terms":{"field":"username","size":10}},
                  "top_names":{"terms":{"field":"name","size":3,"order":{"_key":"desc"}}},
                  "halves":{"range":{"field":"creation","ranges":[{"to":%d},{"from":%d}]}}}}"""
                .formatted(prefix, t0 - KEYS / 2 * 1000L, t0 - KEYS / 2 * 1000L));
        Map<String, ApiKeyAggregate> r = aggs.aggregations();
        assertThat(r.get("users").sterms().buckets().array()).hasSize(USERS)
                .allSatisfy(b -> assertThat(b.docCount()).isEqualTo(KEYS / USERS));
        assertThat(r.get("top_names").sterms().buckets().array()).extracting(b -> b.key().stringValue())
                .containsExactly(run + "2999", run + "2998", run + "2997");
        assertThat(r.get("halves").range().buckets().array()).extracting(b -> b.docCount()).containsExactly(KEYS / 2L, KEYS / 2L);

        // a composite aggregation pages through every name, 1,000 buckets at a time
        Set<String> names = new HashSet<>();
        String afterKey = null;
        while (true) {
            QueryApiKeysResponse composite = query(elasticClient(), "{\"size\":0,\"query\":" + prefix + ",\"aggs\":{\"c\":{\"composite\":{"
                    + "\"size\":1000,\"sources\":[{\"user\":{\"terms\":{\"field\":\"username\"}}},{\"n\":{\"terms\":{\"field\":\"name\"}}}]"
                    + (afterKey == null ? "" : ",\"after\":" + afterKey) + "}}}}");
            var c = composite.aggregations().get("c").composite();
            if (c.buckets().array().isEmpty()) break;
            c.buckets().array().forEach(b -> names.add(b.key().get("n").stringValue()));
            afterKey = ApiKeyDocsFixture.json().writeValueAsString(c.afterKey().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stringValue())));
        }
        assertThat(names).hasSize(KEYS);
    }

    /**
     * 20,000 keys invalidated by one call: the time of that call is printed, for docs/performance.md
     * (a measurement, not an assertion on time).
     */
    @Test
    void invalidatesTwentyThousandKeysInOneCall() throws Exception {
        String run = "bulk-inv-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        CreateApiKeyResponse template = create(elasticClient(), "{\"name\":\"" + run + "template\"}");
        ObjectNode doc = ApiKeyDocsFixture.doc(template.id());
        List<String> ids = ApiKeyDocsFixture.copies(doc, INVALIDATE, (i, d) -> d.put("name", run + i));

        long start = System.nanoTime();
        InvalidateApiKeyResponse invalidated = elasticClient().security().invalidateApiKey(i -> i.ids(ids));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[keygate-perf] invalidate " + INVALIDATE + " API keys in one call: " + millis + " ms");

        assertThat(invalidated.errorCount()).isZero();
        assertThat(invalidated.invalidatedApiKeys()).hasSize(INVALIDATE);
        assertThat(query(elasticClient(), "{\"size\":0,\"query\":{\"bool\":{\"filter\":[{\"prefix\":{\"name\":\"" + run
                + "\"}},{\"term\":{\"invalidated\":false}}]}}}").total()).isEqualTo(1); // the template only
    }
}
