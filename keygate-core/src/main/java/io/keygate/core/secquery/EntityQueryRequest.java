package io.keygate.core.secquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.apikey.query.ApiKeyQueryTranslator;
import io.keygate.core.error.EsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code GET|POST /_security/_query/role} or {@code /_security/_query/user} ({@code query},
 * {@code from}, {@code size}, {@code sort}, {@code search_after}; no aggregations, as in Elasticsearch),
 * checked, and the one search on the security index that answers it: the client's query, translated
 * over {@link EntityFields}, ANDed with the document-type filter.
 */
public record EntityQueryRequest(ObjectNode query, int from, int size, ArrayNode sort, JsonNode searchAfter) {

    public static final int DEFAULT_SIZE = 10;
    public static final int MAX_RESULT_WINDOW = 10_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("query", "from", "size", "sort", "search_after");
    private static final Set<String> SORT_OPTIONS = Set.of("order", "missing", "unmapped_type", "mode", "numeric_type", "format");

    /**
     * @param payload the body's name in parse errors ({@code query_role_request_payload}, {@code query_user_request_payload})
     */
    public static EntityQueryRequest parse(JsonNode body, EntityFields fields, String payload) {
        if (body == null || body.isNull() || body.isMissingNode()) body = NODES.objectNode();
        if (!body.isObject()) throw parse("request body must be an object");
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!FIELDS.contains(field)) throw parse("[" + payload + "] unknown field [" + field + "]");
        }
        ObjectNode query = ApiKeyQueryTranslator.translate(body.get("query"), fields);
        Integer from = integer(body, "from", payload);
        Integer size = integer(body, "size", payload);
        List<String> errors = new ArrayList<>();
        if (from != null && from < 0) errors.add("[from] parameter cannot be negative but was [" + from + "]");
        if (size != null && size < 0) errors.add("[size] parameter cannot be negative but was [" + size + "]");
        if (!errors.isEmpty()) throw EsException.validation(errors);
        int f = from == null ? 0 : from;
        int s = size == null ? DEFAULT_SIZE : size;
        if ((long) f + s > MAX_RESULT_WINDOW) {
            throw EsException.illegalArgument("Result window is too large, from + size must be less than or equal to: ["
                    + MAX_RESULT_WINDOW + "] but was [" + ((long) f + s) + "]. See the scroll api for a more efficient way to "
                    + "request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.");
        }
        JsonNode sortNode = body.get("sort");
        ArrayNode sort = sortNode == null || sortNode.isNull() ? null : sort(sortNode, fields);
        JsonNode searchAfter = body.get("search_after");
        if (searchAfter != null && !searchAfter.isNull()) {
            if (!searchAfter.isArray()) throw parse("[search_after] must be an array");
            for (JsonNode v : searchAfter) {
                if (!v.isValueNode()) throw parse("[search_after] values must be values");
            }
        } else {
            searchAfter = null;
        }
        return new EntityQueryRequest(query, f, s, sort, searchAfter);
    }

    /** A search body for the security index over documents of one type; nothing secret is fetched. */
    public ObjectNode toSearch(String docType, List<String> sourceExcludes) {
        ObjectNode search = NODES.objectNode();
        search.put("from", from);
        search.put("size", size);
        search.put("track_total_hits", true);
        search.put("version", false);
        ArrayNode excludes = search.putObject("_source").putArray("excludes");
        sourceExcludes.forEach(excludes::add);
        ObjectNode bool = search.putObject("query").putObject("bool");
        bool.putArray("must").add(query);
        bool.putArray("filter").addObject().putObject("term").put("doc_type", docType);
        if (sort != null) search.set("sort", sort);
        if (searchAfter != null) search.set("search_after", searchAfter);
        return search;
    }

    private static ArrayNode sort(JsonNode sort, EntityFields fields) {
        ArrayNode out = NODES.arrayNode();
        if (sort.isArray()) {
            for (JsonNode s : sort) out.add(sortClause(s, fields));
        } else {
            out.add(sortClause(sort, fields));
        }
        return out;
    }

    private static JsonNode sortClause(JsonNode s, EntityFields fields) {
        if (s.isTextual()) return NODES.textNode(fields.translateSort(s.asText()));
        if (!s.isObject() || s.size() != 1) throw EsException.illegalArgument("mal-formatted sort object");
        Map.Entry<String, JsonNode> e = s.properties().iterator().next();
        ObjectNode out = NODES.objectNode();
        JsonNode v = e.getValue();
        if (v.isTextual()) {
            order(v.asText());
        } else if (v.isObject()) {
            if (v.has("nested") || v.has("nested_path") || v.has("nested_filter")) {
                throw EsException.illegalArgument("nested sorting is not currently supported in this context");
            }
            for (String key : (Iterable<String>) v::fieldNames) {
                if (!SORT_OPTIONS.contains(key)) throw parse("[field_sort] unknown field [" + key + "]");
                if (!v.get(key).isValueNode()) throw parse("[field_sort] [" + key + "] must be a value");
            }
            if (v.has("order")) order(v.get("order").asText());
        } else {
            throw EsException.illegalArgument("mal-formatted sort object");
        }
        out.set(fields.translateSort(e.getKey()), v);
        return out;
    }

    private static void order(String order) {
        if (!order.equals("asc") && !order.equals("desc")) throw EsException.illegalArgument("Unknown SortOrder [" + order + "]");
    }

    private static Integer integer(JsonNode body, String field, String payload) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber() && v.canConvertToInt()) return v.intValue();
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText());
            } catch (NumberFormatException e) {
                // the client's 400 below
            }
        }
        throw parse("[" + payload + "] failed to parse field [" + field + "]");
    }

    private static EsException parse(String reason) {
        return EsException.badRequest("x_content_parse_exception", reason);
    }
}
