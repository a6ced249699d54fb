package io.keygate.core.query;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * A request body after {@link SearchBodyChecker}: the canonical tree to forward (a copy: {@code wrapper} queries are
 * replaced by the query they carry, so the backend runs exactly what was checked), every document lookup the backend
 * would do, and every field name the body references (queries, sorts, aggregations, fetched and highlighted fields).
 */
public record CheckedBody(ObjectNode body, List<Lookup> lookups, Set<String> fields) {

    public CheckedBody {
        lookups = List.copyOf(lookups);
        fields = Set.copyOf(fields);
    }
}
