package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.apikey.ApiKey;
import io.keygate.server.http.Json;
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

    private final SecurityIndex index;

    public ApiKeyStore(SecurityIndex index) {
        this.index = index;
    }

    /** A key with its secret's hash, for authentication only. */
    public record StoredApiKey(ApiKey key, String hash) {
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
        return index.get(id).map(doc -> ApiKeyDocs.isApiKey(doc)
                ? new StoredApiKey(ApiKeyDocs.fromDoc(id, doc), doc.path("api_key_hash").asText(null)) : null);
    }

    public Future<ApiKey> get(String id) {
        return getWithHash(id).map(s -> s == null ? null : s.key());
    }

    public Future<List<ApiKey>> find(Filter filter) {
        ObjectNode query = Json.object().put("size", PAGE);
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
        query.putArray("sort").addObject().put("creation_time", "asc");
        return index.searchAll(query).map(hits -> {
            List<ApiKey> keys = new ArrayList<>(hits.size());
            for (JsonNode hit : hits) keys.add(ApiKeyDocs.fromDoc(hit.path("_id").asText(), hit.get("_source")));
            return keys;
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
        update.putObject("doc").put("api_key_invalidated", true).put("invalidation_time", now.toEpochMilli());
        String action = update.toString();
        StringBuilder ndjson = new StringBuilder(ids.size() * (action.length() + 60));
        for (String id : ids) {
            ObjectNode header = Json.object();
            header.putObject("update").put("_id", id);
            ndjson.append(header).append('\n').append(action).append('\n');
        }
        return index.bulk(ndjson.toString(), refresh).map(body -> {
            for (JsonNode item : body.path("items")) {
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

    /** Replaces a key's document (after an update), keeping its hash. */
    public Future<Void> replace(ApiKey key, String hash, String refresh) {
        return index.put(key.id(), ApiKeyDocs.toDoc(key, hash), false, refresh).mapEmpty();
    }
}
