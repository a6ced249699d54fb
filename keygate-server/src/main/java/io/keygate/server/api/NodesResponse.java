package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.wire.Json;

/**
 * Elasticsearch's nodes response ({@code _nodes} header, {@code cluster_name}, {@code nodes.<id>}), answered by one
 * Keygate node for itself: cache clears and security stats.
 *
 * @param body the whole answer
 * @param node this node's entry, for the caller to fill
 */
record NodesResponse(ObjectNode body, ObjectNode node) {

    static NodesResponse of(ClusterIdentity identity, String nodeId) {
        ObjectNode body = Json.object();
        body.putObject("_nodes").put("total", 1).put("successful", 1).put("failed", 0);
        body.put("cluster_name", identity.clusterName());
        return new NodesResponse(body, body.putObject("nodes").putObject(nodeId));
    }
}
