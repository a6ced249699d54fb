package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.apikey.ApiKey;
import io.keygate.core.error.EsException;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * API keys in the security index: one document per key, its id the key's id. Reads never return
 * the secret's hash except to the authenticator ({@link #getWithHash}).
 */
public final class ApiKeyStore {
    private static final int PAGE = 1_000;
    /** Keys per {@code _bulk} of one invalidation. */
    private static final int INVALIDATE_CHUNK = 2_500;
    /** Failures of a search that come from what the client asked for, whatever status the backend gives them. */
    private static final java.util.Set<String> CLIENT_CAUSES = java.util.Set.of("aggregation_execution_exception",
            "illegal_argument_exception", "parsing_exception", "query_shard_exception", "x_content_parse_exception",
            "number_format_exception", "parse_exception");

    private final SecurityIndex index;

    public ApiKeyStore(SecurityIndex index) {
        this.index = index;
    }

    /**
     * A key with its secret's hash, for authentication only; after a rotation also the previous secret's hash and
     * until when it is still accepted (else both null).
     */
    public record StoredApiKey(ApiKey key, String hash, String previousHash, Instant previousValidUntil) {
        public StoredApiKey(ApiKey key, String hash) {
            this(key, hash, null, null);
        }

        @Override
        public String toString() {
            return "StoredApiKey[" + key.id() + "]";
        }
    }

    /**
     * What to look for. Null fields do not filter; {@code name} is exact, or a prefix when it ends in
     * {@code *} ({@code *} alone = any). {@code excludeInvalidated} leaves invalidated keys out.
     */
    public record Filter(Collection<String> ids, String name, String username, String realm, boolean excludeInvalidated) {}

    /** Stores a new key; fails if the id exists (ids are random: that is a bug, not a client mistake). */
    public Future<Void> create(ApiKey key, String hash, String refresh) {
        return index.put(key.id(), ApiKeyDocs.toDoc(key, hash), true, refresh).compose(created -> created
                ? Future.succeededFuture()
                : Future.failedFuture(new IllegalStateException("API key id collision")));
    }

    public Future<StoredApiKey> getWithHash(String id) {
        return index.get(id).map(doc -> stored(id, doc));
    }

    /**
     * Several keys with their hashes in one read, for authentication: those found, by id. The whole documents: leaving
     * fields out ({@code _source_excludes}) makes the backend parse and rewrite each source instead of copying it.
     */
    public Future<java.util.Map<String, StoredApiKey>> getAllWithHash(Collection<String> ids) {
        return index.getAll(ids).map(docs -> {
            java.util.Map<String, StoredApiKey> out = new java.util.HashMap<>();
            docs.forEach((id, doc) -> {
                StoredApiKey s = stored(id, doc);
                if (s != null) out.put(id, s);
            });
            return out;
        });
    }

    private static StoredApiKey stored(String id, JsonNode doc) {
        if (!ApiKeyDocs.isApiKey(doc)) return null;
        JsonNode previous = doc.path(ApiKeyDocs.PREVIOUS_SECRET);
        return new StoredApiKey(ApiKeyDocs.fromDoc(id, doc), doc.path("api_key_hash").asText(null),
                previous.path("hash").asText(null),
                previous.hasNonNull("valid_until") ? Instant.ofEpochMilli(previous.path("valid_until").asLong()) : null);
    }

    public Future<ApiKey> get(String id) {
        return getWithHash(id).map(s -> s == null ? null : s.key());
    }

    public Future<List<ApiKey>> find(Filter filter) {
        ObjectNode query = findQuery(filter, PAGE);
        query.putObject("_source").putArray("excludes").add("api_key_hash").add(ApiKeyDocs.PREVIOUS_SECRET);
        query.putArray("sort").addObject().put("creation_time", "asc");
        return index.searchAll(query).map(hits -> {
            List<ApiKey> keys = new ArrayList<>(hits.size());
            for (JsonNode hit : hits) keys.add(ApiKeyDocs.fromDoc(hit.path("_id").asText(), hit.get("_source")));
            return keys;
        });
    }

    /** The ids of the keys a filter matches, without reading their documents (invalidation needs no more). */
    public Future<List<String>> findIds(Filter filter) {
        ObjectNode query = findQuery(filter, 10_000);
        query.put("_source", false);
        query.putArray("sort").add("_doc");
        return index.searchAll(query).map(hits -> {
            List<String> ids = new ArrayList<>(hits.size());
            for (JsonNode hit : hits) ids.add(hit.path("_id").asText());
            return ids;
        });
    }

