package io.keygate.core.apikey.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.apikey.query.ApiKeyQueryRequest.Owner;
import io.keygate.core.error.EsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query API key body → the security index search: JSON in, JSON out, no I/O. */
class ApiKeyQueryRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Client query → translated query (the "must" clause of the search). */
    static Stream<String[]> queries() {
        return Stream.of(
                new String[] {"{}", "{'match_all':{}}"},
                new String[] {"{'match_all':{'boost':2}}", "{'match_all':{'boost':2}}"},
                new String[] {"{'term':{'name':'k1'}}", "{'term':{'name':'k1'}}"},
                new String[] {"{'term':{'username':{'value':'bob','case_insensitive':true}}}",
                        "{'term':{'creator.principal':{'value':'bob','case_insensitive':true}}}"},
                new String[] {"{'terms':{'realm_name':['native','file'],'boost':1}}", "{'terms':{'creator.realm':['native','file'],'boost':1}}"},
                new String[] {"{'terms':{'realm':['native']}}", "{'terms':{'creator.realm':['native']}}"},
                new String[] {"{'prefix':{'metadata.env':'pro'}}", "{'prefix':{'metadata_flattened.env':'pro'}}"},
                new String[] {"{'wildcard':{'name':{'value':'k*'}}}", "{'wildcard':{'name':{'value':'k*'}}}"},
                new String[] {"{'match':{'metadata':'prod'}}", "{'match':{'metadata_flattened':'prod'}}"},
                new String[] {"{'exists':{'field':'expiration'}}", "{'exists':{'field':'expiration_time'}}"},
                new String[] {"{'range':{'creation':{'gte':'now-1d','lt':'now'}}}", "{'range':{'creation_time':{'gte':'now-1d','lt':'now'}}}"},
                new String[] {"{'ids':{'values':['a','b']}}", "{'ids':{'values':['a','b']}}"},
                new String[] {"{'term':{'id':'a'}}", "{'term':{'_id':'a'}}"},
                new String[] {"{'term':{'invalidated':false}}", "{'term':{'api_key_invalidated':false}}"},
                new String[] {"{'range':{'invalidation':{'lte':5}}}", "{'range':{'invalidation_time':{'lte':5}}}"},
                new String[] {"{'bool':{'must':{'term':{'type':'rest'}},'must_not':[{'term':{'name':'x'}}],'minimum_should_match':1}}",
                        "{'bool':{'must':[{'term':{'type':'rest'}}],'must_not':[{'term':{'name':'x'}}],'minimum_should_match':1}}"},
                new String[] {"{'simple_query_string':{'query':'k1','fields':['name','user*^2']}}",
                        "{'simple_query_string':{'query':'k1','fields':['name','creator.principal^2.0']}}"},
                new String[] {"{'simple_query_string':{'query':'k1','fields':['api_key_hash','nosuch*']}}", "{'match_none':{}}"});
    }

    @ParameterizedTest
    @MethodSource("queries")
    void queriesAreTranslatedField(String in, String out) {
        JsonNode search = ApiKeyQueryRequest.parse(json("{'query':" + in + "}")).toSearch(new Owner.Anyone());
        assertThat(search.path("query").path("bool").path("must").get(0)).isEqualTo(json(out));
    }

    @Test
    void simpleQueryStringOnAllFieldsIsLenientAndCoversOnlyPublicFields() {
        JsonNode q = ApiKeyQueryRequest.parse(json("{'query':{'simple_query_string':{'query':'x'}}}")).query();
        assertThat(q.path("simple_query_string").path("lenient").asBoolean()).isTrue();
        assertThat(q.path("simple_query_string").path("fields").toString()).isEqualTo(
                "[\"creator.principal\",\"creator.realm\",\"name\",\"type\",\"creation_time\",\"expiration_time\","
                        + "\"api_key_invalidated\",\"invalidation_time\",\"metadata_flattened\"]");
    }

    /** Client body → 400 type and reason, word for word. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'query':{'term':{'api_key_hash':'x'}}}|illegal_argument_exception|Field [api_key_hash] is not allowed for querying or aggregation",
            "{'query':{'term':{'doc_type':'user'}}}|illegal_argument_exception|Field [doc_type] is not allowed for querying or aggregation",
            "{'query':{'exists':{'field':'api_key_invalidated'}}}|illegal_argument_exception|Field [api_key_invalidated] is not allowed for querying or aggregation",
            "{'query':{'prefix':{'creator.principal':'a'}}}|illegal_argument_exception|Field [creator.principal] is not allowed for querying or aggregation",
            "{'query':{'term':{'user*':'a'}}}|illegal_argument_exception|Field name pattern [user*] is not allowed for querying or aggregation",
            "{'query':{'regexp':{'name':'a.*'}}}|illegal_argument_exception|Query type [regexp] is not currently supported in this context",
            "{'query':{'script':{'script':'true'}}}|illegal_argument_exception|Query type [script] is not currently supported in this context",
            "{'query':{'bogus':{}}}|parsing_exception|unknown query [bogus]",
            "{'query':{'terms':{'name':{'index':'i','id':'1','path':'p'}}}}|illegal_argument_exception|terms query with terms lookup is not currently supported in this context",
            "{'query':{'range':{'creation':{'gte':1,'relation':'within'}}}}|illegal_argument_exception|range query with relation is not currently supported in this context",
            "{'query':{'bool':{'filter':[{'term':{'password':'x'}}]}}}|illegal_argument_exception|Field [password] is not allowed for querying or aggregation",
            "{'sort':['id']}|illegal_argument_exception|sorting is not supported for field [id]",
            "{'sort':[{'api_key_hash':'asc'}]}|illegal_argument_exception|Field [api_key_hash] is not allowed for querying or aggregation",
            "{'sort':[{'name':{'order':'asc','nested':{'path':'x'}}}]}|illegal_argument_exception|nested sorting is not currently supported in this context",
            "{'from':-1,'size':-2}|action_request_validation_exception|Validation Failed: 1: [from] parameter cannot be negative but was [-1];2: [size] parameter cannot be negative but was [-2];",
            "{'colour':'red'}|x_content_parse_exception|[query_api_key_request_payload] unknown field [colour]",
            "{'aggs':{'a':{'global':{}}}}|illegal_argument_exception|Unsupported API Keys agg [a] of type [global]",
            "{'aggs':{'a':{'avg':{'field':'creation'}}}}|illegal_argument_exception|Unsupported API Keys agg [a] of type [avg]",
            "{'aggs':{'a':{'max_bucket':{'buckets_path':'x'}}}}|illegal_argument_exception|Unsupported aggregation of type [max_bucket]",
            "{'aggs':{'a':{'terms':{'script':'doc.x'}}}}|illegal_argument_exception|Unsupported script value source for [a] agg",
            "{'aggs':{'a':{'terms':{'field':'api_key_hash'}}}}|illegal_argument_exception|Field [api_key_hash] is not allowed for querying or aggregation",
            "{'aggs':{'a':{'terms':{'field':'*'}}}}|illegal_argument_exception|Field name pattern [*] is not allowed for querying or aggregation",
            "{'aggs':{'c':{'composite':{'sources':[{'s':{'terms':{'script':'x'}}}]}}}}|illegal_argument_exception|Unsupported script value source for [s] of composite agg [c]",
            "{'aggs':{'f':{'filter':{'term':{'doc_type':'user'}}}}}|illegal_argument_exception|Field [doc_type] is not allowed for querying or aggregation",
            "{'aggs':{'f':{'filters':{'filters':{'x':{'term':{'roles':'r'}}}}}}}|illegal_argument_exception|Field [roles] is not allowed for querying or aggregation",
            "{'aggs':{'f':{'terms':{'field':'name'},'aggs':{'g':{'global':{}}}}}}|illegal_argument_exception|Unsupported API Keys agg [g] of type [global]",
    })
    void refusals(String body, String type, String reason) {
        assertThatThrownBy(() -> ApiKeyQueryRequest.parse(json(body))).isInstanceOfSatisfying(EsException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.reason()).isEqualTo(reason);
        });
    }

    @Test
    void resultWindowIsBounded() {
        assertThat(ApiKeyQueryRequest.parse(json("{'from':9990,'size':10}")).paging().from()).isEqualTo(9990);
        assertThatThrownBy(() -> ApiKeyQueryRequest.parse(json("{'from':9990,'size':11}")))
                .hasMessageStartingWith("Result window is too large, from + size must be less than or equal to: [10000] but was [10001].");
        assertThat(ApiKeyQueryRequest.parse(json("{}")).paging().size()).isEqualTo(10);
        assertThat(ApiKeyQueryRequest.parse(null).paging().size()).isEqualTo(10);
    }

    @Test
    void searchAlwaysFiltersApiKeysAndTheOwnerAndNeverFetchesTheHash() {
        ApiKeyQueryRequest request = ApiKeyQueryRequest.parse(json(
                "{'query':{'term':{'name':'k'}},'from':5,'size':20,'sort':['creation',{'name':{'order':'desc'}},'_doc'],"
                        + "'search_after':[1,'k',3]}"));
        assertThat(request.toSearch(new Owner.User("bob", "native1"))).isEqualTo(json("""
                {'from':5,'size':20,'track_total_hits':true,'version':false,
                 '_source':{'excludes':['api_key_hash','metadata_flattened','keygate_previous_secret']},
                 'query':{'bool':{'must':[{'term':{'name':'k'}}],'filter':[{'term':{'doc_type':'api_key'}},
                    {'term':{'creator.principal':'bob'}},{'term':{'creator.realm':'native1'}}]}},
                 'sort':['creation_time',{'name':{'order':'desc'}},'_doc'],
                 'search_after':[1,'k',3]}"""));
        assertThat(request.toSearch(new Owner.ApiKey("key1")).path("query").path("bool").path("filter").get(1))
                .isEqualTo(json("{'ids':{'values':['key1']}}"));
        assertThat(request.toSearch(new Owner.Anyone()).path("query").path("bool").path("filter").size()).isEqualTo(1);
    }

    @Test
    void aggregationsAreTranslatedAndKeepTheirNames() {
        ApiKeyQueryRequest request = ApiKeyQueryRequest.parse(json("""
                {'size':0,'aggregations':{
                  'by_name':{'terms':{'field':'name','size':3},'aggs':{'users':{'cardinality':{'field':'username'}}}},
                  'ages':{'date_range':{'field':'creation','ranges':[{'to':'now-1d'},{'from':'now-1d'}]}},
                  'no_expiry':{'missing':{'field':'expiration'}},
                  'count':{'value_count':{'field':'invalidated'}},
                  'pages':{'composite':{'size':2,'sources':[{'realm':{'terms':{'field':'realm_name'}}},{'n':{'terms':{'field':'name'}}}],
                           'after':{'realm':'a','n':'b'}}},
                  'prod':{'filter':{'term':{'metadata.env':'prod'}}},
                  'kinds':{'filters':{'other_bucket_key':'other','filters':{'dead':{'term':{'invalidated':true}}}}},
                  'r':{'range':{'field':'expiration','ranges':[{'to':1}]},'meta':{'k':'v'}}}}"""));
        assertThat(request.toSearch(new Owner.Anyone()).get("aggs")).isEqualTo(json("""
                {'by_name':{'terms':{'field':'name','size':3},'aggs':{'users':{'cardinality':{'field':'creator.principal'}}}},
                 'ages':{'date_range':{'field':'creation_time','ranges':[{'to':'now-1d'},{'from':'now-1d'}]}},
                 'no_expiry':{'missing':{'field':'expiration_time'}},
                 'count':{'value_count':{'field':'api_key_invalidated'}},
                 'pages':{'composite':{'size':2,'sources':[{'realm':{'terms':{'field':'creator.realm'}}},{'n':{'terms':{'field':'name'}}}],
                          'after':{'realm':'a','n':'b'}}},
                 'prod':{'filter':{'term':{'metadata_flattened.env':'prod'}}},
                 'kinds':{'filters':{'other_bucket_key':'other','filters':{'dead':{'term':{'api_key_invalidated':true}}}}},
                 'r':{'range':{'field':'expiration_time','ranges':[{'to':1}]},'meta':{'k':'v'}}}"""));
    }

    @Test
    void metadataLeavesCannotBeAggregatedOnTheBackendSoTheyAreRefusedWithAReason() {
        assertThatThrownBy(() -> ApiKeyQueryRequest.parse(json("{'aggs':{'a':{'terms':{'field':'metadata.env'}}}}")))
                .hasMessageStartingWith("Aggregating on field [metadata.env] is not supported by Keygate");
    }
}
