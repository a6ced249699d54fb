package io.keygate.core.classify;

/** What the server must do with the request body before it may forward it. */
public enum BodyKind {
    /** No body expected (or the body is ignored by the endpoint). */
    NONE,
    /** NDJSON action/source pairs: classify each action line with {@link BulkLineClassifier}. */
    BULK,
    /** {@code docs[]._index} / {@code ids}: classify with {@link MgetBodyClassifier} ({@code _mget}, {@code _mtermvectors}). */
    MGET,
    /** NDJSON header/body pairs: classify each header line with {@link MsearchHeaderClassifier}. */
    MSEARCH,
    /** {@code _reindex}: {@code source.index} is read (search), {@code dest.index} is written; see {@link ReindexBodyClassifier}. */
    REINDEX,
    /**
     * {@code POST /_aliases}: the body holds {@code actions[]} ({@code add}, {@code remove}, {@code remove_index}) each naming
     * indices and aliases; the server must authorize {@code indices:admin/aliases} on every index and alias named there
     * (and {@code indices:admin/delete} for {@code remove_index}).
     */
    ALIASES,
    /**
     * The request creates names: an index ({@code PUT /{index}}, rollover, shrink/split/clone) and the aliases its body
     * lists, or an alias ({@code PUT /{index}/_alias/{name}}). Elasticsearch's request interceptors apply: the server reads
     * the body and authorizes what {@link InterceptedTargets} lists, and checks that no new name carries more access
     * than the one it comes from.
     */
    INTERCEPTED,
    /**
     * Query DSL. The body does not name target indices, but some queries read other indices on the backend
     * ({@code terms} lookup, {@code more_like_this} {@code like[]._index}, {@code geo_shape}/{@code shape} indexed shapes,
     * {@code percolate} with {@code index}): Elasticsearch authorizes those as separate {@code indices:data/read/get}
     * requests; the query-DSL checker ({@code io.keygate.core.query}) lists them so that they are authorized.
     */
    SEARCH,
    /**
     * {@code _termvectors}: the body may name its own {@code _index} (OpenSearch's parser lets it override the path's);
     * read and checked like a search body, {@code _index} refused.
     */
    TERMVECTORS,
    /**
     * Scroll continuation and clear, point-in-time close: the body carries context ids, which the server unwraps and
     * checks against their owner.
     */
    CONTEXT,
    /**
     * Search templates: the query is only known once the backend renders the mustache template, so Keygate cannot check
     * what runs. Only superusers may send them.
     */
    TEMPLATE,
    /** The body names no indices (a document's source, settings, mappings): streamed as is. */
    OPAQUE;

    /** Keygate reads, checks and forwards the decoded content of these bodies. */
    public boolean checked() {
        return this != NONE && this != BULK && this != OPAQUE;
    }
}
