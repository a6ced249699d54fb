package io.keygate.server.api;

import io.keygate.core.privilege.Actions;
import io.keygate.server.authc.ApiKeyAuthenticator;
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
            NodesResponse answer = NodesResponse.of(identity, nodeId);
            answer.node().put("name", identity.nodeName());
            return Reply.ok(answer.body());
        });
    }
}
