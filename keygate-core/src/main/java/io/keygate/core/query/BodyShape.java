package io.keygate.core.query;

/**
 * Which request a body belongs to: it decides the top-level keys the body may hold, as OpenSearch's REST handlers
 * parse them ({@code SearchSourceBuilder.parseXContent}, {@code RestActions.getQueryContent}, the by-query actions'
 * consumers, {@code RestFieldCapabilitiesAction}).
 */
public enum BodyShape {
    /** {@code _search} (and each {@code _msearch} body line, scroll-less): the full search source. */
    SEARCH,
    /** {@code _count}: only {@code query}. */
    COUNT,
    /** {@code _explain}: only {@code query}. */
    EXPLAIN,
    /** {@code _validate/query}: only {@code query}. */
    VALIDATE_QUERY,
    /** {@code _field_caps}: {@code fields}, {@code index_filter}. */
    FIELD_CAPS,
    /** {@code _delete_by_query}: the search source plus {@code conflicts}, {@code max_docs}. */
    DELETE_BY_QUERY,
    /** {@code _update_by_query}: the search source plus {@code conflicts}, {@code max_docs}, {@code script}. */
    UPDATE_BY_QUERY,
    /** A bare query object: an alias filter, a reindex source query, a role's DLS query. */
    QUERY
}
