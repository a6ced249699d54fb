package io.keygate.core.classify;

import io.keygate.core.error.EsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RouteParametersTest {

    /** Every route Keygate classifies, as {@code "METHOD template"}. */
    private static List<String[]> classifiedRoutes() {
        List<String[]> out = new ArrayList<>();
        for (RouteTable.Route r : RouteTable.DEFAULT.routes()) {
            for (String method : r.methods()) {
                out.add(new String[] {method, r.template()});
            }
        }
        return out;
    }

    @Test
    void everyClassifiedRouteHasAParameterList() {
        List<String> missing = new ArrayList<>();
        for (String[] route : classifiedRoutes()) {
            if (RouteParameters.api(route[0], route[1]) == null) {
                missing.add(route[0] + " " + route[1]);
            }
        }
        assertThat(missing).as("routes of RouteTable.DEFAULT without an entry in RouteParameters").isEmpty();
    }

    @Test
    void everyListedRouteIsClassified() {
        Set<String> classified = new HashSet<>();
        for (String[] route : classifiedRoutes()) {
            classified.add(route[0] + " " + route[1]);
        }
        assertThat(classified).as("stale entries in RouteParameters").containsAll(RouteParameters.routes());
    }

    /** Path variables never come back in through the query string: neither OpenSearch's names nor Keygate's. */
    @Test
    void noPathPartIsAnAcceptedParameter() {
        for (String[] route : classifiedRoutes()) {
            Set<String> accepted = RouteParameters.accepted(route[0], route[1]);
            Set<String> parts = new HashSet<>(RouteParameters.api(route[0], route[1]).pathParts());
            for (String segment : PathCodec.segments(route[1])) {
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    parts.add(segment.substring(1, segment.length() - 1));
                }
            }
            // names OpenSearch reads from a path somewhere: no handler of ours takes them from the query
            // (type: a path part before OpenSearch 2, still a hot_threads parameter)
            parts.addAll(List.of("index", "id", "name", "alias", "scroll_id", "task_id", "repository", "snapshot"));
            assertThat(accepted).as(route[0] + " " + route[1]).doesNotContainAnyElementsOf(parts);
        }
    }

    /** The server turns them into the body first; ES-only names are stripped, never accepted. */
    @Test
    void bodyAndDroppedParametersAreInNoSet() {
        for (String[] route : classifiedRoutes()) {
            assertThat(RouteParameters.accepted(route[0], route[1])).as(route[0] + " " + route[1])
                    .doesNotContain("source", "source_content_type")
                    .doesNotContainAnyElementsOf(RouteParameters.DROPPED)
                    .containsAll(RouteParameters.GLOBAL);
        }
    }

    @ParameterizedTest(name = "{0} {1} ?{2} accepted: {3}")
    @CsvSource({
            // index-less routes: an index parameter would name a target the classification never saw
            "GET,    /_search,                  index,                 false",
            "POST,   /_search,                  index,                 false",
            "GET,    /_msearch,                 index,                 false",
            "POST,   /_mget,                    index,                 false",
            "GET,    /_mtermvectors,            index,                 false",
            "GET,    /_count,                   index,                 false",
            "GET,    /_field_caps,              index,                 false",
            "GET,    /_validate/query,          index,                 false",
            "POST,   /_analyze,                 index,                 false",
            "POST,   /_bulk,                    index,                 false",
            "POST,   /_bulk,                    type,                  false",
            "GET,    /_search/template,         index,                 false",
            "GET,    /_msearch/template,        index,                 false",
            "GET,    /_mapping,                 index,                 false",
            "POST,   /_cache/clear,             index,                 false",
            "GET,    /_cat/recovery,            index,                 false",
            "GET,    /_cluster/health,          index,                 false",
            "GET,    /_cluster/state/{metric},  index,                 false",
            "GET,    /_data_stream,             name,                  false",
            "GET,    /_data_stream/_stats,      name,                  false",
            "GET,    /_alias,                   name,                  false",
            "GET,    /_alias,                   index,                 false",
            "POST,   /{index}/_rollover,        new_index,             false",
            // routes with an index: the parameter would be overwritten by the path, still refused
            "GET,    /{index}/_search,          index,                 false",
            "POST,   /{index}/_doc,             id,                    false",
            "PUT,    /{index}/_doc/{id},        index,                 false",
            // ids on the URL's index: documents of that index
            "GET,    /{index}/_mtermvectors,    ids,                   true",
            "POST,   /_mtermvectors,            ids,                   true",
            // scroll ids travel in the body or the path, where the owner check sees them
            "GET,    /_search/scroll,           scroll_id,             false",
            "DELETE, /_search/scroll,           scroll_id,             false",
            "GET,    /_search/scroll,           scroll,                true",
            // harmless search parameters
            "GET,    /_search,                  routing,               true",
            "GET,    /{index}/_search,          q,                     true",
            "GET,    /{index}/_search,          df,                    true",
            "GET,    /{index}/_search,          stored_fields,         true",
            "GET,    /{index}/_search,          _source_includes,      true",
            "GET,    /{index}/_search,          expand_wildcards,      true",
            "GET,    /{index}/_search,          typed_keys,            true",
            "GET,    /{index}/_search,          scroll,                true",
            "GET,    /{index}/_search,          search_pipeline,       true",
            "GET,    /{index}/_search/template, q,                     true",
            "GET,    /_msearch,                 routing,               true",
            "GET,    /_msearch,                 typed_keys,            true",
            "GET,    /{index}/_count,           q,                     true",
            "GET,    /{index}/_explain/{id},    q,                     true",
            "GET,    /{index}/_field_caps,      fields,                true",
            "POST,   /_mget,                    routing,               true",
            "POST,   /_mget,                    ids,                   false",
            // writes
            "POST,   /_bulk,                    pipeline,              true",
            "POST,   /_bulk,                    routing,               true",
            "POST,   /_bulk,                    refresh,               true",
            "POST,   /_bulk,                    require_alias,         true",
            "PUT,    /{index}/_doc/{id},        op_type,               true",
            "PUT,    /{index}/_create/{id},     op_type,               true",
            "POST,   /{index}/_doc,             pipeline,              true",
            "POST,   /{index}/_update_by_query, pipeline,              true",
            "POST,   /_reindex,                 pipeline,              false",
            "POST,   /{index}/_delete_by_query, q,                     true",
            "POST,   /_reindex,                 wait_for_completion,   true",
            // global
            "GET,    /_cat/indices,             format,                true",
            "POST,   /_bulk,                    filter_path,           true",
            "GET,    /,                         pretty,                true",
            "HEAD,   /{index},                  expand_wildcards,      true",
            "HEAD,   /{index},                  index,                 false",
            // body carriers: turned into the body before the check, refused if still there
            "GET,    /_msearch,                 source,                false",
            "GET,    /_msearch,                 source_content_type,   false",
            "GET,    /_search,                  source,                false",
            // nothing else
            "GET,    /_cat/fielddata,           fields,                false",
            "GET,    /_cat/snapshots,           repository,            false",
            "PUT,    /_scripts/{id},            context,               false",
            "GET,    /_cat/aliases,             name,                  false",
            "GET,    /_nodes,                   nodeId,                false",
    })
    void dangerousAndEverydayParameters(String method, String template, String param, boolean accepted) {
        assertThat(RouteParameters.accepted(method, template).contains(param)).isEqualTo(accepted);
        if (accepted) {
            RouteParameters.check(method, template, "/p", List.of(param));
        } else {
            assertThatThrownBy(() -> RouteParameters.check(method, template, "/p", List.of(param)))
                    .isInstanceOf(EsException.class);
        }
    }

    @Test
    void refusalReadsAsElasticsearchWritesIt() {
        assertThatThrownBy(() -> RouteParameters.check("GET", "/_search", "/_search", List.of("q", "index")))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("illegal_argument_exception");
                    assertThat(e.reason()).isEqualTo("request [/_search] contains unrecognized parameter: [index]");
                });
    }

    @Test
    void severalAreListedSortedWithSuggestions() {
        assertThatThrownBy(() -> RouteParameters.check("GET", "/{index}/_search", "/logs-*/_search",
                List.of("rooting", "index", "size")))
                .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.reason()).isEqualTo(
                        "request [/logs-*/_search] contains unrecognized parameters: [index], [rooting] -> did you mean [routing]?"));
        assertThatThrownBy(() -> RouteParameters.check("GET", "/_search", "/_search", List.of("sourc")))
                .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.reason()).isEqualTo(
                        "request [/_search] contains unrecognized parameter: [sourc] -> did you mean any of [_source, sort]?"));
    }

    @Test
    void droppedParametersPassTheCheck() {
        RouteParameters.check("POST", "/_bulk", "/_bulk", List.of("require_data_stream", "filter_path"));
    }

    @Test
    void unknownRouteOrMethodFailsClosed() {
        assertThatThrownBy(() -> RouteParameters.check("GET", "/_plugins/_security/api/internalusers", "/x", List.of()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RouteParameters.check("DELETE", "/_search", "/_search", List.of()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(RouteParameters.api("PATCH", "/_search")).isNull();
    }

    @ParameterizedTest
    @CsvSource({"routing, routing, 1.0", "rooting, routing, 0.85714287", "index, ids, 0.4", "'', '', 1.0", "a, '', 0.0"})
    void similarityIsLucenesLevenshtein(String a, String b, float expected) {
        assertThat(RouteParameters.similarity(a, b)).isCloseTo(expected, within(1e-6f));
    }
}
