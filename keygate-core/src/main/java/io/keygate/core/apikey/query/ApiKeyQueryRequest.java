package io.keygate.core.apikey.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;

import java.util.Set;

import static io.keygate.core.apikey.query.ApiKeyQueryTranslator.NODES;

/**
 * The body of {@code GET|POST /_security/_query/api_key}, parsed and checked, and the one search on
 * the security index that answers it ({@link #toSearch}): the client's query ANDed with the API key
 * doc-type filter and, for a caller that may only see its own keys, an owner filter.
 */
public record ApiKeyQueryRequest(ObjectNode query, QueryPaging paging, ObjectNode aggs) {

    private static final Set<String> FIELDS = Set.of("query", "from", "size", "sort", "search_after", "aggs", "aggregations");

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
        QueryPaging paging = QueryPaging.parse(body, ApiKeyFields.API_KEYS, "query_api_key_request_payload");
        JsonNode aggs = body.has("aggs") ? body.get("aggs") : body.get("aggregations");
        return new ApiKeyQueryRequest(query, paging, aggs == null || aggs.isNull() ? null : ApiKeyAggsTranslator.translate(aggs));
    }

    /** A search body for the security index; the secret's hash is never fetched. */
    public ObjectNode toSearch(Owner owner) {
        ObjectNode search = NODES.objectNode();
        paging.addTo(search);
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
        if (aggs != null) search.set("aggs", aggs);
        return search;
    }

    private static Iterable<String> iterable(JsonNode node) {
        return node::fieldNames;
    }
}
