package io.keygate.core.query;

/**
 * A place where the backend reads a document (or an index's mapping) from an index while it runs a query: Elasticsearch
 * authorizes each as a read of that index. {@code index} null means "the searched indices" (a {@code more_like_this}
 * item without {@code _index}); {@code id} null means an artificial document ({@code more_like_this} {@code doc}) or a
 * lookup by something other than an id. {@code kind} names the construct ({@code terms}, {@code geo_shape},
 * {@code more_like_this}, {@code percolate}, {@code pinned}, {@code unknown} for one found by shape).
 */
public record Lookup(String index, String id, String kind) {}
