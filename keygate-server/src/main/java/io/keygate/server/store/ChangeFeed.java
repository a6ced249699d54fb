package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.http.Json;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * How a change made through one Keygate node reaches the caches of every other node: each write to
 * the security index carries a {@code changed_time} (and a delete leaves a tombstone), and every node
 * polls for recent changes in the background, evicting what changed. With a poll every
 * {@code keygate.security.changes.poll_interval} (default 250ms) an invalidated key is refused
 * everywhere within about that interval plus the index refresh. Nothing here is on a request's path.
 */
public final class ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    /** How far back each poll looks, so clock skew between nodes and late refreshes lose nothing. */
    private static final long OVERLAP_MILLIS = 5_000;

    private final SecurityIndex index;
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();
    private volatile long watermark = System.currentTimeMillis();
    private boolean polling;

    public ChangeFeed(Vertx vertx, SecurityIndex index, long intervalMillis) {
        this.index = index;
        vertx.setPeriodic(intervalMillis, id -> poll());
    }

    /** {@code listener(docType, docId)} is called for every document changed anywhere, at least once. */
    public void onChange(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    private synchronized void poll() {
        if (polling) return;
        polling = true;
        ObjectNode query = Json.object().put("size", 1000);
        query.putObject("query").putObject("range").putObject("changed_time").put("gte", watermark - OVERLAP_MILLIS);
        query.putArray("sort").addObject().put("changed_time", "asc");
        query.putArray("_source").add("doc_type").add("changed_time").add("target_type").add("target_id");
        index.search(query).onComplete(ar -> {
            synchronized (this) {
                polling = false;
            }
            if (ar.failed()) {
                LOG.debug("change poll failed: {}", ar.cause().toString());
                return;
            }
            for (JsonNode hit : ar.result().path("hits").path("hits")) {
                JsonNode source = hit.path("_source");
                watermark = Math.max(watermark, source.path("changed_time").asLong());
                boolean tombstone = "change".equals(source.path("doc_type").asText());
                String type = tombstone ? source.path("target_type").asText() : source.path("doc_type").asText();
                String id = tombstone ? source.path("target_id").asText() : hit.path("_id").asText();
                for (BiConsumer<String, String> listener : listeners) listener.accept(type, id);
            }
        });
    }
}
