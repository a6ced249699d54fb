package io.keygate.core.classify;

import io.keygate.core.privilege.ActionScope;

/**
 * One action to authorize.
 *
 * @param action  the action name as Elasticsearch spells it ({@code indices:data/read/search}, {@code cluster:monitor/health})
 * @param indices the index expressions the action targets; {@code null} for a cluster action, and for an index action that
 *                names no index itself (composite requests such as {@code _bulk}, {@code _mget}, {@code _msearch}, scroll and
 *                point-in-time close): Elasticsearch authorizes those by action name alone (the role must grant the action on
 *                some index) and the items one by one
 */
public record ActionTarget(String action, IndexExpressions indices) {

    /** Authorized against cluster privileges ({@code cluster:*}, and the template actions; see {@link ActionScope}). */
    public boolean isClusterAction() {
        return ActionScope.isCluster(action);
    }
}
