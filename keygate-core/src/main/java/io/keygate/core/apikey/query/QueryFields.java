package io.keygate.core.apikey.query;

import java.util.Set;

/**
 * The fields a security query API exposes and their stored names in the security index. The API key
 * query has its own ({@link ApiKeyFields#API_KEYS}); the role and user queries bring theirs, so one
 * translator checks all three query DSLs the same way.
 */
public interface QueryFields {
    /** The stored name of a queried field; patterns and unknown fields are the client's 400. */
    String translate(String field);

    /** The stored names a field name or {@code *} pattern stands for in {@code simple_query_string}; unknown ones match nothing. */
    Set<String> translatePattern(String fieldOrPattern);

    /** The stored name to sort by; a field that cannot be sorted on is the client's 400. */
    String translateSort(String field);
}
