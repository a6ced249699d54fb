package io.keygate.core.secquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.apikey.query.ApiKeyQueryTranslator;
import io.keygate.core.apikey.query.QueryPaging;
import io.keygate.core.error.EsException;

import java.util.List;
import java.util.Set;

/**
 * The body of {@code GET|POST /_security/_query/role} or {@code /_security/_query/user} ({@code query},
 * {@code from}, {@code size}, {@code sort}, {@code search_after}; no aggregations, as in Elasticsearch),
 * checked, and the one search on the security index that answers it: the client's query, translated
 * over {@link EntityFields}, ANDed with the document-type filter.
 */
public record EntityQueryRequest(ObjectNode query, QueryPaging paging) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("query", "from", "size", "sort", "search_after");

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
        return new EntityQueryRequest(query, QueryPaging.parse(body, fields, payload));
    }

    /** A search body for the security index over documents of one type; nothing secret is fetched. */
    public ObjectNode toSearch(String docType, List<String> sourceExcludes) {
        ObjectNode search = NODES.objectNode();
        paging.addTo(search);
        search.put("track_total_hits", true);
        search.put("version", false);
        ArrayNode excludes = search.putObject("_source").putArray("excludes");
        sourceExcludes.forEach(excludes::add);
        ObjectNode bool = search.putObject("query").putObject("bool");
        bool.putArray("must").add(query);
        bool.putArray("filter").addObject().putObject("term").put("doc_type", docType);
        return search;
    }

    private static EsException parse(String reason) {
        return EsException.badRequest("x_content_parse_exception", reason);
    }
}
