package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;
import io.keygate.server.backend.BackendClient;
import io.keygate.server.backend.BackendClient.JsonResponse;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The hidden index that holds Keygate's security state (users, roles, API keys), as Elasticsearch
 * keeps its own in {@code .security}. Only Keygate's services reach it; the proxy never does.
 */
public final class SecurityIndex {
    public static final String NAME = ".keygate-security";
    /** Bumped whenever {@code security-index.json} changes, so a later version can upgrade the mapping. */
    public static final int MAPPING_VERSION = 5;
    /** Stamped on every write (epoch ms); {@link ChangeFeed} polls it. */
    public static final String CHANGED_TIME = "changed_time";

    private final BackendClient backend;

    public SecurityIndex(BackendClient backend) {
        this.backend = backend;
    }

    /** Creates the index with its explicit mappings, or brings an older mapping up to this version. */
    public Future<Void> ensureExists() {
        return backend.json(HttpMethod.HEAD, "/" + NAME, null).compose(head -> {
            if (head.status() == 200) return upgradeMapping();
            return backend.json(HttpMethod.PUT, "/" + NAME, definition()).compose(created -> {
                if (created.ok() || isAlreadyExists(created)) return Future.succeededFuture();
                return Future.failedFuture(new IllegalStateException("cannot create " + NAME + ": " + created.body()));
            });
        });
    }

    /** Mappings only grow: an index written by an older Keygate gets the new fields added in place. */
    private Future<Void> upgradeMapping() {
        return backend.json(HttpMethod.GET, "/" + NAME + "/_mapping", null).compose(r -> {
            int version = r.body().path(NAME).path("mappings").path("_meta").path("keygate_mapping_version").asInt(0);
            if (version >= MAPPING_VERSION) return Future.succeededFuture();
            JsonNode mappings = definition().get("mappings");
            return backend.json(HttpMethod.PUT, "/" + NAME + "/_mapping", mappings).compose(put -> put.ok()
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(new IllegalStateException("cannot upgrade the mapping of " + NAME + ": " + put.body())));
        });
    }

    private static boolean isAlreadyExists(JsonResponse r) {
        return r.status() == 400 && r.body().path("error").path("type").asText().equals("resource_already_exists_exception");
    }