    private static ObjectNode findQuery(Filter filter, int pageSize) {
        ObjectNode query = Json.object().put("size", pageSize);
        ArrayNode must = query.putObject("query").putObject("bool").putArray("filter");
        must.addObject().putObject("term").put("doc_type", ApiKeyDocs.DOC_TYPE);
        if (filter.ids() != null) {
            ArrayNode values = must.addObject().putObject("ids").putArray("values");
            filter.ids().forEach(values::add);
        }
        String name = filter.name();
        if (name != null && !name.equals("*")) {
            if (name.endsWith("*")) {
                must.addObject().putObject("prefix").put("name", name.substring(0, name.length() - 1));
            } else {
                must.addObject().putObject("term").put("name", name);
            }
        }
        if (filter.username() != null) must.addObject().putObject("term").put("creator.principal", filter.username());
        if (filter.realm() != null) must.addObject().putObject("term").put("creator.realm", filter.realm());
        if (filter.excludeInvalidated()) must.addObject().putObject("term").put("api_key_invalidated", false);
        return query;
    }

    /** One page of a query: the total matched, the keys with their sort values, the aggregations (or null). */
    public record QueryPage(long total, List<QueryHit> hits, JsonNode aggregations) {}

    public record QueryHit(ApiKey key, JsonNode sort) {}

    /**
     * Runs a search built by {@code ApiKeyQueryRequest} (already restricted to API key documents and,
     * where needed, to the caller's own). A query the backend refuses is the client's 400, with the
     * backend's reason; anything else the backend fails with is ours.
     */
    public Future<QueryPage> query(JsonNode search, boolean typedKeys) {
        return index.searchAnswer(search, typedKeys).compose(r -> {
            if (!r.ok()) {
                JsonNode error = r.body().path("error");
                JsonNode cause = error.path("root_cause").path(0);
                if (cause.isMissingNode()) cause = error;
                if (r.status() == 400 || CLIENT_CAUSES.contains(cause.path("type").asText())) {
                    return Future.failedFuture(EsException.badRequest(cause.path("type").asText("illegal_argument_exception"),
                            cause.path("reason").asText("the backend refused the query")));
                }
                return Future.failedFuture(SecurityIndex.failure("query", r));
            }
            JsonNode body = r.body();
            List<QueryHit> hits = new ArrayList<>();
            for (JsonNode hit : body.path("hits").path("hits")) {
                hits.add(new QueryHit(ApiKeyDocs.fromDoc(hit.path("_id").asText(), hit.get("_source")), hit.get("sort")));
            }
            return Future.succeededFuture(new QueryPage(body.path("hits").path("total").path("value").asLong(), hits,
                    body.get("aggregations")));
        });
    }

    /**
     * Deletes the keys a retention query matches (invalidated or expired long enough ago); how many went.
     * Ids are searched, then deleted with {@code _bulk}: the managed backend (OpenSearch's minimal
     * distribution) has no {@code _delete_by_query}, which lives in its reindex module.
     */
    public Future<Long> deleteRetired(JsonNode query) {
        ObjectNode search = Json.object().put("size", PAGE).put("_source", false);
        search.set("query", query);
        return index.searchAll(search).compose(hits -> {
            if (hits.isEmpty()) return Future.succeededFuture(0L);
            StringBuilder ndjson = new StringBuilder(hits.size() * 48);
            for (JsonNode hit : hits) {
                ObjectNode header = Json.object();
                header.putObject("delete").put("_id", hit.path("_id").asText());
                ndjson.append(header).append('\n');
            }
            return index.bulk(ndjson.toString(), "false").map(body -> {
                long deleted = 0;
                for (JsonNode item : body.path("items")) {
                    if ("deleted".equals(item.path("delete").path("result").asText())) deleted++;
                }
                return deleted;
            });
        });
    }

    /** What one invalidation did, per id. */
    public record InvalidationResult(List<String> invalidated, List<String> previouslyInvalidated, List<JsonNode> errors) {}

