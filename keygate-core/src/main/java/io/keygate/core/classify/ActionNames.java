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
}