    static ObjectNode definition() {
        try (InputStream in = SecurityIndex.class.getResourceAsStream("security-index.json")) {
            ObjectNode def = (ObjectNode) Json.MAPPER.readTree(in);
            ((ObjectNode) def.path("mappings").path("_meta")).put("keygate_mapping_version", MAPPING_VERSION);
            return def;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document's source, or {@code null} when there is none. */
    public Future<JsonNode> get(String id) {
        return backend.json(HttpMethod.GET, "/" + NAME + "/_doc/" + encode(id), null).compose(r -> {
            if (r.status() == 404) return Future.succeededFuture(null);
            if (!r.ok()) return fail("get", r);
            return Future.succeededFuture(r.body().path("found").asBoolean() ? r.body().get("_source") : null);
        });
    }

    /**
     * The sources of those of {@code ids} that exist, by id, in one {@code _mget}. Sent as a GET, so that it is retried
     * once on a timeout as {@link #get} is; any failure, of the call or of one of its documents, fails it as a failed
     * {@link #get} fails (a missing index: nothing found).
     */
    public Future<java.util.Map<String, JsonNode>> getAll(java.util.Collection<String> ids) {
        ObjectNode body = Json.object();
        ids.forEach(body.putArray("ids")::add);
        return backend.json(HttpMethod.GET, "/" + NAME + "/_mget", body).compose(r -> {
            java.util.Map<String, JsonNode> found = new java.util.HashMap<>();
            if (r.status() == 404) return Future.succeededFuture(found);
            if (!r.ok()) return fail("mget", r);
            for (JsonNode doc : r.body().path("docs")) {
                JsonNode error = doc.get("error");
                if (error != null) {
                    if ("index_not_found_exception".equals(error.path("type").asText())) continue;
                    return fail("mget", r);
                }
                if (doc.path("found").asBoolean()) found.put(doc.path("_id").asText(), doc.get("_source"));
            }
            return Future.succeededFuture(found);
        });
    }

    /**
     * The refresh a write asks the backend for. {@code wait_for} (the APIs' default: the answer comes once the
     * change is searchable) waits for the next scheduled refresh, up to {@code index.refresh_interval} (1 s);
     * an immediate refresh of this small index gives the same guarantee in a few milliseconds.
     */
    static String refreshParam(String refresh) {
        return "wait_for".equals(refresh) ? "true" : refresh;
    }

    /** Writes a document; with {@code createOnly} an existing one is left alone and the answer is false. */
    public Future<Boolean> put(String id, JsonNode source, boolean createOnly, String refresh) {
        ((ObjectNode) source).put(CHANGED_TIME, System.currentTimeMillis()); // for the other nodes' ChangeFeed
        String uri = "/" + NAME + "/" + (createOnly ? "_create/" : "_doc/") + encode(id) + "?refresh=" + refreshParam(refresh);
        return backend.json(HttpMethod.PUT, uri, source).compose(r -> {
            if (createOnly && r.status() == 409) return Future.succeededFuture(false);
            if (r.status() == 400) return Future.failedFuture(rejected(r)); // the client's values did not fit
            if (!r.ok()) return fail("index", r);
            return Future.succeededFuture(true);
        });
    }

    /**
     * Deletes a document; false when it was not there. One {@code _bulk} (one refresh) deletes it and writes a
     * tombstone, so that other nodes' ChangeFeed sees the deletion too.
     */
    public Future<Boolean> delete(String id, String refresh) {
        ObjectNode delete = Json.object();
        delete.putObject("delete").put("_id", id);
        ObjectNode index = Json.object();
        index.putObject("index").put("_id", "change-" + id);
        ObjectNode tombstone = Json.object().put("doc_type", "change").put("target_id", id).put(CHANGED_TIME, System.currentTimeMillis());
        return bulk(delete + "\n" + index + "\n" + tombstone + "\n", refresh).compose(body -> {
            JsonNode deleted = body.path("items").path(0).path("delete");
            JsonNode written = body.path("items").path(1).path("index");
            if (written.has("error")) return Future.failedFuture(new IllegalStateException("tombstone on " + NAME + " failed: " + written));
            if (deleted.path("status").asInt() == 404) return Future.succeededFuture(false);
            if (deleted.has("error")) return Future.failedFuture(new IllegalStateException("delete on " + NAME + " failed: " + deleted));
            return Future.succeededFuture(true);
        });
    }

    /** Runs a search on the security index and returns the backend's whole answer. */
    public Future<JsonNode> search(JsonNode body) {
        return backend.read(HttpMethod.POST, "/" + NAME + "/_search", body).compose(r -> {
            if (!r.ok()) return fail("search", r);
            return Future.succeededFuture(r.body());
        });
    }

    /**
     * A search whose failure may be the client's (a query the backend refuses): the backend's answer as
     * it is, for the caller to tell a 4xx from a 5xx. {@code typed_keys} prefixes aggregation names with types.
     */
    public Future<JsonResponse> searchAnswer(JsonNode body, boolean typedKeys) {
        return backend.read(HttpMethod.POST, "/" + NAME + "/_search" + (typedKeys ? "?typed_keys=true" : ""), body);
    }

    /**
     * Every hit of a query, however many: one search when they fit in a page, else a scroll
     * (released at the end). The query's own {@code size} is the page size.
     */
    public Future<java.util.List<JsonNode>> searchAll(ObjectNode query) {
        java.util.List<JsonNode> hits = new java.util.ArrayList<>();
        // a first page may be asked again (an unanswered one's scroll expires); a next page may not: it would skip one
        return backend.read(HttpMethod.POST, "/" + NAME + "/_search?scroll=1m", query).compose(r -> {
            if (!r.ok()) return fail("search", r);
            return scroll(r.body(), hits, query.path("size").asInt(10));
        });
    }

    private Future<java.util.List<JsonNode>> scroll(JsonNode page, java.util.List<JsonNode> hits, int pageSize) {
        JsonNode pageHits = page.path("hits").path("hits");
        pageHits.forEach(hits::add);
        String scrollId = page.path("_scroll_id").asText(null);
        if (pageHits.size() < pageSize || scrollId == null) {
            if (scrollId == null) return Future.succeededFuture(hits);
            return backend.json(HttpMethod.DELETE, "/_search/scroll", Json.object().put("scroll_id", scrollId))
                    .transform(ignored -> Future.succeededFuture(hits));
        }
        return backend.json(HttpMethod.POST, "/_search/scroll", Json.object().put("scroll", "1m").put("scroll_id", scrollId))
                .compose(r -> {
                    if (!r.ok()) return fail("scroll", r);
                    return scroll(r.body(), hits, pageSize);
                });
    }

    /** Deletes every document a query matches (search, then one {@code _bulk}; no tombstones); how many went. */
    public Future<Long> deleteMatching(JsonNode query) {
        ObjectNode search = Json.object().put("size", 1_000).put("_source", false);
        search.set("query", query);
        return searchAll(search).compose(hits -> {
            if (hits.isEmpty()) return Future.succeededFuture(0L);
            StringBuilder ndjson = new StringBuilder(hits.size() * 64);
            for (JsonNode hit : hits) {
                ObjectNode header = Json.object();
                header.putObject("delete").put("_id", hit.path("_id").asText());
                ndjson.append(header).append('\n');
            }
            return bulk(ndjson.toString(), "false").map(body -> {
                long deleted = 0;
                for (JsonNode item : body.path("items")) {
                    if ("deleted".equals(item.path("delete").path("result").asText())) deleted++;
                }
                return deleted;
            });
        });
    }

    /** Several documents at once: the {@code _mget} answer's {@code docs} (with {@code _seq_no}, {@code _primary_term}). */
    public Future<JsonNode> mget(java.util.Collection<String> ids, String sourceIncludes) {
        ObjectNode body = Json.object();
        ids.forEach(body.putArray("ids")::add);
        return backend.read(HttpMethod.POST, "/" + NAME + "/_mget?_source_includes=" + sourceIncludes, body).compose(r -> {
            if (!r.ok()) return fail("mget", r);
            return Future.succeededFuture(r.body().path("docs"));
        });
    }

    /** Sends an NDJSON {@code _bulk} to the security index. */
    public Future<JsonNode> bulk(String ndjson, String refresh) {
        long start = System.nanoTime();
        return backend.timed(start, backend.open(HttpMethod.POST, "/" + NAME + "/_bulk?refresh=" + refreshParam(refresh)).compose(req -> {
            req.putHeader("Content-Type", "application/x-ndjson");
            return req.send(ndjson);
        })).compose(resp -> resp.body().compose(buf -> {
            JsonNode body = Json.parse(buf);
            if (resp.statusCode() != 200) return fail("bulk", new JsonResponse(resp.statusCode(), body));
            return Future.succeededFuture(body);
        }));
    }

    public Future<Void> refresh() {
        return backend.read(HttpMethod.POST, "/" + NAME + "/_refresh", null).mapEmpty();
    }

    /**
     * The backend refused a document built from the client's values (e.g. a metadata string longer than a
     * keyword may be): the client's 400, with the backend's reason, not Keygate's 500.
     */
    private static EsException rejected(JsonResponse r) {
        JsonNode error = r.body().path("error");
        JsonNode cause = error.path("caused_by").isMissingNode() ? error : error.path("caused_by");
        return EsException.illegalArgument("the request's values cannot be stored: " + cause.path("reason").asText(error.path("reason").asText()));
    }

    private static <T> Future<T> fail(String op, JsonResponse r) {
        return Future.failedFuture(failure(op, r));
    }

    /**
     * Why one of Keygate's reads or writes of this index failed. An overloaded or unavailable backend (its circuit
     * breaker, a rejected execution, a 5xx) is the client's 429 or 503 with the backend's reason, which clients retry;
     * anything else is a failure of Keygate's own (500).
     */
    static Throwable failure(String op, JsonResponse r) {
        int status = r.status();
        if (status == 429 || status >= 500) {
            JsonNode error = r.body().path("error");
            String type = error.path("type").asText(status == 429 ? "circuit_breaking_exception" : "unavailable_shards_exception");
            String reason = error.path("reason").asText("status " + status);
            return new EsException(status == 429 ? 429 : 503, type, op + " on the security index refused by the backend: " + reason);
        }
        return new IllegalStateException(op + " on " + NAME + " failed: " + status + " " + r.body());
    }

    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
