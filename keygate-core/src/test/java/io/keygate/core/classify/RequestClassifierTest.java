package io.keygate.core.classify;

import io.keygate.core.error.EsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestClassifierTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T20:15:30Z"), ZoneOffset.UTC);
    static final RequestClassifier CLASSIFIER = new RequestClassifier(CLOCK);

    /** {@code a=1&b=2&a=3} → decoded params (values here are not encoded). */
    static Map<String, List<String>> params(String query) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                m.computeIfAbsent(eq < 0 ? kv : kv.substring(0, eq), k -> new ArrayList<>()).add(eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        return m;
    }

    static String render(Classification c) {
        if (c.keygateApi()) {
            return "KEYGATE";
        }
        if (!c.known()) {
            return "UNKNOWN";
        }
        String targets = c.targets().stream()
                .map(t -> t.action() + (t.indices() == null ? "" : "[" + t.indices().toCsv() + "]"))
                .collect(Collectors.joining(" "));
        return c.body() + (targets.isEmpty() ? "" : " " + targets);
    }

    @ParameterizedTest(name = "{0} {1}?{2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "", textBlock = """
        # method | raw path                          | query            | expected
        GET    | /                                   |                  | NONE cluster:monitor/main
        HEAD   | /                                   |                  | NONE cluster:monitor/main
        GET    | /_license                           |                  | NONE cluster:monitor/xpack/license/get
        PUT    | /logs/_doc/1                        |                  | OPAQUE indices:data/write/index[logs] indices:data/write/bulk[s][logs] indices:data/write/index:op_type/index[logs]
        POST   | /logs/_doc/1                        | op_type=create   | OPAQUE indices:data/write/index[logs] indices:data/write/bulk[s][logs] indices:data/write/index:op_type/create[logs]
        PUT    | /logs/_doc/1                        | op_type=create&op_type=index | OPAQUE indices:data/write/index[logs] indices:data/write/bulk[s][logs] indices:data/write/index:op_type/index[logs]
        POST   | /logs/_doc                          |                  | OPAQUE indices:data/write/index[logs] indices:data/write/bulk[s][logs] indices:data/write/index:op_type/create[logs]
        PUT    | /logs/_create/1                     |                  | OPAQUE indices:data/write/index[logs] indices:data/write/bulk[s][logs] indices:data/write/index:op_type/create[logs]
        DELETE | /logs/_doc/1                        |                  | NONE indices:data/write/delete[logs] indices:data/write/bulk[s][logs]
        POST   | /logs/_update/1                     |                  | OPAQUE indices:data/write/update[logs] indices:data/write/bulk[s][logs]
        GET    | /logs/_doc/1                        |                  | NONE indices:data/read/get[logs]
        HEAD   | /logs/_doc/1                        |                  | NONE indices:data/read/get[logs]
        GET    | /logs/_source/1                     |                  | NONE indices:data/read/get[logs]
        POST   | /_bulk                              |                  | BULK indices:data/write/bulk
        PUT    | /logs/_bulk                         |                  | BULK indices:data/write/bulk
        POST   | /_mget                              |                  | MGET indices:data/read/mget
        GET    | /logs/_mget                         |                  | MGET indices:data/read/mget
        POST   | /_mtermvectors                      |                  | MGET indices:data/read/mtv
        GET    | /logs/_termvectors/1                |                  | TERMVECTORS indices:data/read/tv[logs]
        GET    | /_search                            |                  | SEARCH indices:data/read/search[_all]
        POST   | /logs-*,-logs-old/_search           |                  | SEARCH indices:data/read/search[logs-*,-logs-old]
        GET    | /_all/_search                       |                  | SEARCH indices:data/read/search[_all]
        GET    | //logs//_search/                    |                  | SEARCH indices:data/read/search[logs]
        GET    | /logs/_count                        |                  | SEARCH indices:data/read/search[logs]
        GET    | /_count                             |                  | SEARCH indices:data/read/search[_all]
        POST   | /_msearch                           |                  | MSEARCH indices:data/read/msearch
        POST   | /logs/_msearch                      |                  | MSEARCH indices:data/read/msearch
        POST   | /logs/_search/template              |                  | TEMPLATE indices:data/read/search/template indices:data/read/search[logs]
        GET    | /_search/template                   |                  | TEMPLATE indices:data/read/search/template indices:data/read/search[_all]
        POST   | /_msearch/template                  |                  | TEMPLATE indices:data/read/msearch/template
        POST   | /_search/scroll                     |                  | CONTEXT indices:data/read/scroll
        GET    | /_search/scroll/abc                 |                  | NONE indices:data/read/scroll
        DELETE | /_search/scroll                     |                  | CONTEXT indices:data/read/scroll/clear
        DELETE | /_search/scroll/abc                 |                  | NONE indices:data/read/scroll/clear
        GET    | /logs/_explain/1                    |                  | SEARCH indices:data/read/explain[logs]
        GET    | /_field_caps                        | fields=a         | SEARCH indices:data/read/field_caps[_all]
        POST   | /logs*/_field_caps                  |                  | SEARCH indices:data/read/field_caps[logs*]
        GET    | /logs/_validate/query               |                  | SEARCH indices:admin/validate/query[logs]
        POST   | /logs/_pit                          | keep_alive=1m    | SEARCH indices:data/read/open_point_in_time[logs]
        DELETE | /_pit                               |                  | CONTEXT indices:data/read/close_point_in_time
        POST   | /logs/_search/point_in_time         | keep_alive=1m    | NONE indices:data/read/open_point_in_time[logs]
        DELETE | /_search/point_in_time              |                  | CONTEXT indices:data/read/close_point_in_time
        DELETE | /_search/point_in_time/_all         |                  | UNKNOWN
        POST   | /logs/_delete_by_query              |                  | SEARCH indices:data/write/delete/byquery[logs]
        POST   | /logs/_update_by_query              |                  | SEARCH indices:data/write/update/byquery[logs]
        POST   | /_reindex                           |                  | REINDEX indices:data/write/reindex
        POST   | /_reindex/t1/_rethrottle            |                  | NONE cluster:admin/reindex/rethrottle
        PUT    | /logs                               |                  | INTERCEPTED indices:admin/create[logs]
        DELETE | /logs,metrics                       |                  | NONE indices:admin/delete[logs,metrics]
        GET    | /logs                               |                  | NONE indices:admin/get[logs]
        HEAD   | /logs                               |                  | NONE indices:admin/get[logs]
        POST   | /logs/_open                         |                  | NONE indices:admin/open[logs]
        POST   | /logs/_close                        |                  | NONE indices:admin/close[logs]
        PUT    | /logs/_mapping                      |                  | OPAQUE indices:admin/mapping/put[logs]
        GET    | /_mapping                           |                  | NONE indices:admin/mappings/get[_all]
        GET    | /logs/_mapping/field/a.b            |                  | NONE indices:admin/mappings/fields/get[logs]
        GET    | /logs/_settings                     |                  | NONE indices:monitor/settings/get[logs]
        GET    | /_settings/index.number_of_shards   |                  | NONE indices:monitor/settings/get[_all]
        PUT    | /logs/_settings                     |                  | OPAQUE indices:admin/settings/update[logs]
        POST   | /_aliases                           |                  | ALIASES indices:admin/aliases
        PUT    | /logs/_alias/current                |                  | INTERCEPTED indices:admin/aliases[logs] indices:admin/aliases[current]
        DELETE | /logs/_aliases/current              |                  | NONE indices:admin/aliases[logs] indices:admin/aliases[current]
        GET    | /_alias/current                     |                  | NONE indices:admin/aliases/get[_all]
        GET    | /logs/_alias                        |                  | NONE indices:admin/aliases/get[logs]
        POST   | /current/_rollover                  |                  | INTERCEPTED indices:admin/rollover[current]
        POST   | /_refresh                           |                  | NONE indices:admin/refresh[_all]
        POST   | /logs/_flush                        |                  | NONE indices:admin/flush[logs]
        POST   | /logs/_forcemerge                   |                  | NONE indices:admin/forcemerge[logs]
        GET    | /logs/_stats                        |                  | NONE indices:monitor/stats[logs]
        GET    | /_stats/docs                        |                  | NONE indices:monitor/stats[_all]
        GET    | /logs/_segments                     |                  | NONE indices:monitor/segments[logs]
        GET    | /logs/_recovery                     |                  | NONE indices:monitor/recovery[logs]
        GET    | /_resolve/index/logs*               |                  | NONE indices:admin/resolve/index[logs*]
        PUT    | /_data_stream/logs-app-default      |                  | NONE indices:admin/data_stream/create[logs-app-default]
        DELETE | /_data_stream/logs-app-default      |                  | NONE indices:admin/data_stream/delete[logs-app-default]
        GET    | /_data_stream                       |                  | NONE indices:admin/data_stream/get[_all]
        GET    | /_data_stream/_stats                |                  | NONE indices:monitor/data_stream/stats[_all]
        PUT    | /_index_template/t1                 |                  | OPAQUE indices:admin/index_template/put
        GET    | /_index_template                    |                  | NONE indices:admin/index_template/get
        DELETE | /_index_template/t1                 |                  | NONE indices:admin/index_template/delete
        PUT    | /_template/t1                       |                  | OPAQUE indices:admin/template/put
        PUT    | /_component_template/c1             |                  | OPAQUE cluster:admin/component_template/put
        GET    | /_cluster/health                    |                  | NONE cluster:monitor/health
        GET    | /_cluster/health/logs               |                  | NONE cluster:monitor/health
        GET    | /_cluster/state/metadata/logs       |                  | NONE cluster:monitor/state
        GET    | /_cluster/stats                     |                  | NONE cluster:monitor/stats
        GET    | /_cluster/settings                  |                  | NONE cluster:monitor/settings
        PUT    | /_cluster/settings                  |                  | OPAQUE cluster:admin/settings/update
        GET    | /_nodes                             |                  | NONE cluster:monitor/nodes/info
        GET    | /_nodes/_local                      |                  | NONE cluster:monitor/nodes/info
        GET    | /_nodes/stats                       |                  | NONE cluster:monitor/nodes/stats
        GET    | /_nodes/n1/stats/jvm                |                  | NONE cluster:monitor/nodes/stats
        GET    | /_nodes/n1/jvm                      |                  | NONE cluster:monitor/nodes/info
        GET    | /_tasks                             |                  | NONE cluster:monitor/tasks/lists
        GET    | /_tasks/n1:42                       |                  | NONE cluster:monitor/task/get
        POST   | /_tasks/n1:42/_cancel               |                  | NONE cluster:admin/tasks/cancel
        GET    | /_cluster/pending_tasks             |                  | NONE cluster:monitor/task
        PUT    | /_ingest/pipeline/p1                |                  | OPAQUE cluster:admin/ingest/pipeline/put
        GET    | /_ingest/pipeline                   |                  | NONE cluster:admin/ingest/pipeline/get
        DELETE | /_ingest/pipeline/p1                |                  | NONE cluster:admin/ingest/pipeline/delete
        POST   | /_ingest/pipeline/_simulate         |                  | OPAQUE cluster:admin/ingest/pipeline/simulate
        POST   | /_ingest/pipeline/p1/_simulate      |                  | OPAQUE cluster:admin/ingest/pipeline/simulate
        PUT    | /_scripts/s1                        |                  | OPAQUE cluster:admin/script/put
        GET    | /_scripts/s1                        |                  | NONE cluster:admin/script/get
        DELETE | /_scripts/s1                        |                  | NONE cluster:admin/script/delete
        PUT    | /_snapshot/repo                     |                  | OPAQUE cluster:admin/repository/put
        GET    | /_snapshot/repo                     |                  | NONE cluster:admin/repository/get
        PUT    | /_snapshot/repo/snap1               |                  | OPAQUE cluster:admin/snapshot/create
        GET    | /_snapshot/repo/snap1               |                  | NONE cluster:admin/snapshot/get
        GET    | /_snapshot/repo/_status             |                  | NONE cluster:admin/snapshot/status
        POST   | /_snapshot/repo/snap1/_restore      |                  | OPAQUE cluster:admin/snapshot/restore
        DELETE | /_snapshot/repo/snap1               |                  | NONE cluster:admin/snapshot/delete
        GET    | /_cat                               |                  | NONE
        GET    | /_cat/indices                       |                  | NONE cluster:monitor/state cluster:monitor/health indices:monitor/settings/get[_all] indices:monitor/stats[_all]
        GET    | /_cat/indices/logs*                 | v                | NONE cluster:monitor/state cluster:monitor/health indices:monitor/settings/get[logs*] indices:monitor/stats[logs*]
        GET    | /_cat/health                        |                  | NONE cluster:monitor/health
        GET    | /_cat/count/logs                    |                  | NONE indices:data/read/search[logs]
        GET    | /_cat/aliases                       |                  | NONE indices:admin/aliases/get
        GET    | /_cat/nodes                         |                  | NONE cluster:monitor/state cluster:monitor/nodes/info cluster:monitor/nodes/stats
        GET    | /_cat/shards/logs                   |                  | NONE cluster:monitor/state indices:monitor/stats[logs]
        GET    | /_cat/templates                     |                  | NONE indices:admin/index_template/get indices:admin/template/get
        POST   | /_security/api_key                  |                  | KEYGATE
        GET    | /%5Fsecurity/user                   |                  | KEYGATE
        GET    | /%5fkeygate/ui/                     |                  | KEYGATE
        GET    | /_keygate/ui                        |                  | KEYGATE
        GET    | /_SEARCH                            |                  | UNKNOWN
        GET    | /logs/_SEARCH                       |                  | UNKNOWN
        GET    | /_plugins/_security/api/roles       |                  | UNKNOWN
        GET    | /_plugins                           |                  | UNKNOWN
        GET    | /_opendistro/_security/authinfo     |                  | UNKNOWN
        GET    | /%5Fplugins                         |                  | UNKNOWN
        PATCH  | /logs/_search                       |                  | UNKNOWN
        DELETE | /logs/_search                       |                  | UNKNOWN
        POST   | /logs/_doc/1/_explode               |                  | UNKNOWN
        GET    | /logs%2Cmetrics/_search             |                  | SEARCH indices:data/read/search[logs,metrics]
        GET    | /%3Clogs-%7Bnow%2Fd%7D%3E/_search   |                  | SEARCH indices:data/read/search[logs-2026.11.27]
        PUT    | /%3Clogs-%7Bnow%2FM%7Buuuu.MM%7D%7D%3E/_doc/1 |        | OPAQUE indices:data/write/index[logs-2026.11] indices:data/write/bulk[s][logs-2026.11] indices:data/write/index:op_type/index[logs-2026.11]
        GET    | /remote:logs/_search                |                  | SEARCH indices:data/read/search[remote:logs]
        """)
    void classifies(String method, String path, String query, String expected) {
        Classification c = CLASSIFIER.classify(new RestRequest(method, path, params(query)));
        assertThat(render(c)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
        GET    | /%2e%2e/_search                 | illegal_argument_exception   | path segment [..] is not allowed in [/%2e%2e/_search]
        GET    | /logs/../_search                | illegal_argument_exception   | path segment [..] is not allowed in [/logs/../_search]
        GET    | /./_search                      | illegal_argument_exception   | path segment [.] is not allowed in [/./_search]
        GET    | /a%2Fb/_search                  | invalid_index_name_exception | Invalid index name [a/b], must not contain the following characters
        GET    | /a%5Cb/_search                  | invalid_index_name_exception | Invalid index name [a\\b], must not contain the following characters
        GET    | /a%zz/_search                   | illegal_argument_exception   | invalid escape sequence `%zz' at index 1 of: a%zz
        GET    | /a%4/_search                    | illegal_argument_exception   | unterminated escape sequence at end of string: a%4
        GET    | /a%C3%28/_search                | illegal_argument_exception   | invalid UTF-8 in percent-encoded path: a%C3%28
        GET    | /logs,,metrics/_search          | invalid_index_name_exception | Invalid index name [], must not be empty
        GET    | /logs,_all/_search              | invalid_index_name_exception | Invalid index name [_all], must not start with '_', '-', or '+'
        GET    | /-logs/_search                  | invalid_index_name_exception | Invalid index name [-logs], must not start with '_', '-', or '+'
        PUT    | /logs-*/_doc/1                  | invalid_index_name_exception | Invalid index name [logs-*], must not contain the following characters
        PUT    | /a,b/_doc/1                     | invalid_index_name_exception | Invalid index name [a,b], must not contain the following characters
        PUT    | /_all/_doc/1                    | invalid_index_name_exception | Invalid index name [_all], must not start with '_', '-', or '+'
        GET    | /%3Clogs-%7Bnow%2Fq%7D%3E/_search | parse_exception            | invalid dynamic name expression [<logs-{now/q}>]. unit [q] not supported for date math
        GET    | /x/_search/%2e                  | illegal_argument_exception   | path segment [.] is not allowed in [/x/_search/%2e]
        DELETE | /logs-*                         | illegal_argument_exception   | Wildcard expressions or all indices are not allowed
        DELETE | /_all                           | illegal_argument_exception   | Wildcard expressions or all indices are not allowed
        DELETE | /logs,*,-logs                   | illegal_argument_exception   | Wildcard expressions or all indices are not allowed
        POST   | /*/_close                       | illegal_argument_exception   | Wildcard expressions or all indices are not allowed
        PUT    | /logs*/_block/write             | illegal_argument_exception   | Wildcard expressions or all indices are not allowed
        DELETE | /_data_stream/logs-*            | illegal_argument_exception   | Wildcard expressions or all indices are not allowed
        """)
    void rejects(String method, String path, String type, String reason) {
        assertThatThrownBy(() -> CLASSIFIER.classify(RestRequest.of(method, path)))
                .isInstanceOfSatisfying(EsException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.reason()).startsWith(reason); // the character list itself holds the CSV delimiter
                });
    }

    @ParameterizedTest(name = "{0} {1} rewritten with [{2}] -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
        GET  | /logs-*/_search              | logs-a,logs-b   | /logs-a,logs-b/_search
        GET  | /_search                     | logs-a          | /logs-a/_search
        GET  | //_search/                   | logs-a          | /logs-a/_search
        GET  | /_cat/indices                | logs-a,logs-b   | /_cat/indices/logs-a,logs-b
        GET  | /_data_stream                | logs-x          | /_data_stream/logs-x
        GET  | /_search                     |                 | /*,-*/_search
        GET  | /l*/_stats/docs              | l+1,ä           | /l%2B1,%C3%A4/_stats/docs
        POST | /%3Clogs-%7Bnow%2Fd%7D%3E/_bulk | logs-2026.11.27 | /logs-2026.11.27/_bulk
        """)
    void rewritesIndexSegment(String method, String path, String names, String expected) {
        Classification c = CLASSIFIER.classify(RestRequest.of(method, path));
        List<String> list = names == null ? List.of() : List.of(names.split(","));
        assertThat(c.rewritable()).isTrue();
        assertThat(c.rewritePath(list)).isEqualTo(expected);
    }

    @Test
    void bulkUrlIndexIsTheDefaultIndexAndNotATarget() {
        Classification c = CLASSIFIER.classify(RestRequest.of("POST", "/%3Clogs-%7Bnow%2Fd%7D%3E/_bulk"));
        assertThat(c.defaultIndex()).isEqualTo("logs-2026.11.27");
        assertThat(c.body()).isEqualTo(BodyKind.BULK);
        assertThat(c.targets()).containsExactly(new ActionTarget(ActionNames.BULK, null));
        assertThat(CLASSIFIER.classify(RestRequest.of("POST", "/_bulk")).rewritable()).isFalse();
    }

    @Test
    void msearchUrlIndicesAreTheDefaultForHeadersWithoutIndex() {
        Classification c = CLASSIFIER.classify(RestRequest.of("POST", "/logs-*,-logs-old/_msearch"));
        assertThat(c.urlIndices().toCsv()).isEqualTo("logs-*,-logs-old");
        assertThat(c.defaultIndex()).isEqualTo("logs-*,-logs-old");
        MsearchHeaderClassifier.MsearchHeader h = new MsearchHeaderClassifier(CLOCK).classify(new byte[0], 0, 0);
        assertThat(h.effectiveIndices(c.urlIndices()).toCsv()).isEqualTo("logs-*,-logs-old");
        assertThat(CLASSIFIER.classify(RestRequest.of("POST", "/_msearch")).urlIndices()).isNull();
    }

    @Test
    void destructiveWildcardsCanBeAllowedBySetting() {
        RequestClassifier lenient = new RequestClassifier(RouteTable.DEFAULT, CLOCK, false);
        assertThat(render(lenient.classify(RestRequest.of("DELETE", "/logs-*")))).isEqualTo("NONE indices:admin/delete[logs-*]");
    }

    @Test
    void remoteExpressionsAreFlagged() {
        assertThat(CLASSIFIER.classify(RestRequest.of("GET", "/other:logs,local/_search")).hasRemote()).isTrue();
        assertThat(CLASSIFIER.classify(RestRequest.of("GET", "/local/_search")).hasRemote()).isFalse();
    }

    @Test
    void unknownKeepsTheSegmentsAndIsNotRewritable() {
        Classification c = CLASSIFIER.classify(RestRequest.of("GET", "/_nope/x"));
        assertThat(c.known()).isFalse();
        assertThat(c.rewritable()).isFalse();
        assertThat(c.canonicalPath()).isEqualTo("/_nope/x");
    }

    @Test
    void everyRouteIsReachable() {
        // a literal-vs-variable tie must never hide a route behind another with the same shape
        for (RouteTable.Route r : RouteTable.DEFAULT.routes()) {
            List<String> raw = r.segments().stream().map(s -> s.startsWith("{") ? "x" + s.length() : s).toList();
            for (String m : r.methods()) {
                RouteTable.Match match = RouteTable.DEFAULT.match(m, raw);
                assertThat(match).as(m + " " + r.template()).isNotNull();
                assertThat(match.route().template()).as(m + " " + r.template()).isEqualTo(r.template());
            }
        }
    }

    @Test
    void actionNamesLookLikeElasticsearchs() {
        for (RouteTable.Route r : RouteTable.DEFAULT.routes()) {
            for (String a : r.actions()) {
                assertThat(a).as(r.template()).matches("(cluster|indices):[a-z_]+(/[a-z_:\\[\\]]+)+|cluster:monitor/main");
            }
        }
    }
}