    /**
     * Invalidates keys in one {@code _bulk}: each update sets {@code api_key_invalidated} and
     * {@code invalidation_time}. Callers pass keys they found valid; a key invalidated meanwhile by
     * another request is reported invalidated again (its time is overwritten), not as "previously".
     */
    public Future<InvalidationResult> invalidate(List<String> ids, Instant now, String refresh) {
        InvalidationResult result = new InvalidationResult(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        if (ids.isEmpty()) return Future.succeededFuture(result);
        // a partial doc, not a script: the backend may have no scripting (OpenSearch min distribution)
        ObjectNode update = Json.object();
        update.putObject("doc").put("api_key_invalidated", true).put("invalidation_time", now.toEpochMilli())
                .put(SecurityIndex.CHANGED_TIME, System.currentTimeMillis());
        String action = update.toString();
        // several bulks at once: the backend applies them in parallel (measured: 20k keys in one bulk took 18 s)
        List<Future<JsonNode>> bulks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += INVALIDATE_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + INVALIDATE_CHUNK));
            StringBuilder ndjson = new StringBuilder(chunk.size() * (action.length() + 60));
            for (String id : chunk) {
                ObjectNode header = Json.object();
                header.putObject("update").put("_id", id);
                ndjson.append(header).append('\n').append(action).append('\n');
            }
            bulks.add(index.bulk(ndjson.toString(), refresh));
        }
        return Future.all(bulks).map(all -> {
            for (JsonNode item : bulks.stream().flatMap(b -> java.util.stream.StreamSupport.stream(
                    b.result().path("items").spliterator(), false)).toList()) {
                JsonNode u = item.path("update");
                String id = u.path("_id").asText();
                if (u.has("error")) {
                    result.errors().add(u.get("error"));
                } else if ("noop".equals(u.path("result").asText())) {
                    result.previouslyInvalidated().add(id);
                } else {
                    result.invalidated().add(id);
                }
            }
            return result;
        });
    }

    /** A key's usage record as stored, with the document's version for a conditional write. */
    public record StoredUsage(String id, long seqNo, long primaryTerm, ApiKey.Usage usage) {}

    /** A usage record to write, if the document is still at {@code seqNo}/{@code primaryTerm}. */
    public record UsageWrite(String id, long seqNo, long primaryTerm, ApiKey.Usage usage) {}

    public enum UsageResult { WRITTEN, CONFLICT, GONE, FAILED }

    /** The usage records of the API keys among {@code ids} that still exist (one {@code _mget}). */
    public Future<List<StoredUsage>> usageOf(Collection<String> ids) {
        return index.mget(ids, ApiKeyDocs.USAGE + ",doc_type").map(docs -> {
            List<StoredUsage> out = new ArrayList<>();
            for (JsonNode doc : docs) {
                if (!doc.path("found").asBoolean() || !ApiKeyDocs.isApiKey(doc.path("_source"))) continue;
                out.add(new StoredUsage(doc.path("_id").asText(), doc.path("_seq_no").asLong(), doc.path("_primary_term").asLong(),
                        ApiKeyDocs.usage(doc.path("_source").get(ApiKeyDocs.USAGE))));
            }
            return out;
        });
    }

    /**
     * Writes usage records in one {@code _bulk} of conditional partial updates: only {@code keygate_usage} changes, and
     * {@code changed_time} stays, so that other nodes' change feeds ignore these writes.
     */
    public Future<java.util.Map<String, UsageResult>> writeUsage(List<UsageWrite> writes) {
        java.util.Map<String, UsageResult> out = new java.util.HashMap<>();
        if (writes.isEmpty()) return Future.succeededFuture(out);
        StringBuilder ndjson = new StringBuilder();
        for (UsageWrite w : writes) {
            ObjectNode header = Json.object();
            header.putObject("update").put("_id", w.id()).put("if_seq_no", w.seqNo()).put("if_primary_term", w.primaryTerm());
            ObjectNode update = Json.object();
            update.putObject("doc").set(ApiKeyDocs.USAGE, ApiKeyDocs.usage(w.usage()));
            ndjson.append(header).append('\n').append(update).append('\n');
        }
        return index.bulk(ndjson.toString(), "false").map(body -> {
            for (JsonNode item : body.path("items")) {
                JsonNode u = item.path("update");
                int status = u.path("status").asInt();
                out.put(u.path("_id").asText(), !u.has("error") ? UsageResult.WRITTEN
                        : status == 409 ? UsageResult.CONFLICT : status == 404 ? UsageResult.GONE : UsageResult.FAILED);
            }
            return out;
        });
    }

    /** Keys by status ({@code active}, {@code expired}, {@code invalidated}) and active ones expiring within {@code soon}: one search. */
    public Future<java.util.Map<String, Long>> countByStatus(Instant now, java.time.Duration soon) {
        long t = now.toEpochMilli();
        ObjectNode search = Json.object().put("size", 0);
        search.putObject("query").putObject("term").put("doc_type", ApiKeyDocs.DOC_TYPE);
        ObjectNode filters = search.putObject("aggs").putObject("s").putObject("filters").putObject("filters");
        filters.putObject("invalidated").putObject("term").put("api_key_invalidated", true);
        ObjectNode expired = filters.putObject("expired").putObject("bool");
        expired.putArray("must_not").addObject().putObject("term").put("api_key_invalidated", true);
        expired.putArray("filter").addObject().putObject("range").putObject("expiration_time").put("lte", t);
        ObjectNode active = filters.putObject("active").putObject("bool");
        ArrayNode notActive = active.putArray("must_not");
        notActive.addObject().putObject("term").put("api_key_invalidated", true);
        notActive.addObject().putObject("range").putObject("expiration_time").put("lte", t);
        ObjectNode soonQ = filters.putObject("expiring_soon").putObject("bool");
        soonQ.putArray("must_not").addObject().putObject("term").put("api_key_invalidated", true);
        soonQ.putArray("filter").addObject().putObject("range").putObject("expiration_time").put("gt", t).put("lte", t + soon.toMillis());
        return index.search(search).map(body -> {
            java.util.Map<String, Long> out = new java.util.HashMap<>();
            body.path("aggregations").path("s").path("buckets").fields()
                    .forEachRemaining(e -> out.put(e.getKey(), e.getValue().path("doc_count").asLong()));
            return out;
        });
    }

    /**
     * The keys whose expiration lies in ({@code after}, {@code upTo}], invalidated or not, without their role descriptors
     * (the expiry notes need who, not what): one search; a scroll only when more than a page of keys expired meanwhile.
     */
    public Future<List<ApiKey>> expiringBetween(Instant after, Instant upTo) {
        ObjectNode search = Json.object().put("size", PAGE);
        ArrayNode filter = search.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("doc_type", ApiKeyDocs.DOC_TYPE);
        filter.addObject().putObject("range").putObject("expiration_time").put("gt", after.toEpochMilli()).put("lte", upTo.toEpochMilli());
        search.putObject("_source").putArray("excludes").add("api_key_hash").add(ApiKeyDocs.PREVIOUS_SECRET)
                .add("role_descriptors").add("limited_by_role_descriptors");
        search.putArray("sort").addObject().put("expiration_time", "asc");
        return index.search(search).compose(body -> {
            JsonNode page = body.path("hits").path("hits");
            if (page.size() < PAGE) return Future.succeededFuture(java.util.stream.StreamSupport.stream(page.spliterator(), false).toList());
            return index.searchAll(search);
        }).map(hits -> {
            List<ApiKey> keys = new ArrayList<>(hits.size());
            for (JsonNode hit : hits) keys.add(ApiKeyDocs.fromDoc(hit.path("_id").asText(), hit.get("_source")));
            return keys;
        });
    }

    /** Makes every write so far visible to searches. */
    public Future<Void> refresh() {
        return index.refresh();
    }

    /** Replaces a key's document (after an update), keeping its hash and a rotated-out secret still in its grace period. */
    public Future<Void> replace(ApiKey key, StoredApiKey stored, String refresh) {
        return index.put(key.id(), ApiKeyDocs.toDoc(key, stored.hash(), stored.previousHash(), stored.previousValidUntil()),
                false, refresh).mapEmpty();
    }

    /** A new secret for a key: {@code previousHash} is accepted until {@code previousValidUntil} (null: not at all). */
    public Future<Void> rotate(ApiKey key, String hash, String previousHash, Instant previousValidUntil, String refresh) {
        return index.put(key.id(), ApiKeyDocs.toDoc(key, hash, previousValidUntil == null ? null : previousHash, previousValidUntil),
                false, refresh).mapEmpty();
    }
}
