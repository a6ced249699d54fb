package io.keygate.core.secquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.error.EsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query role / query user bodies → the security index search: JSON in, JSON out, no I/O. */
class EntityQueryRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static EntityFields fields(String which) {
        return which.equals("role") ? EntityFields.ROLES : EntityFields.USERS;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        role | {}                                                | {'match_all':{}}
        role | {'term':{'name':'admin'}}                         | {'term':{'role_name':'admin'}}
        role | {'bool':{'must_not':{'term':{'metadata._reserved':true}}}} | {'bool':{'must_not':[{'term':{'metadata_flattened._reserved':true}}]}}
        role | {'match':{'description':'security'}}             | {'match':{'description':'security'}}
        role | {'terms':{'applications.application':['kibana']}} | {'terms':{'applications.application':['kibana']}}
        role | {'simple_query_string':{'query':'x','fields':['app*']}} | {'simple_query_string':{'query':'x','fields':['applications.application','applications.resources','applications.privileges']}}
        user | {'wildcard':{'roles':'test-role-*'}}              | {'wildcard':{'roles':'test-role-*'}}
        user | {'prefix':{'full_name':'Test'}}                   | {'prefix':{'full_name':'Test'}}
        user | {'term':{'enabled':false}}                        | {'term':{'enabled':false}}
        user | {'simple_query_string':{'query':'x','fields':['password','nosuch']}} | {'match_none':{}}
        """)
    void queriesAreTranslated(String which, String in, String out) {
        JsonNode search = EntityQueryRequest.parse(json("{'query':" + in + "}"), fields(which), "p").toSearch(which, List.of());
        assertThat(search.path("query").path("bool").path("must").get(0)).isEqualTo(json(out));
        assertThat(search.path("query").path("bool").path("filter").get(0)).isEqualTo(json("{'term':{'doc_type':'" + which + "'}}"));
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
        user | {'query':{'term':{'password':'x'}}}            | illegal_argument_exception | Field [password] is not allowed for querying or aggregation
        user | {'query':{'term':{'metadata.a':'x'}}}          | illegal_argument_exception | Field [metadata.a] is not allowed for querying or aggregation
        role | {'query':{'term':{'cluster':'all'}}}           | illegal_argument_exception | Field [cluster] is not allowed for querying or aggregation
        role | {'query':{'regexp':{'name':'a.*'}}}            | illegal_argument_exception | Query type [regexp] is not currently supported in this context
        user | {'sort':['full_name']}                         | illegal_argument_exception | sorting is not supported for field [full_name]
        role | {'sort':[{'metadata':'asc'}]}                  | illegal_argument_exception | sorting is not supported for field [metadata]
        user | {'aggs':{'a':{'terms':{'field':'roles'}}}}     | x_content_parse_exception  | [p] unknown field [aggs]
        user | {'size':-1}                                    | action_request_validation_exception | Validation Failed: 1: [size] parameter cannot be negative but was [-1];
        role | {'from':9999,'size':2}                         | illegal_argument_exception | Result window is too large, from + size must be less than or equal to: [10000] but was [10001]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.
        """)
    void badBodiesAreTheClients400(String which, String body, String type, String reason) {
        assertThatThrownBy(() -> EntityQueryRequest.parse(json(body), fields(which), "p"))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.reason()).isEqualTo(reason);
                });
    }

    @Test
    void pagingAndSortingReachTheSearch() {
        JsonNode search = EntityQueryRequest.parse(json("{'from':1,'size':1,'sort':[{'username':{'order':'desc'}}],'search_after':['b']}"),
                EntityFields.USERS, "p").toSearch("user", List.of("password"));
        assertThat(search.path("from").asInt()).isEqualTo(1);
        assertThat(search.path("size").asInt()).isEqualTo(1);
        assertThat(search.path("sort")).isEqualTo(json("[{'username':{'order':'desc'}}]"));
        assertThat(search.path("search_after")).isEqualTo(json("['b']"));
        assertThat(search.path("_source").path("excludes")).isEqualTo(json("['password']"));
        assertThat(EntityQueryRequest.parse(json("{'sort':'name'}"), EntityFields.ROLES, "p").toSearch("role", List.of())
                .path("sort")).isEqualTo(json("['role_name']"));
    }
}
