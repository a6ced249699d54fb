package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.body.CanonicalJson;

import java.util.List;

/**
 * Document gets that ran as searches (document- or field-level security applies to their index), answered in the get's
 * own shape: a hit as {@code {"_index","_id","_version","_seq_no","_primary_term","found":true,"_source"}}, no hit as
 * {@code "found":false} (404 for a single get); for {@code _source}, the source alone or Elasticsearch's 404. A
 * multi-get ran as one {@code _msearch} with a search per document, answered as {@code {"docs":[…]}} in order.
 */
public final class GetAnswers {

    /** A document a multi-get asked for: the name it was asked under and its id. */
    public record DocRef(String index, String id) {}

    private GetAnswers() {}

    public static Reshape.Reply fromSearch(byte[] search, String index, String id, boolean sourceOnly) {
        JsonNode hit = CanonicalJson.parse(search).path("hits").path("hits").path(0);
        if (hit.isMissingNode()) {
            if (sourceOnly) {
                String reason = "Document not found [" + index + "]/[" + id + "]";
                ObjectNode cause = CanonicalJson.MAPPER.createObjectNode().put("type", "resource_not_found_exception").put("reason", reason);
                ObjectNode out = CanonicalJson.MAPPER.createObjectNode();
                ObjectNode error = out.putObject("error");
                error.putArray("root_cause").add(cause);
                error.put("type", "resource_not_found_exception").put("reason", reason);
                out.put("status", 404);
                return new Reshape.Reply(404, CanonicalJson.write(out));
            }
            return new Reshape.Reply(404, CanonicalJson.write(notFound(index, id)));
        }
        if (sourceOnly) return new Reshape.Reply(200, CanonicalJson.write(hit.path("_source")));
        return new Reshape.Reply(200, CanonicalJson.write(found(hit)));
    }

    /**
     * The {@code _mget} answer from the {@code _msearch} answer of one search per document, in the same order: a hit is
     * the document, no hit "not found", a failed search the document's error (as a multi-get reports a missing index).
     */
    public static Reshape.Reply fromMsearch(byte[] msearch, List<DocRef> docs) {
        JsonNode responses = CanonicalJson.parse(msearch).path("responses");
        if (responses.size() != docs.size()) {
            throw new IllegalStateException("the backend answered " + responses.size() + " searches for " + docs.size() + " documents");
        }
        ObjectNode out = CanonicalJson.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("docs");
        for (int i = 0; i < docs.size(); i++) {
            JsonNode response = responses.get(i);
            DocRef doc = docs.get(i);
            JsonNode hit = response.path("hits").path("hits").path(0);
            if (response.has("error")) {
                ObjectNode item = items.addObject().put("_index", doc.index()).put("_id", doc.id());
                item.set("error", response.get("error"));
            } else if (hit.isMissingNode()) {
                items.add(notFound(doc.index(), doc.id()));
            } else {
                items.add(found(hit));
            }
        }
        return Reshape.Reply.of(CanonicalJson.write(out));
    }

    private static ObjectNode notFound(String index, String id) {
        return CanonicalJson.MAPPER.createObjectNode().put("_index", index).put("_id", id).put("found", false);
    }

    private static ObjectNode found(JsonNode hit) {
        ObjectNode out = CanonicalJson.MAPPER.createObjectNode();
        out.set("_index", hit.path("_index"));
        out.set("_id", hit.path("_id"));
        for (String f : new String[] {"_version", "_seq_no", "_primary_term", "_routing"}) {
            if (hit.has(f)) out.set(f, hit.get(f));
        }
        out.put("found", true);
        if (hit.has("_source")) out.set("_source", hit.get("_source"));
        if (hit.has("fields")) out.set("fields", hit.get("fields"));
        return out;
    }
}
