package io.keygate.core.classify;

/** Action names the classifier hands out by code (the route table holds the rest as data). */
public final class ActionNames {

    private ActionNames() {}

    public static final String INDEX = "indices:data/write/index";
    public static final String INDEX_OP_CREATE = "indices:data/write/index:op_type/create";
    public static final String INDEX_OP_INDEX = "indices:data/write/index:op_type/index";
    public static final String DELETE = "indices:data/write/delete";
    public static final String UPDATE = "indices:data/write/update";
    public static final String BULK = "indices:data/write/bulk";
    /** Per index (shard) part of a bulk: authorized for every index a bulk (or single-document write) touches. */
    public static final String BULK_SHARD = "indices:data/write/bulk[s]";
    public static final String GET = "indices:data/read/get";
    public static final String MGET = "indices:data/read/mget";
    /** Per index part of an mget. */
    public static final String MGET_SHARD = "indices:data/read/mget[shard]";
    public static final String SEARCH = "indices:data/read/search";
    public static final String MSEARCH = "indices:data/read/msearch";
    public static final String MTV = "indices:data/read/mtv";
    public static final String MTV_SHARD = "indices:data/read/mtv[shard]";
    public static final String REINDEX = "indices:data/write/reindex";
    public static final String ALIASES = "indices:admin/aliases";
    public static final String AUTO_CREATE = "indices:admin/auto_create";

    private static final java.util.Set<IndexCatalog.Kind> ALL_KINDS = java.util.EnumSet.allOf(IndexCatalog.Kind.class);
    private static final java.util.Set<IndexCatalog.Kind> INDICES_AND_ALIASES =
            java.util.EnumSet.of(IndexCatalog.Kind.INDEX, IndexCatalog.Kind.ALIAS);
    private static final java.util.Set<IndexCatalog.Kind> INDICES = java.util.EnumSet.of(IndexCatalog.Kind.INDEX);

    /**
     * The kinds of names a wildcard in this action's index expression stands for, as the backend expands it for the
     * request (Elasticsearch: its {@code IndicesOptions} {@code ignoreAliases} and the request's
     * {@code includeDataStreams()}). Keygate's own expansion keeps to them, so that a rewritten request is answered as
     * the wildcard would have been: OpenSearch answers an explicitly named data stream in these requests with "no such
     * index" (it has no data stream aliases; close and delete take a data stream only through its own API), and an
     * explicitly named alias in add/remove alias and delete index with "matches an alias, specify the corresponding
     * concrete indices instead".
     */
    public static java.util.Set<IndexCatalog.Kind> wildcardKinds(String action) {
        return switch (action) {
            case ALIASES, "indices:admin/delete" -> INDICES;
            case "indices:admin/aliases/get", "indices:admin/close" -> INDICES_AND_ALIASES;
            default -> ALL_KINDS;
        };
    }
}
