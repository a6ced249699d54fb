package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.body.CanonicalJson;

/**
 * A document get that ran as a search (document- or field-level security applies to its index), answered in the
 * get's own shape: the hit as {@code {"_index","_id","_version","_seq_no","_primary_term","found":true,"_source"}},
 * no hit as {@code "found":false} with 404; for {@code _source}, the source alone or Elasticsearch's 404.
 */
public final class GetAnswers {

    /** The client's answer: status and JSON body. */
    public record Answer(int status, byte[] body) {}

    private GetAnswers() {}

    public static Answer fromSearch(byte[] search, String index, String id, boolean sourceOnly) {
        JsonNode hit = CanonicalJson.parse(search).path("hits").path("hits").path(0);
        ObjectNode out = CanonicalJson.MAPPER.createObjectNode();
        if (hit.isMissingNode()) {
            if (sourceOnly) {
                String reason = "Document not found [" + index + "]/[" + id + "]";
                ObjectNode cause = CanonicalJson.MAPPER.createObjectNode().put("type", "resource_not_found_exception").put("reason", reason);
                ObjectNode error = out.putObject("error");
                error.putArray("root_cause").add(cause);
                error.put("type", "resource_not_found_exception").put("reason", reason);
                out.put("status", 404);
                return new Answer(404, CanonicalJson.write(out));
            }
            out.put("_index", index).put("_id", id).put("found", false);
            return new Answer(404, CanonicalJson.write(out));
        }
        if (sourceOnly) return new Answer(200, CanonicalJson.write(hit.path("_source")));
        out.set("_index", hit.path("_index"));
        out.set("_id", hit.path("_id"));
        for (String f : new String[] {"_version", "_seq_no", "_primary_term", "_routing"}) {
            if (hit.has(f)) out.set(f, hit.get(f));
        }
        out.put("found", true);
        if (hit.has("_source")) out.set("_source", hit.get("_source"));
        return new Answer(200, CanonicalJson.write(out));
    }
}
