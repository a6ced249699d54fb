package io.keygate.core.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchBodyCheckerTest {

    static final ObjectMapper M = new ObjectMapper();

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) M.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Lookups as {@code index/id/kind}, comma-separated; {@code -} for a null index. */
    static String lookups(CheckedBody c) {
        return c.lookups().stream().map(l -> (l.index() == null ? "-" : l.index()) + "/" + l.id() + "/" + l.kind())
                .collect(Collectors.joining(","));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        SEARCH | {"query":{"match_all":{}}} |
        SEARCH | {"query":{"term":{"index":"a"}}} |
        SEARCH | {"query":{"terms":{"f":{"index":"secret","id":"1","path":"p"}}}} | secret/1/terms
        SEARCH | {"query":{"terms":{"f":{"index":"s","id":"1","path":"p","routing":"r"},"boost":2}}} | s/1/terms
        SEARCH | {"query":{"geo_shape":{"loc":{"indexed_shape":{"id":"x","path":"shape"}}}}} | shapes/x/geo_shape
        SEARCH | {"query":{"geo_shape":{"loc":{"indexed_shape":{"index":"s2","id":"x"},"relation":"within"}}}} | s2/x/geo_shape
        SEARCH | {"query":{"xy_shape":{"loc":{"indexed_shape":{"id":"x"}}}}} | shapes/x/xy_shape
        SEARCH | {"query":{"percolate":{"field":"q","index":"p1","id":"2"}}} | p1/2/percolate
        SEARCH | {"query":{"percolate":{"field":"q","document":{"index":"x","id":"y"}}}} |
        SEARCH | {"query":{"more_like_this":{"fields":["f"],"like":[{"_index":"m1","_id":"1"},"text",{"_id":"2"}],"unlike":{"_index":"m3","doc":{"a":1}}}}} | m1/1/more_like_this,-/2/more_like_this,m3/null/more_like_this
        SEARCH | {"query":{"pinned":{"docs":[{"_index":"p","_id":"1"}],"organic":{"terms":{"f":{"index":"o","id":"1","path":"p"}}}}}} | p/1/pinned,o/1/terms
        SEARCH | {"query":{"bool":{"must":{"terms":{"f":{"index":"a","id":"1","path":"p"}}},"filter":[{"terms":{"f":{"index":"b","id":"1","path":"p"}}}],"should":[{"terms":{"f":{"index":"c","id":"1","path":"p"}}}],"must_not":{"terms":{"f":{"index":"d","id":"1","path":"p"}}}}}} | a/1/terms,b/1/terms,c/1/terms,d/1/terms
        SEARCH | {"query":{"dis_max":{"queries":[{"terms":{"f":{"index":"a","id":"1","path":"p"}}}]}}} | a/1/terms
        SEARCH | {"query":{"boosting":{"positive":{"match_all":{}},"negative":{"terms":{"f":{"index":"n","id":"1","path":"p"}}},"negative_boost":0.5}}} | n/1/terms
        SEARCH | {"query":{"constant_score":{"filter":{"terms":{"f":{"index":"c","id":"1","path":"p"}}}}}} | c/1/terms
        SEARCH | {"query":{"function_score":{"query":{"match_all":{}},"functions":[{"filter":{"terms":{"f":{"index":"fs","id":"1","path":"p"}}},"weight":2},{"gauss":{"date":{"origin":"now","scale":"1d"}}}]}}} | fs/1/terms
        SEARCH | {"query":{"nested":{"path":"n","query":{"terms":{"n.f":{"index":"ne","id":"1","path":"p"}}},"inner_hits":{"highlight":{"fields":{"n.f":{"highlight_query":{"terms":{"f":{"index":"ih","id":"1","path":"p"}}}}}}}}}} | ne/1/terms,ih/1/terms
        SEARCH | {"query":{"has_child":{"type":"c","query":{"terms":{"f":{"index":"hc","id":"1","path":"p"}}}}}} | hc/1/terms
        SEARCH | {"query":{"has_parent":{"parent_type":"p","query":{"terms":{"f":{"index":"hp","id":"1","path":"p"}}}}}} | hp/1/terms
        SEARCH | {"query":{"script_score":{"query":{"terms":{"f":{"index":"ss","id":"1","path":"p"}}},"script":{"source":"1"}}}} | ss/1/terms
        SEARCH | {"query":{"span_near":{"clauses":[{"span_term":{"f":"a"}},{"span_multi":{"match":{"prefix":{"f":"b"}}}}],"slop":1}}} |
        SEARCH | {"query":{"span_not":{"include":{"span_term":{"f":"a"}},"exclude":{"field_masking_span":{"field":"g","query":{"span_term":{"g":"b"}}}}}}} |
        SEARCH | {"query":{"intervals":{"f":{"all_of":{"intervals":[{"match":{"query":"a"}}],"filter":{"not_containing":{"match":{"query":"b"}}}}}}}} |
        SEARCH | {"post_filter":{"terms":{"f":{"index":"pf","id":"1","path":"p"}}}} | pf/1/terms
        SEARCH | {"rescore":{"window_size":10,"query":{"rescore_query":{"terms":{"f":{"index":"rs","id":"1","path":"p"}}}}}} | rs/1/terms
        SEARCH | {"rescore":[{"query":{"rescore_query":{"terms":{"f":{"index":"r1","id":"1","path":"p"}}},"query_weight":1}}]} | r1/1/terms
        SEARCH | {"highlight":{"highlight_query":{"terms":{"f":{"index":"hq","id":"1","path":"p"}}},"fields":[{"t":{}}]}} | hq/1/terms
        SEARCH | {"sort":[{"n.v":{"order":"asc","nested":{"path":"n","filter":{"terms":{"f":{"index":"so","id":"1","path":"p"}}}}}},"_score"]} | so/1/terms
        SEARCH | {"collapse":{"field":"u","inner_hits":[{"name":"a","sort":[{"x":{"nested":{"path":"n","filter":{"terms":{"f":{"index":"co","id":"1","path":"p"}}}}}}]}]}} | co/1/terms
        SEARCH | {"aggs":{"f":{"filter":{"terms":{"f":{"index":"af","id":"1","path":"p"}}}}}} | af/1/terms
        SEARCH | {"aggs":{"f":{"filters":{"filters":{"x":{"terms":{"f":{"index":"a1","id":"1","path":"p"}}}}}}}} | a1/1/terms
        SEARCH | {"aggs":{"f":{"filters":{"filters":[{"terms":{"f":{"index":"a2","id":"1","path":"p"}}}]}}}} | a2/1/terms
        SEARCH | {"aggs":{"m":{"adjacency_matrix":{"filters":{"x":{"terms":{"f":{"index":"a3","id":"1","path":"p"}}}}}}}} | a3/1/terms
        SEARCH | {"aggs":{"s":{"significant_terms":{"field":"t","background_filter":{"terms":{"f":{"index":"bg","id":"1","path":"p"}}}}}}} | bg/1/terms
        SEARCH | {"aggs":{"n":{"nested":{"path":"n"},"aggs":{"t":{"top_hits":{"highlight":{"fields":{"x":{"highlight_query":{"terms":{"f":{"index":"th","id":"1","path":"p"}}}}}}}}}}}} | th/1/terms
        SEARCH | {"aggaregations":{}} | UNCHECKED
        COUNT | {"query":{"wrapper":{"query":"eyJ0ZXJtcyI6eyJmIjp7ImluZGV4IjoiLmtleWdhdGUtc2VjdXJpdHkiLCJpZCI6IjEiLCJwYXRoIjoicCJ9fX0="}}} | .keygate-security/1/terms
        EXPLAIN | {"query":{"terms":{"f":{"index":"e","id":"1","path":"p"}}}} | e/1/terms
        VALIDATE_QUERY | {"query":{"terms":{"f":{"index":"v","id":"1","path":"p"}}}} | v/1/terms
        FIELD_CAPS | {"fields":["a*"],"index_filter":{"terms":{"f":{"index":"fc","id":"1","path":"p"}}}} | fc/1/terms
        DELETE_BY_QUERY | {"query":{"terms":{"f":{"index":"d","id":"1","path":"p"}}},"max_docs":3,"conflicts":"proceed"} | d/1/terms
        UPDATE_BY_QUERY | {"query":{"terms":{"f":{"index":"u","id":"1","path":"p"}}},"script":{"source":"ctx._source.x=1"}} | u/1/terms
        QUERY | {"terms":{"f":{"index":"q","id":"1","path":"p"}}} | q/1/terms
        """)
    void lookupsInEveryHidingPlace(BodyShape shape, String body, String expected) {
        if ("UNCHECKED".equals(expected)) {
            assertThatThrownBy(() -> SearchBodyChecker.check(json(body), shape, true))
                    .isInstanceOf(UncheckedConstructException.class);
            return;
        }
        CheckedBody c = SearchBodyChecker.check(json(body), shape, true);
        assertThat(lookups(c)).isEqualTo(expected == null ? "" : expected);
        assertCanonical(c, shape);
    }

    /** The canonical output has no wrapper and checks to itself (idempotent), with the same lookups and fields. */
    static void assertCanonical(CheckedBody c, BodyShape shape) {
        assertThat(c.body().toString()).doesNotContain("\"wrapper\"");
        CheckedBody again = SearchBodyChecker.check(c.body().deepCopy(), shape, true);
        assertThat(again.body()).isEqualTo(c.body());
        assertThat(again.lookups()).isEqualTo(c.lookups());
        assertThat(again.fields()).isEqualTo(c.fields());
    }

    @Test
    void wrapperIsReplacedByTheQueryItCarries_evenNested() {
        String inner = "{\"terms\":{\"f\":{\"index\":\".keygate-security\",\"id\":\"reserved-user-elastic\",\"path\":\"p\"}}}";
        String outer = "{\"bool\":{\"filter\":{\"wrapper\":{\"query\":\"" + b64(inner) + "\"}}}}";
        ObjectNode body = json("{\"query\":{\"wrapper\":{\"query\":\"" + b64(outer) + "\"}},\"size\":1}");
        String before = body.toString();
        CheckedBody c = SearchBodyChecker.check(body, BodyShape.SEARCH, true);
        assertThat(c.body()).isEqualTo(json("{\"query\":{\"bool\":{\"filter\":" + inner + "}},\"size\":1}"));
        assertThat(lookups(c)).isEqualTo(".keygate-security/reserved-user-elastic/terms");
        assertThat(body.toString()).as("input untouched").isEqualTo(before);
        assertCanonical(c, BodyShape.SEARCH);
    }

    @Test
    void wrapperInsideAnAggregationAndInsideAnUnknownPartForASuperuser() {
        String inner = "{\"terms\":{\"f\":{\"index\":\"w\",\"id\":\"1\",\"path\":\"p\"}}}";
        ObjectNode body = json("{\"aggs\":{\"a\":{\"filter\":{\"wrapper\":{\"query\":\"" + b64(inner) + "\"}}}},"
                + "\"query\":{\"some_plugin_query\":{\"inner\":{\"wrapper\":{\"query\":\"" + b64(inner) + "\"}}}}}");
        CheckedBody c = SearchBodyChecker.check(body, BodyShape.SEARCH, false);
        assertThat(c.body().toString()).doesNotContain("wrapper");
        assertThat(lookups(c)).isEqualTo("w/1/terms");
        assertThatThrownBy(() -> SearchBodyChecker.check(body, BodyShape.SEARCH, true))
                .isInstanceOf(UncheckedConstructException.class)
                .hasMessageContaining("query type [some_plugin_query]");
    }

    @Test
    void wrapperWithNonJsonContentIsRefusedForEveryone() {
        String yaml = "terms:\n  f:\n    index: secret\n    id: '1'\n    path: p\n";
        ObjectNode body = json("{\"query\":{\"wrapper\":{\"query\":\"" + b64(yaml) + "\"}}}");
        assertThatThrownBy(() -> SearchBodyChecker.check(body, BodyShape.SEARCH, false))
                .isInstanceOf(UncheckedConstructException.class)
                .satisfies(e -> assertThat(((EsException) e).status()).isEqualTo(403));
    }

    @Test
    void wrapperNestingIsBounded() {
        String q = "{\"match_all\":{}}";
        for (int i = 0; i < 10; i++) {
            q = "{\"wrapper\":{\"query\":\"" + b64(q) + "\"}}";
        }
        ObjectNode body = json("{\"query\":" + q + "}");
        assertThatThrownBy(() -> SearchBodyChecker.check(body, BodyShape.SEARCH, true))
                .isInstanceOf(EsException.class)
                .satisfies(e -> assertThat(((EsException) e).status()).isEqualTo(400));
    }

    @Test
    void deepNestingIsA400NotAStackOverflow() {
        String q = "{\"match_all\":{}}";
        for (int i = 0; i < 150; i++) {
            q = "{\"bool\":{\"must\":" + q + "}}";
        }
        ObjectNode body = json("{\"query\":" + q + "}");
        assertThatThrownBy(() -> SearchBodyChecker.check(body, BodyShape.SEARCH, false))
                .isInstanceOf(EsException.class)
                .satisfies(e -> assertThat(((EsException) e).status()).isEqualTo(400));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        SEARCH | {"query":{"foo":{}}} | query type [foo]
        SEARCH | {"aggs":{"a":{"top_metrics":{"metrics":{"field":"x"}}}}} | aggregation type [top_metrics]
        SEARCH | {"ext":{"rerank":{}}} | ext
        SEARCH | {"search_pipeline":{"request_processors":[]}} | inline search_pipeline
        SEARCH | {"runtime_mappings":{"x":{"type":"keyword"}}} | body key [runtime_mappings]
        SEARCH | {"suggest":{"s":{"text":"x","phrase":{"field":"t","collate":{"query":{"source":"{}"}}}}}} | phrase suggester collate
        SEARCH | {"rescore":{"ltr":{}}} | rescorer [ltr]
        SEARCH | {"query":{"terms":{"f":{"index":"a","id":"1","path":"p","query":{"match_all":{}}}}}} | terms lookup key [query]
        SEARCH | {"query":{"function_score":{"functions":[{"new_fn":{"x":1}}]}}} | function_score function [new_fn]
        SEARCH | {"aggs":{"c":{"composite":{"sources":[{"a":{"weird":{"field":"x"}}}]}}}} | composite source [weird]
        SEARCH | {"query":{"nested":{"path":"n","query":{"match_all":{}},"inner_hits":{"unknown_key":1}}}} | inner_hits key [unknown_key]
        FIELD_CAPS | {"fields":"a","runtime_mappings":{}} | field_caps body key [runtime_mappings]
        """)
    void strictRefusesWhatItCannotCheck(BodyShape shape, String body, String construct) {
        assertThatThrownBy(() -> SearchBodyChecker.check(json(body), shape, true))
                .isInstanceOfSatisfying(UncheckedConstructException.class, e -> {
                    assertThat(e.construct()).endsWith(construct);
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.type()).isEqualTo("security_exception");
                });
        // a superuser's body passes through unchanged
        CheckedBody c = SearchBodyChecker.check(json(body), shape, false);
        assertThat(c.body()).isEqualTo(json(body));
    }

    @Test
    void unknownPartsOfASuperuserAreScannedByShape() {
        ObjectNode body = json("""
            {"query":{"neural":{"f":{"filter":{"terms":{"x":{"index":"a","id":"1","path":"p"}}}}}},
             "ext":{"x":{"doc":{"_index":"b","_id":"2"},"shape":{"indexed_shape":{"id":"3"}}}}}""");
        CheckedBody c = SearchBodyChecker.check(body, BodyShape.SEARCH, false);
        assertThat(lookups(c)).isEqualTo("a/1/unknown,b/2/unknown,shapes/3/unknown");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        SEARCH | {"query":{}} | query malformed, empty clause found
        SEARCH | {"query":{"term":{"a":1},"match":{"b":2}}} | [term] malformed query, expected [END_OBJECT] but found [FIELD_NAME]
        SEARCH | {"query":"x"} | [_na] query malformed, must start with start_object
        SEARCH | {"query":{"bool":[]}} | [bool] query malformed, no start_object after query name
        SEARCH | {"aggs":{"a":{}}} | Missing definition for aggregation [a]
        SEARCH | {"aggs":{"a":{"terms":{"field":"x"},"avg":{"field":"y"}}}} | Found two aggregation type definitions in [a]: [terms] and [avg]
        SEARCH | {"aggs":{"a[":{"terms":{"field":"x"}}}} | Invalid aggregation name [a[]. Aggregation names can contain any character except '[', ']', and '>'
        SEARCH | {"aggs":{"a":{"terms":"x"}}} | Expected [START_OBJECT] under [terms], but got a [VALUE_STRING] in [a]
        COUNT | {"query":{"match_all":{}},"size":1} | request does not support [size]
        EXPLAIN | {"sort":"x"} | request does not support [sort]
        SEARCH | {"query":{"wrapper":{"query":"e30="}}} | query malformed, empty clause found
        SEARCH | {"query":{"wrapper":{"query":"eyJ0ZXJ"}}} | [wrapper] query malformed
        SEARCH | {"query":{"wrapper":{"query":"eyJ0ZXJ9"}}} | [wrapper] query content
        SEARCH | {"query":{"terms":{"f":{"id":"1","path":"p"}}}} | [terms] query lookup element requires specifying the index.
        """)
    void malformedIsA400(BodyShape shape, String body, String reason) {
        assertThatThrownBy(() -> SearchBodyChecker.check(json(body), shape, true))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.reason()).startsWith(reason);
                });
    }

    @Test
    void fieldsFromEveryPart() {
        CheckedBody c = SearchBodyChecker.check(json("""
            {"query":{"bool":{"must":[{"term":{"q1":"x"}},{"multi_match":{"query":"x","fields":["q2^3","q3*"]}},
                                      {"exists":{"field":"q4"}},{"range":{"q5":{"gte":1}}}]}},
             "sort":[{"s1":"asc"},"s2","_score"],
             "aggs":{"a":{"terms":{"field":"a1"},"aggs":{"b":{"avg":{"field":"a2"}}}}},
             "_source":{"includes":["src*"]},"fields":["f1",{"field":"f2"}],"docvalue_fields":["d1"],
             "stored_fields":"st1","highlight":{"fields":{"h1":{}}},"collapse":{"field":"c1"}}"""),
                BodyShape.SEARCH, true);
        assertThat(c.fields()).containsExactlyInAnyOrder("q1", "q2", "q3*", "q4", "q5", "s1", "s2", "a1", "a2",
                "src*", "f1", "f2", "d1", "st1", "h1", "c1");
    }

    @Test
    void everyAllowedQueryAndAggregationTypePassesStrict() {
        // one body per type: strict accepts each, canonical output is stable
        String[] queries = {
            "{\"match_all\":{}}", "{\"match_none\":{}}", "{\"ids\":{\"values\":[\"1\"]}}",
            "{\"parent_id\":{\"type\":\"c\",\"id\":\"1\"}}", "{\"script\":{\"script\":\"true\"}}",
            "{\"term\":{\"f\":\"v\"}}", "{\"range\":{\"f\":{\"gte\":1}}}", "{\"prefix\":{\"f\":\"v\"}}",
            "{\"wildcard\":{\"f\":\"v*\"}}", "{\"regexp\":{\"f\":\"v.*\"}}", "{\"fuzzy\":{\"f\":\"v\"}}",
            "{\"match\":{\"f\":\"v\"}}", "{\"match_phrase\":{\"f\":\"v w\"}}", "{\"match_phrase_prefix\":{\"f\":\"v\"}}",
            "{\"match_bool_prefix\":{\"f\":\"v\"}}", "{\"geo_distance\":{\"distance\":\"1km\",\"p\":[0,0]}}",
            "{\"geo_bounding_box\":{\"p\":{\"top_left\":[0,1],\"bottom_right\":[1,0]}}}",
            "{\"geo_polygon\":{\"p\":{\"points\":[[0,0],[1,1],[0,1]]}}}",
            "{\"geo_shape\":{\"p\":{\"shape\":{\"type\":\"point\",\"coordinates\":[0,0]}}}}",
            "{\"terms\":{\"f\":[\"a\",\"b\"]}}", "{\"terms_set\":{\"f\":{\"terms\":[\"a\"],\"minimum_should_match_field\":\"n\"}}}",
            "{\"intervals\":{\"f\":{\"match\":{\"query\":\"a\"}}}}", "{\"exists\":{\"field\":\"f\"}}",
            "{\"distance_feature\":{\"field\":\"d\",\"origin\":\"now\",\"pivot\":\"1d\"}}",
            "{\"rank_feature\":{\"field\":\"r\"}}", "{\"multi_match\":{\"query\":\"x\"}}",
            "{\"simple_query_string\":{\"query\":\"x\"}}", "{\"query_string\":{\"query\":\"x\"}}",
            "{\"more_like_this\":{\"like\":\"text\"}}", "{\"percolate\":{\"field\":\"q\",\"document\":{}}}",
            "{\"knn\":{\"v\":{\"vector\":[1,2],\"k\":2,\"filter\":{\"match_all\":{}}}}}",
            "{\"hybrid\":{\"queries\":[{\"match_all\":{}}]}}",
        };
        for (String q : queries) {
            CheckedBody c = SearchBodyChecker.check(json("{\"query\":" + q + "}"), BodyShape.SEARCH, true);
            assertThat(c.body()).as(q).isEqualTo(json("{\"query\":" + q + "}"));
        }
        for (String t : AggregationRules.VALUE_SOURCE) {
            String body = "{\"aggs\":{\"a\":{\"" + t + "\":{\"field\":\"x\"}}}}";
            assertThat(SearchBodyChecker.check(json(body), BodyShape.SEARCH, true).body()).isEqualTo(json(body));
        }
        for (String t : AggregationRules.PIPELINE) {
            String body = "{\"aggs\":{\"a\":{\"" + t + "\":{\"buckets_path\":\"x\"}}}}";
            assertThat(SearchBodyChecker.check(json(body), BodyShape.SEARCH, true).body()).isEqualTo(json(body));
        }
        for (String body : new String[] {
            "{\"aggs\":{\"g\":{\"global\":{},\"aggs\":{\"m\":{\"max\":{\"field\":\"x\"}}}}}}",
            "{\"aggs\":{\"n\":{\"nested\":{\"path\":\"n\"},\"aggs\":{\"r\":{\"reverse_nested\":{}}}}}}",
            "{\"aggs\":{\"c\":{\"children\":{\"type\":\"c\"}},\"p\":{\"parent\":{\"type\":\"c\"}}}}",
            "{\"aggs\":{\"s\":{\"sampler\":{\"shard_size\":10}}}}",
            "{\"aggs\":{\"c\":{\"composite\":{\"sources\":[{\"t\":{\"terms\":{\"field\":\"x\"}}}]}}}}",
            "{\"aggs\":{\"m\":{\"multi_terms\":{\"terms\":[{\"field\":\"a\"},{\"field\":\"b\"}]}}}}",
            "{\"aggs\":{\"w\":{\"weighted_avg\":{\"value\":{\"field\":\"a\"},\"weight\":{\"field\":\"b\"}}}}}",
            "{\"aggs\":{\"m\":{\"matrix_stats\":{\"fields\":[\"a\",\"b\"]}}}}",
            "{\"aggs\":{\"t\":{\"top_hits\":{\"size\":1,\"_source\":[\"a\"],\"sort\":[{\"d\":\"desc\"}]}}}}",
            "{\"aggs\":{\"s\":{\"scripted_metric\":{\"map_script\":\"1\",\"combine_script\":\"1\",\"reduce_script\":\"1\"}}}}",
            "{\"aggs\":{\"a\":{\"terms\":{\"field\":\"x\"},\"meta\":{\"k\":\"v\"},\"aggregations\":{\"b\":{\"avg\":{\"field\":\"y\"}}}}}}",
        }) {
            assertThat(SearchBodyChecker.check(json(body), BodyShape.SEARCH, true).body()).isEqualTo(json(body));
        }
    }

    @Test
    void everySearchKeyOpenSearchParsesIsAccepted() {
        String body = """
            {"from":0,"size":1,"timeout":"1s","terminate_after":5,"query":{"match_all":{}},"post_filter":{"match_all":{}},
             "min_score":0.1,"version":true,"seq_no_primary_term":true,"explain":false,"_source":false,
             "stored_fields":["_none_"],"docvalue_fields":[{"field":"d","format":"epoch_millis"}],"fields":["f"],
             "script_fields":{"s":{"script":{"source":"1"}}},"sort":"_doc","track_scores":true,
             "include_named_queries_score":true,"track_total_hits":100,"indices_boost":[{"i":2}],
             "aggregations":{},"highlight":{"fields":{"t":{}}},"suggest":{"text":"x","s":{"term":{"field":"t"}}},
             "rescore":{"window_size":5,"query":{"rescore_query":{"match_all":{}}}},"stats":["g"],"profile":false,
             "search_after":[1],"collapse":{"field":"c"},"slice":{"id":0,"max":2},"pit":{"id":"x","keep_alive":"1m"},
             "search_pipeline":"p","verbose_pipeline":false,"derived":{"d":{"type":"keyword","script":"emit('x')"}},
             "ext":{}}""";
        CheckedBody c = SearchBodyChecker.check(json(body), BodyShape.SEARCH, true);
        assertThat(c.body()).isEqualTo(json(body));
        assertCanonical(c, BodyShape.SEARCH);
    }
}
