package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.privilege.Actions;
import io.keygate.server.authc.ApiKeyAuthenticator;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;

import java.util.Arrays;
import java.util.function.Function;

/**
 * {@code POST /_security/api_key/{ids}/_clear_cache} ({@code manage_security}): forgets the listed
 * keys ({@code *}: all) in this node's authentication caches, so the next request reads them again,
 * and announces the clear to the other nodes through the change feed (they clear within its poll
 * interval). Answered as Elasticsearch's nodes response, for this one node.
 */
public final class ApiKeyCacheApi {
    private final ApiKeyAuthenticator authenticator;
    private final ClusterIdentity identity;
    private final String nodeId;
    private final Function<String, Future<Void>> announce;

    /** {@code announce(ids)}: tells the other nodes to clear the same ids. */
    public ApiKeyCacheApi(ApiKeyAuthenticator authenticator, ClusterIdentity identity, String nodeId,
                          Function<String, Future<Void>> announce) {
        this.announce = announce;
        this.authenticator = authenticator;
        this.identity = identity;
        this.nodeId = nodeId;
    }

    public Future<Reply> clear(ApiRequest r) {
        String ids = r.path("ids");
        return announce.apply(ids).map(v -> {
            if (ids.equals("*")) {
                authenticator.evictAll();
            } else {
                Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(authenticator::evict);
            }
            ObjectNode out = Json.object();
            out.putObject("_nodes").put("total", 1).put("successful", 1).put("failed", 0);
            out.put("cluster_name", identity.clusterName());
            out.putObject("nodes").putObject(nodeId).put("name", identity.nodeName());
            return Reply.ok(out);
        });
    }
}
