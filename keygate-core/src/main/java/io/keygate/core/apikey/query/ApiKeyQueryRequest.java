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
 * The body of {@code GET|POST /_security/_query/api_key}, parsed and checked, and the one search on
 * the security index that answers it ({@link #toSearch}): the client's query ANDed with the API key
 * doc-type filter and, for a caller that may only see its own keys, an owner filter.
 */
public record ApiKeyQueryRequest(ObjectNode query, int from, int size, ArrayNode sort, JsonNode searchAfter, ObjectNode aggs) {

    public static final int DEFAULT_SIZE = 10;
    /** The backend's default {@code index.max_result_window}, as Elasticsearch enforces it for this API. */
    public static final int MAX_RESULT_WINDOW = 10_000;

    private static final Set<String> FIELDS = Set.of("query", "from", "size", "sort", "search_after", "aggs", "aggregations");
    private static final Set<String> SORT_OPTIONS = Set.of("order", "missing", "unmapped_type", "mode", "numeric_type", "format");

    /** Whose keys a caller sees: all, one user's (by username and realm), or one API key's own. */
    public sealed interface Owner {
        record Anyone() implements Owner {}
        record User(String username, String realm) implements Owner {}
        record ApiKey(String id) implements Owner {}
    }

    public static ApiKeyQueryRequest parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) body = NODES.objectNode();
        if (!body.isObject()) throw EsException.badRequest("x_content_parse_exception", "request body must be an object");
        for (String field : iterable(body)) {
            if (!FIELDS.contains(field)) {
                throw EsException.badRequest("x_content_parse_exception", "[query_api_key_request_payload] unknown field [" + field + "]");
            }
        }
        if (body.has("aggs") && body.has("aggregations")) {
            throw EsException.badRequest("x_content_parse_exception", "Found two aggregation definitions: [aggs] and [aggregations]");
        }
        ObjectNode query = ApiKeyQueryTranslator.translate(body.get("query"));
        Integer from = integer(body, "from");
        Integer size = integer(body, "size");
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
        ArrayNode sort = body.has("sort") ? sort(body.get("sort")) : null;
        JsonNode searchAfter = body.get("search_after");
        if (searchAfter != null && !searchAfter.isNull()) {
            if (!searchAfter.isArray()) throw EsException.badRequest("x_content_parse_exception", "[search_after] must be an array");
            for (JsonNode v : searchAfter) {
                if (!v.isValueNode()) throw EsException.badRequest("x_content_parse_exception", "[search_after] values must be values");
            }
        } else {
            searchAfter = null;
        }
        JsonNode aggs = body.has("aggs") ? body.get("aggs") : body.get("aggregations");
        return new ApiKeyQueryRequest(query, f, s, sort, searchAfter,
                aggs == null || aggs.isNull() ? null : ApiKeyAggsTranslator.translate(aggs));
    }

    /** A search body for the security index; the secret's hash is never fetched. */
    public ObjectNode toSearch(Owner owner) {
        ObjectNode search = NODES.objectNode();
        search.put("from", from);
        search.put("size", size);
        search.put("track_total_hits", true);
        search.put("version", false);
        search.putObject("_source").putArray("excludes").add("api_key_hash").add("metadata_flattened").add("keygate_previous_secret");
        ObjectNode bool = search.putObject("query").putObject("bool");
        bool.putArray("must").add(query);
        ArrayNode filter = bool.putArray("filter");
        filter.addObject().putObject("term").put("doc_type", "api_key");
        switch (owner) {
            case Owner.Anyone ignored -> { }
            case Owner.User u -> {
                filter.addObject().putObject("term").put("creator.principal", u.username());
                filter.addObject().putObject("term").put("creator.realm", u.realm());
            }
            case Owner.ApiKey k -> filter.addObject().putObject("ids").putArray("values").add(k.id());
        }
        if (sort != null) search.set("sort", sort);
        if (searchAfter != null) search.set("search_after", searchAfter);
        if (aggs != null) search.set("aggs", aggs);
        return search;
    }

    private static ArrayNode sort(JsonNode sort) {
        ArrayNode out = NODES.arrayNode();
        if (sort == null || sort.isNull()) return null;
        if (sort.isArray()) {
            for (JsonNode s : sort) out.add(sortClause(s));
        } else {
            out.add(sortClause(sort));
        }
        return out;
    }

    private static JsonNode sortClause(JsonNode s) {
        if (s.isTextual()) {
            return NODES.textNode(ApiKeyFields.translateSort(s.asText()));
        }
        if (!s.isObject() || s.size() != 1) throw EsException.illegalArgument("mal-formatted sort object");
        Map.Entry<String, JsonNode> e = s.properties().iterator().next();
        String stored = ApiKeyFields.translateSort(e.getKey());
        ObjectNode out = NODES.objectNode();
        JsonNode v = e.getValue();
        if (v.isTextual()) {
            order(v.asText());
            out.set(stored, v);
        } else if (v.isObject()) {
            if (v.has("nested") || v.has("nested_path") || v.has("nested_filter")) {
                throw EsException.illegalArgument("nested sorting is not currently supported in this context");
            }
            for (String key : iterable(v)) {
                if (!SORT_OPTIONS.contains(key)) throw EsException.badRequest("x_content_parse_exception", "[field_sort] unknown field [" + key + "]");
                if (!v.get(key).isValueNode()) throw EsException.badRequest("x_content_parse_exception", "[field_sort] [" + key + "] must be a value");
            }
            if (v.has("order")) order(v.get("order").asText());
            out.set(stored, v);
        } else {
            throw EsException.illegalArgument("mal-formatted sort object");
        }
        return out;
    }

    private static void order(String order) {
        if (!order.equals("asc") && !order.equals("desc")) {
            throw EsException.illegalArgument("Unknown SortOrder [" + order + "]");
        }
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber() && v.canConvertToInt()) return v.intValue();
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw EsException.badRequest("x_content_parse_exception", "[query_api_key_request_payload] failed to parse field [" + field + "]");
    }

    private static Iterable<String> iterable(JsonNode node) {
        return node::fieldNames;
    }
}
