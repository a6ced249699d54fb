package io.keygate.core.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.error.EsException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds, by shape and anywhere in a parsed body, the indices a query makes the backend read documents from: an object
 * with a string {@code index} and an {@code id} or {@code path} (terms lookup, indexed shape, percolate), or with a
 * string {@code _index} and an {@code _id} (more_like_this documents); an {@code indexed_shape} without {@code index}
 * reads OpenSearch's default {@code shapes} index. {@code wrapper} queries are decoded and scanned too. May
 * over-match (a false denial), never under-match.
 */
final class LookupScanner {
    /** OpenSearch's {@code AbstractGeometryQueryBuilder.DEFAULT_SHAPE_INDEX_NAME}. */
    static final String DEFAULT_SHAPE_INDEX = "shapes";
    private static final int MAX_WRAPPER_DEPTH = 10;

    private LookupScanner() {}

    static List<String> indices(JsonNode node) {
        List<String> out = new ArrayList<>();
        scan(node, out, 0);
        return out;
    }

    private static void scan(JsonNode node, List<String> out, int wrapperDepth) {
        if (node == null) return;
        if (node.isArray()) {
            for (JsonNode n : node) scan(n, out, wrapperDepth);
            return;
        }
        if (!node.isObject()) return;
        JsonNode index = node.get("index");
        if (index != null && index.isTextual() && (node.has("id") || node.has("path"))) add(out, index.asText());
        JsonNode underscore = node.get("_index");
        if (underscore != null && underscore.isTextual() && node.has("_id")) add(out, underscore.asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (f.getKey().equals("indexed_shape") && v.isObject() && !v.has("index")) add(out, DEFAULT_SHAPE_INDEX);
            if (f.getKey().equals("wrapper") && v.isObject() && v.get("query") != null && v.get("query").isTextual()) {
                if (wrapperDepth >= MAX_WRAPPER_DEPTH) throw EsException.illegalArgument("[wrapper] queries nested too deep");
                scan(decodeWrapper(v.get("query").asText()), out, wrapperDepth + 1);
            }
            scan(v, out, wrapperDepth);
        }
    }

    /** A wrapper query's base64 text as the backend decodes it. */
    static JsonNode decodeWrapper(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw EsException.badRequest("parsing_exception", "[wrapper] query is not valid base64: " + e.getMessage());
        }
        return CanonicalJson.parse(bytes);
    }

    private static void add(List<String> out, String index) {
        if (index.isEmpty()) throw EsException.illegalArgument("a lookup in the search body names an empty index");
        if (!out.contains(index)) out.add(index);
    }
}
