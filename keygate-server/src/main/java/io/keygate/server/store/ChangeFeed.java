package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
    private static final int PAGE = 1_000;

    private final SecurityIndex index;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final ChangeWindow window = new ChangeWindow(System.currentTimeMillis(), OVERLAP_MILLIS);
    private boolean polling;
    private volatile boolean stopped;
    private final Vertx vertx;
    private final long timer;

    public ChangeFeed(Vertx vertx, SecurityIndex index, long intervalMillis) {
        this.index = index;
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(intervalMillis, id -> poll());
    }

    /** No more polls (a node stopping: before its backend client closes). */
    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /**
     * Tells every node's listeners (this one's too) about {@code target}, which names no document: an event
     * such as a cache clear. It travels as a tombstone does.
     */
    public Future<Void> announce(String target) {
        ObjectNode event = Json.object().put("doc_type", "change").put("target_id", target);
        return index.put("change-event-" + java.util.UUID.randomUUID(), event, false, "true").mapEmpty();
    }

    /** {@code listener(docId)} is called, at least once, for every document changed or deleted on any node. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private synchronized void poll() {
        if (polling || stopped) return;
        polling = true;
        long started = System.currentTimeMillis();
        ObjectNode query = Json.object().put("size", PAGE);
        query.putObject("query").putObject("range").putObject("changed_time").put("gte", window.from());
        query.putArray("sort").addObject().put("changed_time", "asc");
        query.putArray("_source").add("doc_type").add(SecurityIndex.CHANGED_TIME).add("target_id");
        // a burst (a 20,000-key invalidation) overflows one page: then read the whole window by scroll
        index.search(query).compose(page -> page.path("hits").path("hits").size() < PAGE
                ? Future.succeededFuture(toList(page.path("hits").path("hits"))) : index.searchAll(query))
                .onComplete(ar -> {
                    synchronized (this) {
                        polling = false;
                    }
                    if (ar.failed()) {
                        LOG.debug("change poll failed: {}", ar.cause().toString());
                        return;
                    }
                    for (JsonNode hit : ar.result()) {
                        JsonNode source = hit.path("_source");
                        // each poll looks back OVERLAP_MILLIS: a change already delivered is not delivered again
                        if (!window.firstTime(hit.path("_id").asText(), source.path(SecurityIndex.CHANGED_TIME).asLong())) continue;
                        boolean tombstone = "change".equals(source.path("doc_type").asText());
                        String id = tombstone ? source.path("target_id").asText() : hit.path("_id").asText();
                        for (Consumer<String> listener : listeners) listener.accept(id);
                    }
                    window.polled(started);
                });
    }

    private static List<JsonNode> toList(JsonNode hits) {
        List<JsonNode> out = new ArrayList<>();
        hits.forEach(out::add);
        return out;
    }
}
