package io.keygate.server.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.server.backend.BackendClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The backend's index, alias and data stream names, kept in memory so that authorizing a wildcard
 * costs no I/O: refreshed in the background every {@code interval}, and at once (before the next
 * wildcard is resolved) after Keygate forwarded something that may have created or removed names.
 */
public final class IndexCatalogService {
    private static final Logger LOG = LoggerFactory.getLogger(IndexCatalogService.class);

    private final BackendClient backend;
    private volatile IndexCatalog current = IndexCatalog.EMPTY;
    private volatile boolean stale = true;
    private Future<IndexCatalog> inFlight;
    private final Vertx vertx;
    private final long timer;
    private volatile boolean stopped;

    public IndexCatalogService(Vertx vertx, BackendClient backend, long intervalMillis) {
        this.backend = backend;
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(intervalMillis, id -> refresh());
    }

    /** No more background refreshes (a node stopping: before its backend client closes). */
    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /** The catalog to resolve against: the cached one, or a fresh one when names may have changed. */
    public Future<IndexCatalog> catalog() {
        return stale ? refresh() : Future.succeededFuture(current);
    }

    /** Says that names may have changed (an index was created, deleted, aliased, rolled over…). */
    public void markStale() {
        stale = true;
    }

    public synchronized Future<IndexCatalog> refresh() {
        if (inFlight != null) return inFlight;
        stale = false;
        Promise<IndexCatalog> promise = Promise.promise();
        inFlight = promise.future();
        backend.json(HttpMethod.GET, "/_resolve/index/*?expand_wildcards=all", null).onComplete(ar -> {
            synchronized (this) {
                inFlight = null;
            }
            if (ar.succeeded() && ar.result().ok()) {
                current = parse(ar.result().body());
                promise.complete(current);
            } else {
                stale = true;
                if (!stopped) LOG.warn("cannot read the backend's index names: {}", ar.failed() ? ar.cause().toString() : ar.result().body());
                promise.complete(current); // resolve against what we know; explicit names still work
            }
        });
        return promise.future();
    }

    static IndexCatalog parse(JsonNode body) {
        List<IndexCatalog.Entry> entries = new ArrayList<>();
        for (JsonNode index : body.path("indices")) {
            List<String> attributes = new ArrayList<>();
            index.path("attributes").forEach(a -> attributes.add(a.asText()));
            entries.add(new IndexCatalog.Entry(index.path("name").asText(), IndexCatalog.Kind.INDEX,
                    attributes.contains("hidden"), attributes.contains("closed"), List.of(),
                    index.hasNonNull("data_stream") ? index.get("data_stream").asText() : null));
        }
        for (JsonNode alias : body.path("aliases")) {
            entries.add(new IndexCatalog.Entry(alias.path("name").asText(), IndexCatalog.Kind.ALIAS,
                    alias.path("name").asText().startsWith("."), false, strings(alias.path("indices")), null));
        }
        for (JsonNode stream : body.path("data_streams")) {
            entries.add(new IndexCatalog.Entry(stream.path("name").asText(), IndexCatalog.Kind.DATA_STREAM,
                    stream.path("name").asText().startsWith("."), false, strings(stream.path("backing_indices")), null));
        }
        return new IndexCatalog(entries);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
