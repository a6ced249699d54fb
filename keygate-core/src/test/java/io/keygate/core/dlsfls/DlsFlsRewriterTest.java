package io.keygate.core.dlsfls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.user.User;
import io.keygate.core.error.EsException;
import io.keygate.core.query.BodyShape;
import io.keygate.core.query.SearchBodyChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DlsFlsRewriterTest {

    static final ObjectMapper M = new ObjectMapper();
    static final User BOB = new User("bob", List.of(), null, null, Map.of(), true);

    static final IndexRestriction HR = new IndexRestriction(
            DocumentPermissions.anyOf(List.of(RoleQuery.compile("{\"term\":{\"public\":true}}"))),
            FieldPermissions.union(List.of(new FieldPermissions.Grant(List.of("title", "body", "tags"), List.of()))));
    static final IndexRestriction DLS_ONLY = new IndexRestriction(
            DocumentPermissions.anyOf(List.of(RoleQuery.compile("{\"term\":{\"tenant\":\"a\"}}"))),
            FieldPermissions.ALL);
    static final IndexRestriction FLS_TITLE = new IndexRestriction(DocumentPermissions.NONE,
            FieldPermissions.union(List.of(new FieldPermissions.Grant(List.of("title"), List.of()))));

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) M.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static ObjectNode rewrite(String body, BodyShape shape, Map<String, IndexRestriction> targets) {
        return DlsFlsRewriter.rewrite(SearchBodyChecker.check(json(body), shape, true), shape, targets, BOB,
                name -> name.startsWith("restricted") ? DLS_ONLY : IndexRestriction.NONE);
    }

    static Map<String, IndexRestriction> only(String index, IndexRestriction r) {
        return Map.of(index, r);
    }

    /** body → forwarded body, for a search on hr (DLS public:true, FLS title/body/tags). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        {} | {"query":{"bool":{"must":[{"match_all":{}}],"filter":[{"term":{"public":true}}]}},"_source":{"includes":["title","body","tags"],"excludes":[]}}
        {"query":{"match":{"title":"x"}},"_source":false} | {"query":{"bool":{"must":[{"match":{"title":"x"}}],"filter":[{"term":{"public":true}}]}},"_source":false}
        {"query":{"term":{"salary":5}},"_source":["t*","salary"]} | {"query":{"bool":{"must":[{"match_none":{}}],"filter":[{"term":{"public":true}}]}},"_source":{"includes":["title","tags"],"excludes":[]}}
        {"query":{"bool":{"must_not":{"range":{"salary":{"gt":1}}}}},"_source":{"excludes":["body"]}} | {"query":{"bool":{"must":[{"bool":{"must_not":{"match_none":{}}}}],"filter":[{"term":{"public":true}}]}},"_source":{"includes":["title","body","tags"],"excludes":["body"]}}
        {"query":{"multi_match":{"query":"x"}},"_source":false} | {"query":{"bool":{"must":[{"multi_match":{"query":"x","fields":["title","body","tags"]}}],"filter":[{"term":{"public":true}}]}},"_source":false}
        {"query":{"multi_match":{"query":"x","fields":["title^2","salary","t*"]}},"_source":false} | {"query":{"bool":{"must":[{"multi_match":{"query":"x","fields":["title^2","title","tags"]}}],"filter":[{"term":{"public":true}}]}},"_source":false}
        {"query":{"query_string":{"query":"x AND y","default_field":"salary"}},"_source":false} | {"query":{"bool":{"must":[{"match_none":{}}],"filter":[{"term":{"public":true}}]}},"_source":false}
        {"query":{"simple_query_string":{"query":"x"}},"_source":false} | {"query":{"bool":{"must":[{"simple_query_string":{"query":"x","fields":["title","body","tags"]}}],"filter":[{"term":{"public":true}}]}},"_source":false}
        {"_source":false,"fields":["*",{"field":"salary"},{"field":"title","format":"x"}],"docvalue_fields":["tags"],"stored_fields":["salary","_none_"]} | {"query":{"bool":{"must":[{"match_all":{}}],"filter":[{"term":{"public":true}}]}},"_source":false,"fields":["title","body","tags",{"field":"title","format":"x"}],"docvalue_fields":["tags"],"stored_fields":["_none_"]}
        {"_source":false,"highlight":{"fields":{"*":{},"salary":{}}}} | {"query":{"bool":{"must":[{"match_all":{}}],"filter":[{"term":{"public":true}}]}},"_source":false,"highlight":{"fields":{"title":{},"body":{},"tags":{}}}}
        {"_source":false,"highlight":{"fields":{"salary":{}}}} | {"query":{"bool":{"must":[{"match_all":{}}],"filter":[{"term":{"public":true}}]}},"_source":false}
        {"_source":false,"sort":[{"title":"asc"},"_score"],"aggs":{"t":{"terms":{"field":"tags"},"aggs":{"h":{"top_hits":{"size":1}}}}}} | {"query":{"bool":{"must":[{"match_all":{}}],"filter":[{"term":{"public":true}}]}},"_source":false,"sort":[{"title":"asc"},"_score"],"aggs":{"t":{"terms":{"field":"tags"},"aggs":{"h":{"top_hits":{"size":1,"_source":{"includes":["title","body","tags"],"excludes":[]}}}}}}}
        {"_source":false,"query":{"nested":{"path":"n","query":{"match_all":{}},"inner_hits":{}}}} | {"query":{"bool":{"must":[{"nested":{"path":"n","query":{"match_all":{}},"inner_hits":{"_source":{"includes":["title","body","tags"],"excludes":[]}}}}],"filter":[{"term":{"public":true}}]}},"_source":false}
        """)
    void searchOnARestrictedIndex(String body, String expected) {
        assertThat(rewrite(body, BodyShape.SEARCH, only("hr", HR))).isEqualTo(json(expected));
    }

    @Test
    void dlsIsScopedPerIndex_unrestrictedIndicesStayUnfiltered() {
        Map<String, IndexRestriction> targets = new LinkedHashMap<>();
        targets.put("logs-a", DLS_ONLY);
        targets.put("logs-open", IndexRestriction.NONE);
        assertThat(rewrite("{\"query\":{\"match\":{\"m\":\"x\"}}}", BodyShape.SEARCH, targets)).isEqualTo(json("""
            {"query":{"bool":{"must":[{"match":{"m":"x"}}],"filter":[{"bool":{"minimum_should_match":1,"should":[
               {"bool":{"must":[{"term":{"tenant":"a"}}],"filter":[{"terms":{"_index":["logs-a"]}}]}},
               {"terms":{"_index":["logs-open"]}}]}}]}}}"""));
    }

    @Test
    void aQueryOnAFieldVisibleInOnlySomeIndicesIsScopedToThem() {
        Map<String, IndexRestriction> targets = new LinkedHashMap<>();
        targets.put("a", FLS_TITLE);
        targets.put("b", IndexRestriction.NONE);
        ObjectNode out = rewrite("{\"query\":{\"term\":{\"salary\":1}},\"_source\":false}", BodyShape.SEARCH, targets);
        assertThat(out).isEqualTo(json("""
            {"query":{"bool":{"must":[{"term":{"salary":1}}],"filter":[{"terms":{"_index":["b"]}}]}},"_source":false}"""));
        ObjectNode mm = rewrite("{\"query\":{\"multi_match\":{\"query\":\"x\"}},\"_source\":false}", BodyShape.SEARCH,
                targets);
        assertThat(mm).isEqualTo(json("""
            {"query":{"bool":{"minimum_should_match":1,"should":[
               {"bool":{"must":[{"multi_match":{"query":"x","fields":["title"]}}],"filter":[{"terms":{"_index":["a"]}}]}},
               {"bool":{"must":[{"multi_match":{"query":"x","fields":["*"]}}],"filter":[{"terms":{"_index":["b"]}}]}}]}},
             "_source":false}"""));
    }

    @Test
    void countExplainAndBareQueriesGetTheDocumentFilter() {
        String filtered = "{\"bool\":{\"must\":[{\"term\":{\"title\":\"x\"}}],\"filter\":[{\"term\":{\"public\":true}}]}}";
        for (BodyShape s : List.of(BodyShape.COUNT, BodyShape.EXPLAIN, BodyShape.VALIDATE_QUERY)) {
            assertThat(rewrite("{\"query\":{\"term\":{\"title\":\"x\"}}}", s, only("hr", HR)))
                    .isEqualTo(json("{\"query\":" + filtered + "}"));
        }
        assertThat(rewrite("{\"term\":{\"title\":\"x\"}}", BodyShape.QUERY, only("hr", HR))).isEqualTo(json(filtered));
    }

    @Test
    void unrestrictedTargetsForwardTheCheckedBodyAsIs() {
        String body = "{\"query\":{\"script\":{\"script\":\"1\"}},\"aggs\":{\"g\":{\"global\":{}}},\"profile\":true}";
        assertThat(rewrite(body, BodyShape.SEARCH, only("open", IndexRestriction.NONE))).isEqualTo(json(body));
    }

    @Test
    void templatesAreRenderedForTheUser() {
        IndexRestriction own = new IndexRestriction(DocumentPermissions.anyOf(List.of(RoleQuery.compile(
                "{\"template\":{\"source\":{\"term\":{\"owner\":\"{{_user.username}}\"}}}}"))), FieldPermissions.ALL);
        assertThat(rewrite("{\"size\":0}", BodyShape.SEARCH, only("docs", own))).isEqualTo(json("""
            {"query":{"bool":{"must":[{"match_all":{}}],"filter":[{"term":{"owner":"bob"}}]}},"size":0}"""));
    }

    /** Every construct Keygate cannot make safe: 403 naming it, on hr (DLS+FLS) and on a DLS-only index. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        SEARCH | {"aggs":{"g":{"global":{}}}} | [global aggregation]
        SEARCH | {"aggs":{"t":{"terms":{"field":"tags","min_doc_count":0}}}} | [terms with min_doc_count 0]
        SEARCH | {"aggs":{"s":{"significant_terms":{"field":"tags"}}}} | [significant_terms]
        SEARCH | {"aggs":{"s":{"significant_text":{"field":"body"}}}} | [significant_text]
        SEARCH | {"aggs":{"c":{"children":{"type":"c"}}}} | [children]
        SEARCH | {"aggs":{"s":{"avg":{"script":"doc['salary'].value"}}}} | [avg script]
        SEARCH | {"aggs":{"s":{"scripted_metric":{"map_script":"1"}}}} | [scripted_metric]
        SEARCH | {"query":{"script":{"script":"doc['salary'].value > 1"}}} | [script query]
        SEARCH | {"query":{"script_score":{"query":{"match_all":{}},"script":"1"}}} | [script_score query]
        SEARCH | {"query":{"function_score":{"script_score":{"script":"1"}}}} | [function_score script_score]
        SEARCH | {"sort":{"_script":{"type":"number","script":"1"}}} | [script sort]
        SEARCH | {"script_fields":{"s":{"script":"1"}}} | [script_fields]
        SEARCH | {"derived":{"d":{"type":"keyword","script":"emit('x')"}}} | [derived]
        SEARCH | {"query":{"has_child":{"type":"c","query":{"match_all":{}}}}} | [has_child]
        SEARCH | {"query":{"has_parent":{"parent_type":"p","query":{"match_all":{}}}}} | [has_parent]
        SEARCH | {"query":{"parent_id":{"type":"c","id":"1"}}} | [parent_id]
        SEARCH | {"profile":true} | [profile]
        SEARCH | {"suggest":{"s":{"text":"x","term":{"field":"title"}}}} | [suggest]
        SEARCH | {"query":{"more_like_this":{"like":[{"_id":"1"}]}}} | [more_like_this lookup]
        SEARCH | {"query":{"terms":{"f":{"index":"restricted-x","id":"1","path":"p"}}}} | [terms lookup]
        SEARCH | {"query":{"geo_shape":{"f":{"indexed_shape":{"index":"restricted-shapes","id":"1"}}}}} | [geo_shape lookup]
        SEARCH | {"query":{"percolate":{"field":"q","index":"restricted-p","id":"1"}}} | [percolate lookup]
        DELETE_BY_QUERY | {"query":{"match_all":{}}} | [delete_by_query]
        UPDATE_BY_QUERY | {"query":{"match_all":{}}} | [update_by_query]
        """)
    void refusedForARestrictedPrincipal(BodyShape shape, String body, String reason) {
        for (IndexRestriction r : List.of(HR, DLS_ONLY)) {
            assertThatThrownBy(() -> rewrite(body, shape, only("hr", r)))
                    .isInstanceOfSatisfying(EsException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.type()).isEqualTo("security_exception");
                        assertThat(e.reason()).startsWith(reason);
                    });
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        {"sort":[{"salary":"desc"}]} | [sort on field [salary]]
        {"aggs":{"a":{"max":{"field":"salary"}}}} | [aggregation on field [salary]]
        {"collapse":{"field":"salary"}} | [collapse on field [salary]]
        {"slice":{"id":0,"max":2,"field":"salary"}} | [slice on field [salary]]
        {"query":{"query_string":{"query":"salary:>100"}}} | [query_string naming fields]
        {"query":{"terms_set":{"title":{"terms":["a"],"minimum_should_match_field":"salary"}}}} | [terms_set on field [salary]]
        """)
    void fieldsOutsideTheGrantCannotBeSortedAggregatedOrCollapsed(String body, String reason) {
        assertThatThrownBy(() -> rewrite(body, BodyShape.SEARCH, only("hr", HR)))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.reason()).startsWith(reason);
                });
        // the same body is fine where the field is visible (DLS only)
        rewrite(body, BodyShape.SEARCH, only("hr", DLS_ONLY));
    }

    @Test
    void lookupsIntoUnrestrictedIndicesStayAllowed() {
        ObjectNode out = rewrite("{\"query\":{\"terms\":{\"title\":{\"index\":\"open\",\"id\":\"1\",\"path\":\"p\"}}},"
                + "\"_source\":false}", BodyShape.SEARCH, only("hr", HR));
        assertThat(out.toString()).contains("\"index\":\"open\"").contains("\"public\":true");
    }
}
