package io.keygate.server.authz;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.ingest.IngestCatalog;
import io.keygate.core.ingest.IngestCatalogJson;
import io.keygate.server.backend.BackendClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backend's index, alias and data stream names, kept in memory so that authorizing a wildcard
 * costs no I/O: refreshed in the background every {@code interval}, and at once (before the next
 * wildcard is resolved) after Keygate forwarded something that may have created or removed names.
 * A name it does not know yet (created a moment ago, by another node or straight on the backend) is
 * {@link #lookup looked up} on its own when a decision depends on it.
 *
 * <p>With the names it reads the ingest pipelines and where they run (index settings {@code index.default_pipeline} /
 * {@code index.final_pipeline}, index and component templates): {@link #ingest()}. Until they have been read once,
 * every write that may run a pipeline is refused (fail closed). After Keygate forwarded a change to them
 * ({@link #markIngestChanged}), the next decision waits for a catalog read after the backend's answer.
 */
public final class IndexCatalogService {
    private static final Logger LOG = LoggerFactory.getLogger(IndexCatalogService.class);

    private final BackendClient backend;
    private volatile IndexCatalog current = IndexCatalog.EMPTY;
    private volatile IngestCatalog ingest = IngestCatalog.UNREAD;
    private volatile boolean stale = true;
    private Future<IndexCatalog> inFlight;
    /** Forwarded changes to pipelines, templates or settings (counted); the generation the catalog in hand has seen. */
    private volatile long wanted, have;
    /** The generation {@link #inFlight} started at: a read that began before a change cannot have seen it. */
    private long inFlightGeneration;
    private static final String PIPELINE_SETTINGS = "/_all/_settings/index.default_pipeline,index.final_pipeline"
            + "?expand_wildcards=all&flat_settings=true";
    /** The cluster state the catalog in hand was read at (null: unknown, read again at the next tick). */
    private volatile String readAtState;
    /** Lookups of single names in flight: concurrent requests for one name share one backend call. */
    private final Map<String, Future<IndexCatalog>> lookups = new HashMap<>();
    private static final String ALIASES = "?format=json&h=alias,index,is_write_index&expand_wildcards=all";
    private final Vertx vertx;
    private final long timer;
    private volatile boolean stopped;

    public IndexCatalogService(Vertx vertx, BackendClient backend, long intervalMillis) {
        this.backend = backend;
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(intervalMillis, id -> tick());
    }

    /** No more background refreshes (a node stopping: before its backend client closes). */
    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /** The catalog to resolve against: the cached one, or a fresh one when names may have changed. */
    public Future<IndexCatalog> catalog() {
        return stale || have < wanted ? refresh() : Future.succeededFuture(current);
    }

    /** The ingest pipelines and where they run, as read with the catalog {@link #catalog()} last returned. */
    public IngestCatalog ingest() {
        return ingest;
    }

    /** Says that names may have changed (an index was created, deleted, aliased, rolled over…). */
    public void markStale() {
        stale = true;
    }

    /**
     * Says that the backend has applied a change to pipelines, index settings or templates (call it once the backend
     * answered): the next {@link #catalog()} waits for a read that began after this.
     */
    public synchronized void markIngestChanged() {
        wanted++;
    }

    /**
     * The periodic refresh: first the backend's cluster state version (a few bytes), and the full read (names, aliases,
     * pipelines, settings, templates: seven requests whose answers include every template's mappings) only when the
     * state changed since the catalog in hand was read. Every name, alias, pipeline, setting or template change is a new
     * cluster state, so nothing is missed; an idle or steadily writing cluster costs one small request per interval.
     */
    private void tick() {
        if (stopped) return;
        if (stale || have < wanted || readAtState == null) {
            refresh();
            return;
        }
        clusterState().onSuccess(state -> {
            if (!state.equals(readAtState)) refresh();
        });
    }

    /** The version and id of the cluster state the backend node applied, or a failed future when it cannot say. */
    private Future<String> clusterState() {
        return ok(backend.json(HttpMethod.GET, "/_cluster/state/version?local=true", null))
                .map(state -> state.path("version").asText() + '/' + state.path("state_uuid").asText());
    }

    /** The last refresh failed: its warning has been logged, the next ones stay quiet until one succeeds. */
    private volatile boolean failing;

    public synchronized Future<IndexCatalog> refresh() {
        if (inFlight != null) {
            if (inFlightGeneration >= wanted) return inFlight;
            return inFlight.compose(ignored -> refresh()); // began before the change: read again after it
        }
        stale = false;
        long generation = wanted;
        inFlightGeneration = generation;
        Promise<IndexCatalog> promise = Promise.promise();
        inFlight = promise.future();
        // the state is read first: a change after it makes a newer state, which the next tick sees
        Future<String> state = clusterState().otherwise((String) null);
        Future<List<IndexCatalog.Entry>> names = state.compose(s -> read("*"));
        Future<IngestCatalog> pipelines = state.compose(s -> readIngest());
        Future.join(names, pipelines).onComplete(done -> {
            synchronized (this) {
                inFlight = null;
            }
            if (pipelines.succeeded()) {
                ingest = pipelines.result();
            } else if (!stopped && !failing) { // once per outage, not at every refresh
                LOG.warn("cannot read the backend's ingest pipelines (writes of non-superusers are refused until they are read): {}",
                        pipelines.cause().getMessage());
            }
            if (names.succeeded()) {
                current = new IndexCatalog(names.result());
            } else if (!stopped && !failing) {
                LOG.warn("cannot read the backend's index names: {}", names.cause().getMessage());
            }
            boolean failed = names.failed() || pipelines.failed();
            if (failing && !failed) LOG.info("the backend's index names and ingest pipelines are read again");
            failing = failed;
            if (names.succeeded() && pipelines.succeeded()) {
                synchronized (this) {
                    have = Math.max(have, generation);
                }
                readAtState = state.result();
            } else {
                stale = true;
                readAtState = null;
            }
            promise.complete(current); // resolve against what we know; explicit names still work
        });
        return promise.future();
    }

    /**
     * Pipelines, the indices' pipeline settings and the templates that set them. A kind the backend has none of
     * answers 404 (pipelines) or an empty list: both read as nothing.
     */
    private Future<IngestCatalog> readIngest() {
        Future<JsonNode> pipelines = okOrNothing(backend.json(HttpMethod.GET, "/_ingest/pipeline", null));
        Future<JsonNode> settings = okOrNothing(backend.json(HttpMethod.GET, PIPELINE_SETTINGS, null));
        Future<JsonNode> indexTemplates = okOrNothing(backend.json(HttpMethod.GET, "/_index_template?flat_settings=true", null));
        Future<JsonNode> components = okOrNothing(backend.json(HttpMethod.GET, "/_component_template?flat_settings=true", null));
        Future<JsonNode> legacy = okOrNothing(backend.json(HttpMethod.GET, "/_template?flat_settings=true", null));
        return Future.all(pipelines, settings, indexTemplates, components, legacy).map(all -> IngestCatalogJson.read(
                pipelines.result(), settings.result(), indexTemplates.result(), components.result(), legacy.result()));
    }

    private static Future<JsonNode> okOrNothing(Future<BackendClient.JsonResponse> call) {
        return call.compose(r -> r.ok() ? Future.succeededFuture(r.body()) : r.status() == 404 ? Future.succeededFuture(null)
                : Future.failedFuture(new IllegalStateException("status " + r.status() + ": " + r.body())));
    }

    /**
     * The catalog with what the backend holds now under {@code name} (a concrete name, no wildcard): for a name the
     * cached catalog lacks, read before deciding that it does not exist. Only this name is read; what is found is kept.
     * When the backend cannot be read, the cached catalog answers (the name counts as absent: fail closed).
     */
    public synchronized Future<IndexCatalog> lookup(String name) {
        if (!isPlainName(name)) return Future.succeededFuture(current); // the backend would refuse it as a name anyway
        Future<IndexCatalog> pending = lookups.get(name);
        if (pending != null) return pending;
        Promise<IndexCatalog> promise = Promise.promise();
        lookups.put(name, promise.future());
        read(URLEncoder.encode(name, StandardCharsets.UTF_8)).onComplete(ar -> {
            IndexCatalog result;
            synchronized (this) {
                lookups.remove(name);
                if (ar.succeeded() && !ar.result().isEmpty()) current = current.with(ar.result());
                result = current;
            }
            if (ar.failed() && !stopped) LOG.warn("cannot look up [{}] on the backend: {}", name, ar.cause().getMessage());
            promise.complete(result);
        });
        return promise.future();
    }

    /** A name that {@code _resolve/index} reads as itself: no wildcard, list, exclusion or path character. */
    static boolean isPlainName(String name) {
        if (name.isEmpty() || name.startsWith("-") || name.startsWith("_") || name.startsWith("+")) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' || c == '?' || c == ',' || c == '/' || c == '\\' || c == ':' || c == '#' || c == ' ' || c == '<'
                    || c == '>' || c == '|' || c == '"' || c < 0x20) return false;
        }
        return true;
    }

    /** The entries the backend holds under an expression: its names, and which index each alias writes to. */
    private Future<List<IndexCatalog.Entry>> read(String expression) {
        Future<JsonNode> names = ok(backend.json(HttpMethod.GET, "/_resolve/index/" + expression + "?expand_wildcards=all", null));
        return names.compose(resolved -> {
            if (resolved.path("aliases").isEmpty()) return Future.succeededFuture(parse(resolved, null));
            return ok(backend.json(HttpMethod.GET, "/_cat/aliases/" + expression + ALIASES, null))
                    .map(aliases -> parse(resolved, aliases));
        });
    }

    private static Future<JsonNode> ok(Future<BackendClient.JsonResponse> call) {
        return call.compose(r -> r.ok() ? Future.succeededFuture(r.body())
                : Future.failedFuture(new IllegalStateException("status " + r.status() + ": " + r.body())));
    }

    /**
     * @param resolved {@code _resolve/index}'s answer
     * @param aliases  {@code _cat/aliases}' rows (alias, index, is_write_index), or null when there are no aliases
     */
    static List<IndexCatalog.Entry> parse(JsonNode resolved, JsonNode aliases) {
        Map<String, Map<String, Boolean>> flags = new HashMap<>();
        if (aliases != null) {
            for (JsonNode row : aliases) {
                String w = row.path("is_write_index").asText();
                flags.computeIfAbsent(row.path("alias").asText(), a -> new LinkedHashMap<>())
                        .put(row.path("index").asText(), "true".equals(w) ? Boolean.TRUE : "false".equals(w) ? Boolean.FALSE : null);
            }
        }
        List<IndexCatalog.Entry> entries = new ArrayList<>();
        for (JsonNode index : resolved.path("indices")) {
            List<String> attributes = new ArrayList<>();
            index.path("attributes").forEach(a -> attributes.add(a.asText()));
            entries.add(new IndexCatalog.Entry(index.path("name").asText(), IndexCatalog.Kind.INDEX,
                    attributes.contains("hidden"), attributes.contains("closed"), List.of(),
                    index.hasNonNull("data_stream") ? index.get("data_stream").asText() : null));
        }
        for (JsonNode alias : resolved.path("aliases")) {
            String name = alias.path("name").asText();
            Map<String, Boolean> members = flags.get(name);
            entries.add(new IndexCatalog.Entry(name, IndexCatalog.Kind.ALIAS, name.startsWith("."), false,
                    strings(alias.path("indices")), null, members == null ? null : IndexCatalog.aliasWriteIndex(members)));
        }
        for (JsonNode stream : resolved.path("data_streams")) {
            entries.add(new IndexCatalog.Entry(stream.path("name").asText(), IndexCatalog.Kind.DATA_STREAM,
                    stream.path("name").asText().startsWith("."), false, strings(stream.path("backing_indices")), null));
        }
        return entries;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
