package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.error.EsException;
import io.keygate.server.backend.BackendClient.JsonResponse;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a security query ({@code _query/role}, {@code _query/user}): the total, the items and each
 * item's sort values. A search the backend refuses for the client's values (a sort on an unmapped type,
 * a malformed range) is the client's 400 with the backend's reason; anything else is Keygate's 500.
 */
public record Page<T>(long total, List<Hit<T>> hits) {

    public record Hit<T>(T item, JsonNode sort) {}

    static <T> Future<Page<T>> of(JsonResponse r, Function<JsonNode, T> read) {
        if (r.status() == 400) {
            JsonNode error = r.body().path("error");
            JsonNode cause = error.path("root_cause").path(0);
            String reason = cause.path("reason").asText(error.path("reason").asText("the query could not be run"));
            return Future.failedFuture(EsException.badRequest(cause.path("type").asText("search_phase_execution_exception"), reason));
        }
        if (!r.ok()) {
            return Future.failedFuture(SecurityIndex.failure("search", r));
        }
        List<Hit<T>> hits = new ArrayList<>();
        for (JsonNode hit : r.body().path("hits").path("hits")) hits.add(new Hit<>(read.apply(hit.get("_source")), hit.get("sort")));
        return Future.succeededFuture(new Page<>(r.body().path("hits").path("total").path("value").asLong(hits.size()), hits));
    }
}
