package io.keygate.server.api;

/** The handlers of the newer {@code /_security/*} endpoints (bulk roles, role and user queries, own privileges, stats). */
public record NewerSecurityApis(RoleBulkApi roleBulk, SecurityQueryApi query, UserPrivilegesApi userPrivileges,
                                SecurityStatsApi stats) {}
