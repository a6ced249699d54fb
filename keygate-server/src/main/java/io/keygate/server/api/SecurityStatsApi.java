package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * {@code GET /_security/stats} ({@code monitor}): Elasticsearch's nodes response with each node's role
 * statistics, for this Keygate node. Keygate enforces document-level security by rewriting queries, not with
 * a cache of per-segment bit sets, so the DLS bit-set cache Elasticsearch reports is truthfully empty: every
 * counter is zero, never made up.
 */
public final class SecurityStatsApi {
    private final ClusterIdentity identity;
    private final String nodeId;

    public SecurityStatsApi(ClusterIdentity identity, String nodeId) {
        this.identity = identity;
        this.nodeId = nodeId;
    }

    public Future<Reply> stats(ApiRequest r) {
        NodesResponse answer = NodesResponse.of(identity, nodeId);
        ObjectNode cache = answer.node().putObject("roles").putObject("dls").putObject("bit_set_cache");
        cache.put("count", 0);
        cache.put("memory", "0b");
        cache.put("memory_in_bytes", 0);
        cache.put("hits", 0);
        cache.put("misses", 0);
        cache.put("evictions", 0);
        cache.put("hits_time_in_millis", 0);
        cache.put("misses_time_in_millis", 0);
        return Future.succeededFuture(Reply.ok(answer.body()));
    }
}
