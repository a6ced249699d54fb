package io.keygate.core.privilege;

/** Action names as Elasticsearch spells them, for the actions Keygate's own code refers to. */
public final class Actions {
    private Actions() {}

    public static final String API_KEY_PREFIX = "cluster:admin/xpack/security/api_key/";
    public static final String CREATE_API_KEY = API_KEY_PREFIX + "create";
    public static final String GET_API_KEY = API_KEY_PREFIX + "get";
    public static final String QUERY_API_KEY = API_KEY_PREFIX + "query";
    public static final String INVALIDATE_API_KEY = API_KEY_PREFIX + "invalidate";
    public static final String UPDATE_API_KEY = API_KEY_PREFIX + "update";
    public static final String BULK_UPDATE_API_KEY = API_KEY_PREFIX + "bulk_update";
    public static final String GRANT_API_KEY = API_KEY_PREFIX + "grant";
    public static final String CLONE_API_KEY = API_KEY_PREFIX + "clone";
    public static final String CREATE_CROSS_CLUSTER_API_KEY = "cluster:admin/xpack/security/cross_cluster/api_key/create";
    public static final String UPDATE_CROSS_CLUSTER_API_KEY = "cluster:admin/xpack/security/cross_cluster/api_key/update";
    public static final String CLEAR_SECURITY_CACHE = "cluster:admin/xpack/security/cache/clear";

    public static final String AUTHENTICATE = "cluster:admin/xpack/security/user/authenticate";
    public static final String HAS_PRIVILEGES = "cluster:admin/xpack/security/user/has_privileges";
    public static final String GET_USER_PRIVILEGES = "cluster:admin/xpack/security/user/list_privileges";
    public static final String GET_USERS = "cluster:admin/xpack/security/user/get";
    public static final String GET_ROLES = "cluster:admin/xpack/security/role/get";
    public static final String GET_ROLE_MAPPINGS = "cluster:admin/xpack/security/role_mapping/get";
    public static final String GET_PRIVILEGES = "cluster:admin/xpack/security/privilege/get";
    public static final String GET_BUILTIN_PRIVILEGES = "cluster:admin/xpack/security/privilege/builtin/get";
    public static final String PUT_PRIVILEGES = "cluster:admin/xpack/security/privilege/put";
    public static final String DELETE_PRIVILEGES = "cluster:admin/xpack/security/privilege/delete";
    public static final String CLEAR_PRIVILEGES_CACHE = "cluster:admin/xpack/security/privilege/cache/clear";
    public static final String GET_PROFILES = "cluster:admin/xpack/security/profile/get";
    public static final String PROFILE_HAS_PRIVILEGES = "cluster:admin/xpack/security/profile/has_privileges";
    public static final String SUGGEST_PROFILES = "cluster:admin/xpack/security/profile/suggest";
    public static final String GET_SERVICE_ACCOUNT = "cluster:admin/xpack/security/service_account/get";
    public static final String GET_SERVICE_ACCOUNT_CREDENTIALS = "cluster:admin/xpack/security/service_account/credential/get";
    public static final String INVALIDATE_TOKEN = "cluster:admin/xpack/security/token/invalidate";
    public static final String REFRESH_TOKEN = "cluster:admin/xpack/security/token/refresh";
    public static final String DELEGATE_PKI = "cluster:admin/xpack/security/delegate_pki";
    public static final String SAML_SP_METADATA = "cluster:monitor/xpack/security/saml/metadata";

    public static final String CLUSTER_STATE = "cluster:monitor/state";
    public static final String CLUSTER_HEALTH = "cluster:monitor/health";
    public static final String MAIN = "cluster:monitor/main";
    public static final String XPACK_INFO = "cluster:monitor/xpack/info";

    public static final String BULK = "indices:data/write/bulk";
    public static final String BULK_SHARD = "indices:data/write/bulk[s]";
    public static final String INDEX = "indices:data/write/index";
    public static final String INDEX_OP_CREATE = "indices:data/write/index:op_type/create";
    public static final String INDEX_OP_INDEX = "indices:data/write/index:op_type/index";
    public static final String UPDATE = "indices:data/write/update";
    public static final String DELETE = "indices:data/write/delete";
    public static final String SEARCH = "indices:data/read/search";
    public static final String GET = "indices:data/read/get";
    public static final String AUTO_CREATE = "indices:admin/auto_create";
    public static final String AUTO_PUT_MAPPING = "indices:admin/mapping/auto_put";
    public static final String CREATE_INDEX = "indices:admin/create";
    public static final String DELETE_INDEX = "indices:admin/delete";
    public static final String RESOLVE_INDEX = "indices:admin/resolve/index";
    public static final String RESOLVE_CLUSTER = "indices:admin/resolve/cluster";
}
