package io.keygate.core.apikey.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.keygate.core.apikey.query.ApiKeyQueryTranslator.NODES;

/**
 * What pages and orders a security query API's answer ({@code _query/api_key}, {@code _query/role},
 * {@code _query/user}): {@code from}, {@code size}, {@code sort} (over the API's own {@link QueryFields}) and
 * {@code search_after}, checked as Elasticsearch checks them.
 */
public record QueryPaging(int from, int size, ArrayNode sort, JsonNode searchAfter) {

    public static final int DEFAULT_SIZE = 10;
    /** The backend's default {@code index.max_result_window}, as Elasticsearch enforces it for these APIs. */
    public static final int MAX_RESULT_WINDOW = 10_000;

    private static final Set<String> SORT_OPTIONS = Set.of("order", "missing", "unmapped_type", "mode", "numeric_type", "format");

    /** @param payload the body's name in parse errors ({@code query_api_key_request_payload}, …) */
    public static QueryPaging parse(JsonNode body, QueryFields fields, String payload) {
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
        return new QueryPaging(f, s, sort, searchAfter);
    }

    /** Puts {@code from}, {@code size} and, when given, {@code sort} and {@code search_after} into a search body. */
    public void addTo(ObjectNode search) {
        search.put("from", from);
        search.put("size", size);
        if (sort != null) search.set("sort", sort);
        if (searchAfter != null) search.set("search_after", searchAfter);
    }

    private static ArrayNode sort(JsonNode sort, QueryFields fields) {
        ArrayNode out = NODES.arrayNode();
        if (sort.isArray()) {
            for (JsonNode s : sort) out.add(sortClause(s, fields));
        } else {
            out.add(sortClause(sort, fields));
        }
        return out;
    }

    private static JsonNode sortClause(JsonNode s, QueryFields fields) {
        if (s.isTextual()) return NODES.textNode(fields.translateSort(s.asText()));
        if (!s.isObject() || s.size() != 1) throw EsException.illegalArgument("mal-formatted sort object");
        Map.Entry<String, JsonNode> e = s.properties().iterator().next();
        String stored = fields.translateSort(e.getKey());
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
        ObjectNode out = NODES.objectNode();
        out.set(stored, v);
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
