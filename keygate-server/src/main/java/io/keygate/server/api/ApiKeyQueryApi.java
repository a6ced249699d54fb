package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.apikey.query.ApiKeyQueryRequest;
import io.keygate.core.apikey.query.ApiKeyQueryRequest.Owner;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authz.DenialMessages;
import io.keygate.core.privilege.Actions;
import io.keygate.core.role.Role.ClusterAccess;
import io.keygate.server.authz.AccessControl;
import io.keygate.server.wire.Json;
import io.keygate.server.store.ApiKeyStore;
import io.vertx.core.Future;

/**
 * {@code GET|POST /_security/_query/api_key}: the body is translated in the core
 * ({@link ApiKeyQueryRequest}) into one search on the security index, which the backend runs, paged
 * and aggregated there; no key is loaded that the answer does not show. A caller with only
 * {@code manage_own_api_key} sees its own keys (an API key: itself), silently, as in Elasticsearch.
 */
public final class ApiKeyQueryApi {
    private final ApiKeyStore store;
    private final AccessControl access;

    public ApiKeyQueryApi(ApiKeyStore store, AccessControl access) {
        this.store = store;
        this.access = access;
    }

    public Future<Reply> query(ApiRequest r) {
        boolean withLimitedBy = r.flag("with_limited_by", false);
        r.flag("with_profile_uid", false); // no user profiles: there is never a profile_uid to add
        boolean typedKeys = r.flag("typed_keys", false);
        ApiKeyQueryRequest request = ApiKeyQueryRequest.parse(r.body());
        Authentication auth = r.authentication();
        return Future.succeededFuture(r.access()).compose(level -> {
            if (level == ClusterAccess.NONE || (withLimitedBy && auth.isApiKey() && level != ClusterAccess.FULL)) {
                return Future.failedFuture(DenialMessages.actionDenied(AccessControl.subject(auth), Actions.QUERY_API_KEY));
            }
            Owner owner = level == ClusterAccess.FULL ? new Owner.Anyone()
                    : auth.isApiKey() ? new Owner.ApiKey(auth.apiKey().id())
                    : new Owner.User(ApiKeyOwnership.username(auth), ApiKeyOwnership.realm(auth));
            return store.query(request.toSearch(owner), typedKeys);
        }).map(page -> {
            ObjectNode out = Json.object();
            out.put("total", page.total());
            out.put("count", page.hits().size());
            ArrayNode keys = out.putArray("api_keys");
            for (ApiKeyStore.QueryHit hit : page.hits()) {
                ObjectNode info = ApiKeyJson.info(hit.key(), withLimitedBy);
                if (hit.sort() != null) info.set("_sort", hit.sort());
                keys.add(info);
            }
            if (page.aggregations() != null) out.set("aggregations", page.aggregations());
            return Reply.ok(out);
        });
    }
}
