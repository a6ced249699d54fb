package io.keygate.server.authz;

import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptor.IndicesPrivileges;

import java.util.List;
import java.util.Map;

/**
 * Reserved roles, as Elasticsearch defines them (a few of its built-ins): they cannot be changed
 * or deleted through the roles API and are listed with {@code metadata._reserved: true}.
 */
public final class BuiltinRoles {
    private BuiltinRoles() {}

    private static final Map<String, Object> RESERVED = Map.of("_reserved", true);

    public static final Map<String, RoleDescriptor> ROLES = Map.of(
            "superuser", new RoleDescriptor("superuser", List.of("all"),
                    List.of(new IndicesPrivileges(List.of("*"), List.of("all"), null, null, true)),
                    // every application privilege on every resource, as Elasticsearch's superuser holds
                    List.of(new RoleDescriptor.ApplicationPrivileges("*", List.of("*"), List.of("*"))),
                    List.of("*"), RESERVED, null, null, List.of(), null, null),
            "viewer", role("viewer", List.of(),
                    List.of(new IndicesPrivileges(List.of("*"), List.of("read", "view_index_metadata"), null, null, false)), List.of()),
            "editor", role("editor", List.of(),
                    List.of(new IndicesPrivileges(List.of("*"), List.of("read", "write", "view_index_metadata"), null, null, false)), List.of()),
            "monitoring_user", role("monitoring_user", List.of("monitor"),
                    List.of(new IndicesPrivileges(List.of(".monitoring-*"), List.of("read", "read_cross_cluster"), null, null, false)), List.of()),
            "apm_system", role("apm_system", List.of("monitor"),
                    List.of(new IndicesPrivileges(List.of(".monitoring-beats-*"), List.of("create_index", "create_doc"), null, null, false)), List.of()),
            "beats_system", role("beats_system", List.of("monitor"),
                    List.of(new IndicesPrivileges(List.of(".monitoring-beats-*"), List.of("create_index", "create_doc"), null, null, false)), List.of()));

    private static RoleDescriptor role(String name, List<String> cluster, List<IndicesPrivileges> indices, List<String> runAs) {
        return new RoleDescriptor(name, cluster, indices, List.of(), runAs, RESERVED, null, null, List.of(), null, null);
    }

    public static boolean isReserved(String name) {
        return ROLES.containsKey(name);
    }
}
