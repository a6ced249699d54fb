package io.keygate.core.privilege;

import io.keygate.core.automaton.Patterns;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Whether Elasticsearch authorizes an action against the role's cluster privileges or its index privileges. The name's
 * prefix is not the rule: Elasticsearch's {@code AuthorizationService} asks {@code ClusterPrivilegeResolver.isClusterAction}
 * first, and that matches {@code cluster:*} and the two template families below, so an index privilege (even {@code all}
 * on {@code *}) never grants them. Everything else under {@code indices:} is an index action.
 */
public final class ActionScope {

    private ActionScope() {}

    public enum Scope { CLUSTER, INDEX, NEITHER }

    /** Elasticsearch's {@code ClusterPrivilegeResolver.ALL_CLUSTER_PATTERN}: what cluster {@code all} grants. */
    public static final List<String> CLUSTER_PATTERNS =
            List.of("cluster:*", "indices:admin/template/*", "indices:admin/index_template/*");

    /**
     * The {@code indices:} actions Elasticsearch registers that {@link #CLUSTER_PATTERNS} makes cluster actions, with what
     * they do (for the docs and the tests; the patterns above are the rule, so a new action of these families is
     * covered without being listed). Component templates are named {@code cluster:admin/component_template/*} already.
     */
    public static final Map<String, String> CLUSTER_LEVEL_INDEX_ACTIONS = Map.of(
            "indices:admin/template/put", "legacy index template: create or replace (`PUT /_template/{name}`)",
            "indices:admin/template/get", "legacy index templates: read (`GET /_template`, `_cat/templates`)",
            "indices:admin/template/delete", "legacy index template: delete",
            "indices:admin/index_template/put", "composable index template: create or replace (`PUT /_index_template/{name}`)",
            "indices:admin/index_template/get", "composable index templates: read (`GET /_index_template`, `_cat/templates`)",
            "indices:admin/index_template/delete", "composable index template: delete",
            "indices:admin/index_template/simulate", "simulate a template (`POST /_index_template/_simulate[/{name}]`)",
            "indices:admin/index_template/simulate_index", "simulate the templates an index name would get "
                    + "(`POST /_index_template/_simulate_index/{name}`)");

    /**
     * Elasticsearch's {@code SecurityActionMapper}: a clear-scroll request naming {@code _all} is authorized as this
     * cluster action instead of {@code indices:data/read/scroll/clear}.
     */
    public static final String CLEAR_SCROLL_ALL = "cluster:admin/indices/scroll/clear_all";
    /** Likewise: {@code _analyze} without an index is authorized as this cluster action, not {@code indices:admin/analyze}. */
    public static final String ANALYZE_WITHOUT_INDEX = "cluster:admin/analyze";

    private static final Predicate<String> CLUSTER = Patterns.predicate(CLUSTER_PATTERNS);

    public static Scope of(String action) {
        if (CLUSTER.test(action)) {
            return Scope.CLUSTER;
        }
        return action.startsWith("indices:") ? Scope.INDEX : Scope.NEITHER;
    }

    public static boolean isCluster(String action) {
        return CLUSTER.test(action);
    }

    public static boolean isIndex(String action) {
        return of(action) == Scope.INDEX;
    }
}
