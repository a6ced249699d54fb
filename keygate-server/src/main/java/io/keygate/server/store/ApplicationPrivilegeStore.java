package io.keygate.server.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.privilege.ApplicationPrivilegeDescriptor;
import io.keygate.core.privilege.StoredApplicationPrivileges;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stored application privileges in the security index, one document each as Elasticsearch keeps them
 * ({@code application-privilege_<app>:<name>}). Reads are answered from one cached snapshot of them all (there are
 * few: hundreds for a Kibana), dropped on every change here and, through the change feed or a cache clear, on the
 * other nodes.
 */
public final class ApplicationPrivilegeStore {
    public static final String DOC_TYPE = "application-privilege";
    private static final String PREFIX = DOC_TYPE + "_";
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final SecurityIndex index;
    private volatile Future<StoredApplicationPrivileges> snapshot; // null: read again on next use

    public ApplicationPrivilegeStore(SecurityIndex index) {
        this.index = index;
    }

    /** True if the security-index document id is a stored privilege's. */
    public static boolean isPrivilege(String docId) {
        return docId.startsWith(PREFIX);
    }

    /** Every stored privilege (cached; the first use after a change reads them again). */
    public Future<StoredApplicationPrivileges> all() {
        Future<StoredApplicationPrivileges> f = snapshot;
        if (f == null) {
            Future<StoredApplicationPrivileges> loading = load();
            snapshot = loading;
            loading.onFailure(e -> {
                if (snapshot == loading) snapshot = null; // a failed read is not kept
            });
            f = loading;
        }
        return f;
    }

    /** Forgets the snapshot: a privilege changed (here or on another node) or a cache clear asked for it. */
    public void invalidate() {
        snapshot = null;
    }

    private Future<StoredApplicationPrivileges> load() {
        ObjectNode query = Json.object().put("size", 1_000);
        query.putObject("query").putObject("term").put("doc_type", DOC_TYPE);
        com.fasterxml.jackson.databind.node.ArrayNode sort = query.putArray("sort");
        sort.addObject().put("application", "asc");
        sort.addObject().put("name", "asc");
        return index.searchAll(query).map(hits -> {
            List<ApplicationPrivilegeDescriptor> out = new ArrayList<>(hits.size());
            for (JsonNode hit : hits) out.add(fromDoc(hit.path("_source")));
            return new StoredApplicationPrivileges(out);
        });
    }

    /**
     * Creates or replaces the privileges; answers, by application and name, whether each was created. Written one
     * by one (a put carries a handful); the snapshot is dropped once they are all written.
     */
    public Future<Map<String, Map<String, Boolean>>> put(List<ApplicationPrivilegeDescriptor> privileges, String refresh) {
        Set<String> ids = new LinkedHashSet<>();
        privileges.forEach(p -> ids.add(p.docId()));
        return index.mget(ids, "doc_type").compose(docs -> {
            Set<String> existing = new java.util.HashSet<>();
            for (JsonNode doc : docs) {
                if (doc.path("found").asBoolean()) existing.add(doc.path("_id").asText());
            }
            Map<String, Map<String, Boolean>> created = new LinkedHashMap<>();
            Future<Void> chain = Future.succeededFuture();
            for (ApplicationPrivilegeDescriptor p : privileges) {
                created.computeIfAbsent(p.application(), k -> new LinkedHashMap<>()).put(p.name(), !existing.contains(p.docId()));
                chain = chain.compose(v -> index.put(p.docId(), toDoc(p), false, refresh).mapEmpty());
            }
            return chain.map(v -> created);
        }).onComplete(ar -> invalidate());
    }

    /** Deletes the named privileges of the application; answers the names that were there. */
    public Future<Set<String>> delete(String application, List<String> names, String refresh) {
        Set<String> found = new LinkedHashSet<>();
        Future<Void> chain = Future.succeededFuture();
        for (String name : new LinkedHashSet<>(names)) {
            chain = chain.compose(v -> index.delete(ApplicationPrivilegeDescriptor.docId(application, name), refresh)
                    .map(deleted -> {
                        if (deleted) found.add(name);
                        return null;
                    }));
        }
        return chain.map(v -> found).onComplete(ar -> invalidate());
    }

    private static ObjectNode toDoc(ApplicationPrivilegeDescriptor p) {
        ObjectNode doc = p.toJson();
        doc.put("doc_type", DOC_TYPE);
        return doc;
    }

    private static ApplicationPrivilegeDescriptor fromDoc(JsonNode doc) {
        List<String> actions = new ArrayList<>();
        doc.path("actions").forEach(a -> actions.add(a.asText()));
        Map<String, Object> metadata = doc.path("metadata").isObject() ? Json.MAPPER.convertValue(doc.get("metadata"), MAP) : Map.of();
        return new ApplicationPrivilegeDescriptor(doc.path("application").asText(), doc.path("name").asText(), actions, metadata);
    }
}
