package io.keygate.core.privilege;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.RouteTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cluster or index action, as Elasticsearch's {@code AuthorizationService} decides it, for every action Keygate hands out.
 * The table below must list exactly the actions of {@link RouteTable#DEFAULT} plus the ones the server adds by code: a new
 * route fails this test until its actions are classified here.
 */
class ActionScopeTest {

    private static final String TABLE = """
            cluster:admin/analyze                         | CLUSTER
            cluster:admin/component_template/delete      | CLUSTER
            cluster:admin/component_template/get         | CLUSTER
            cluster:admin/component_template/put         | CLUSTER
            cluster:admin/indices/scroll/clear_all       | CLUSTER
            cluster:admin/ingest/pipeline/delete         | CLUSTER
            cluster:admin/ingest/pipeline/get            | CLUSTER
            cluster:admin/ingest/pipeline/put            | CLUSTER
            cluster:admin/ingest/pipeline/simulate       | CLUSTER
            cluster:admin/ingest/processor/grok/get      | CLUSTER
            cluster:admin/nodes/reload_secure_settings   | CLUSTER
            cluster:admin/reindex/rethrottle             | CLUSTER
            cluster:admin/repository/_cleanup            | CLUSTER
            cluster:admin/repository/delete              | CLUSTER
            cluster:admin/repository/get                 | CLUSTER
            cluster:admin/repository/put                 | CLUSTER
            cluster:admin/repository/verify              | CLUSTER
            cluster:admin/reroute                        | CLUSTER
            cluster:admin/script/delete                  | CLUSTER
            cluster:admin/script/get                     | CLUSTER
            cluster:admin/script/put                     | CLUSTER
            cluster:admin/script_context/get             | CLUSTER
            cluster:admin/script_language/get            | CLUSTER
            cluster:admin/settings/update                | CLUSTER
            cluster:admin/snapshot/clone                 | CLUSTER
            cluster:admin/snapshot/create                | CLUSTER
            cluster:admin/snapshot/delete                | CLUSTER
            cluster:admin/snapshot/get                   | CLUSTER
            cluster:admin/snapshot/restore               | CLUSTER
            cluster:admin/snapshot/status                | CLUSTER
            cluster:admin/tasks/cancel                   | CLUSTER
            cluster:monitor/allocation/explain           | CLUSTER
            cluster:monitor/health                       | CLUSTER
            cluster:monitor/main                         | CLUSTER
            cluster:monitor/nodes/hot_threads            | CLUSTER
            cluster:monitor/nodes/info                   | CLUSTER
            cluster:monitor/nodes/stats                  | CLUSTER
            cluster:monitor/nodes/usage                  | CLUSTER
            cluster:monitor/settings                     | CLUSTER
            cluster:monitor/state                        | CLUSTER
            cluster:monitor/stats                        | CLUSTER
            cluster:monitor/task                         | CLUSTER
            cluster:monitor/task/get                     | CLUSTER
            cluster:monitor/tasks/lists                  | CLUSTER
            cluster:monitor/xpack/info                   | CLUSTER
            cluster:monitor/xpack/license/get            | CLUSTER
            indices:admin/index_template/delete          | CLUSTER
            indices:admin/index_template/get             | CLUSTER
            indices:admin/index_template/put             | CLUSTER
            indices:admin/index_template/simulate        | CLUSTER
            indices:admin/index_template/simulate_index  | CLUSTER
            indices:admin/template/delete                | CLUSTER
            indices:admin/template/get                   | CLUSTER
            indices:admin/template/put                   | CLUSTER
            indices:admin/aliases                        | INDEX
            indices:admin/aliases/get                    | INDEX
            indices:admin/analyze                        | INDEX
            indices:admin/auto_create                    | INDEX
            indices:admin/block/add                      | INDEX
            indices:admin/cache/clear                    | INDEX
            indices:admin/close                          | INDEX
            indices:admin/create                         | INDEX
            indices:admin/data_stream/create             | INDEX
            indices:admin/data_stream/delete             | INDEX
            indices:admin/data_stream/get                | INDEX
            indices:admin/delete                         | INDEX
            indices:admin/flush                          | INDEX
            indices:admin/forcemerge                     | INDEX
            indices:admin/get                            | INDEX
            indices:admin/mapping/put                    | INDEX
            indices:admin/mappings/fields/get            | INDEX
            indices:admin/mappings/get                   | INDEX
            indices:admin/open                           | INDEX
            indices:admin/refresh                        | INDEX
            indices:admin/resize                         | INDEX
            indices:admin/resolve/index                  | INDEX
            indices:admin/rollover                       | INDEX
            indices:admin/settings/update                | INDEX
            indices:admin/validate/query                 | INDEX
            indices:data/read/close_point_in_time        | INDEX
            indices:data/read/explain                    | INDEX
            indices:data/read/field_caps                 | INDEX
            indices:data/read/get                        | INDEX
            indices:data/read/mget                       | INDEX
            indices:data/read/mget[shard]                | INDEX
            indices:data/read/msearch                    | INDEX
            indices:data/read/msearch/template           | INDEX
            indices:data/read/mtv                        | INDEX
            indices:data/read/mtv[shard]                 | INDEX
            indices:data/read/open_point_in_time         | INDEX
            indices:data/read/scroll                     | INDEX
            indices:data/read/scroll/clear               | INDEX
            indices:data/read/search                     | INDEX
            indices:data/read/search/template            | INDEX
            indices:data/read/tv                         | INDEX
            indices:data/write/bulk                      | INDEX
            indices:data/write/bulk[s]                   | INDEX
            indices:data/write/delete                    | INDEX
            indices:data/write/delete/byquery            | INDEX
            indices:data/write/index                     | INDEX
            indices:data/write/index:op_type/create      | INDEX
            indices:data/write/index:op_type/index       | INDEX
            indices:data/write/reindex                   | INDEX
            indices:data/write/update                    | INDEX
            indices:data/write/update/byquery            | INDEX
            indices:monitor/data_stream/stats             | INDEX
            indices:monitor/recovery                      | INDEX
            indices:monitor/segments                      | INDEX
            indices:monitor/settings/get                  | INDEX
            indices:monitor/shard_stores                  | INDEX
            indices:monitor/stats                         | INDEX
            """;

    private static Map<String, ActionScope.Scope> table() {
        Map<String, ActionScope.Scope> out = new LinkedHashMap<>();
        for (String line : TABLE.strip().split("\n")) {
            String[] parts = line.split("\\|");
            out.put(parts[0].strip(), ActionScope.Scope.valueOf(parts[1].strip()));
        }
        return out;
    }

    @Test
    void everyActionKeygateHandsOutIsInTheTable() {
        TreeSet<String> handedOut = new TreeSet<>();
        RouteTable.DEFAULT.routes().forEach(r -> handedOut.addAll(r.actions()));
        // added by code: document writes, shard-level items, auto create, interceptors, SecurityActionMapper renames
        handedOut.addAll(java.util.List.of(ActionNames.BULK_SHARD, ActionNames.INDEX_OP_CREATE, ActionNames.INDEX_OP_INDEX,
                ActionNames.MGET_SHARD, ActionNames.MTV_SHARD, ActionNames.AUTO_CREATE, ActionNames.ALIASES,
                Actions.CREATE_INDEX, ActionScope.CLEAR_SCROLL_ALL, ActionNames.GET, "indices:data/read/scroll"));
        assertThat(new TreeSet<>(table().keySet())).isEqualTo(handedOut);
    }

    @Test
    void eachActionHasElasticsearchsScope() {
        table().forEach((action, scope) -> assertThat(ActionScope.of(action)).as(action).isEqualTo(scope));
    }

    @Test
    void theListedClusterLevelIndexActionsAreClusterActions() {
        ActionScope.CLUSTER_LEVEL_INDEX_ACTIONS.keySet().forEach(a -> {
            assertThat(a).startsWith("indices:");
            assertThat(ActionScope.isCluster(a)).as(a).isTrue();
            assertThat(table()).containsEntry(a, ActionScope.Scope.CLUSTER);
        });
        table().forEach((a, scope) -> {
            if (a.startsWith("indices:") && scope == ActionScope.Scope.CLUSTER) {
                assertThat(ActionScope.CLUSTER_LEVEL_INDEX_ACTIONS).as(a).containsKey(a);
            }
        });
    }

    /** Index privileges never reach a cluster action, and manage_index_templates grants exactly the template ones. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            indices:admin/index_template/put     | manage_index_templates,manage,all
            indices:admin/template/put           | manage_index_templates,manage,all
            indices:admin/index_template/get     | manage_index_templates,monitor,manage,all
            cluster:admin/component_template/put | manage_index_templates,manage,all
            """)
    void templateActionsAreGrantedByClusterPrivileges(String action, String privileges) {
        assertThat(ClusterPrivilege.namesGranting(action)).containsExactly(privileges.split(","));
    }

    @Test
    void othersAreNeither() {
        assertThat(ActionScope.of("internal:transport/handshake")).isEqualTo(ActionScope.Scope.NEITHER);
        assertThat(ActionScope.of("indices:admin/template")).isEqualTo(ActionScope.Scope.INDEX); // no trailing slash: not the family
    }
}
