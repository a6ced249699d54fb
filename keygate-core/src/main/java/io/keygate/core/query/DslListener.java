package io.keygate.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What {@link DslWalker} reports while it copies a body. The checker collects lookups and fields; the DLS/FLS rewriter
 * also refuses features and rewrites queries and fetch sections. Every method has a no-op default.
 */
public interface DslListener {

    /** Where a field name appears. */
    enum FieldUse { QUERY, SORT, AGGREGATION, FETCH, SOURCE, HIGHLIGHT, COLLAPSE, SUGGEST, SLICE, NESTED_PATH, FIELD_CAPS }

    /** Constructs a read restriction (DLS/FLS) may have to refuse. */
    enum Feature {
        /** A script that runs per document (query, score function, aggregation value source, script field). */
        SCRIPT,
        /** A script over aggregation results only (bucket_script, bucket_selector, moving_fn). */
        PIPELINE_SCRIPT,
        /** has_child, has_parent, parent_id: reads other documents of the index. */
        JOIN_QUERY,
        /** children, parent aggregations. */
        JOIN_AGGREGATION,
        GLOBAL_AGGREGATION,
        /** significant_terms, significant_text: background statistics over the whole index. */
        SIGNIFICANT_AGGREGATION,
        /** terms-like aggregations with min_doc_count 0: buckets for terms of documents that did not match. */
        MIN_DOC_COUNT_ZERO,
        PROFILE,
        SUGGEST,
        /** An index lookup (terms lookup, indexed shape, more_like_this item, percolate by id, pinned docs). */
        LOOKUP,
        /** query_string: its text may name fields. */
        QUERY_STRING,
        /** derived (runtime) fields. */
        DERIVED_FIELDS,
        /** an unknown construct passed through (non-strict only). */
        UNCHECKED
    }

    default void lookup(Lookup lookup) {}

    default void field(String field, FieldUse use) {}

    default void feature(Feature feature, String detail) {}

    /**
     * Called after a query was copied (post-order, sub-queries already done): {@code query} is {@code {type: {...}}} and
     * {@code fields} the field names this query node names itself (not its sub-queries). Returns the query to keep.
     */
    default JsonNode query(String type, ObjectNode query, List<String> fields) {
        return query;
    }

    /**
     * Called after an aggregation's definition was copied: {@code definition} is the object holding the type key (and
     * its sub-aggregations), {@code fields} the fields it names itself.
     */
    default void aggregation(String name, String type, ObjectNode definition, List<String> fields) {}

    /**
     * Called after a search-like section was copied: the body itself ({@code where} = "body"), a {@code top_hits}
     * aggregation or an {@code inner_hits}. May narrow its fetch keys ({@code _source}, {@code fields}, ...) in place.
     */
    default void fetchSection(ObjectNode section, String where) {}
}
