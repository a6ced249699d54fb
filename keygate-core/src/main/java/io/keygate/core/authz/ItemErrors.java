package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.body.CanonicalJson;
import io.keygate.core.classify.BodyKind;
import io.keygate.core.error.EsException;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Forbidden items of a multi-item read, answered as Elasticsearch answers them: an {@code _mget} doc as
 * {@code {"_index","_id","error":{…}}}, an {@code _msearch} search as {@code {"error":{…},"status":403}}; and the
 * backend's answer for the allowed items with those put back in their places.
 */
public final class ItemErrors {

    private ItemErrors() {}

    /** The answer for each denied position. */
    static SortedMap<Integer, ObjectNode> render(BodyKind kind, byte[] checked, SortedMap<Integer, EsException> denials,
                                                String defaultIndex) {
        SortedMap<Integer, ObjectNode> out = new TreeMap<>();
        JsonNode docs = null;
        if (kind != BodyKind.MSEARCH) {
            JsonNode body = CanonicalJson.parse(checked);
            docs = body.has("docs") ? body.path("docs") : body.path("ids");
        }
        for (var e : denials.entrySet()) {
            ObjectNode item = CanonicalJson.MAPPER.createObjectNode();
            if (kind == BodyKind.MSEARCH) {
                item.set("error", error(e.getValue()));
                item.put("status", e.getValue().status());
            } else {
                JsonNode doc = docs.path(e.getKey());
                String index = doc.isObject() ? doc.path("_index").asText(defaultIndex) : defaultIndex;
                if (index == null) item.putNull("_index"); else item.put("_index", index);
                item.put("_id", doc.isObject() ? doc.path("_id").asText() : doc.asText());
                item.set("error", error(e.getValue()));
            }
            out.put(e.getKey(), item);
        }
        return out;
    }

    /**
     * The backend's answer ({@code docs} or {@code responses}) with the denied items in their places; when nothing was
     * forwarded, {@code backend} is null and the answer holds the denied items only.
     */
    public static byte[] merge(BodyKind kind, byte[] backend, SortedMap<Integer, ObjectNode> denied) {
        String key = kind == BodyKind.MSEARCH ? "responses" : "docs";
        ObjectNode answer = backend == null ? CanonicalJson.MAPPER.createObjectNode()
                : (ObjectNode) CanonicalJson.parse(backend);
        if (backend == null && kind == BodyKind.MSEARCH) answer.put("took", 0);
        JsonNode served = answer.path(key);
        ArrayNode items = CanonicalJson.MAPPER.createArrayNode();
        int next = 0;
        int total = served.size() + denied.size();
        for (int i = 0; i < total; i++) {
            ObjectNode d = denied.get(i);
            if (d != null) items.add(d);
            else if (next < served.size()) items.add(served.get(next++));
        }
        answer.set(key, items);
        return CanonicalJson.write(answer);
    }

    private static ObjectNode error(EsException e) {
        ObjectNode cause = CanonicalJson.MAPPER.createObjectNode().put("type", e.type()).put("reason", e.reason());
        ObjectNode error = CanonicalJson.MAPPER.createObjectNode();
        error.putArray("root_cause").add(cause);
        error.put("type", e.type()).put("reason", e.reason());
        return error;
    }
}
