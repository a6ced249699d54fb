package io.keygate.core.role;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A role descriptor as the user wrote it (after alias normalisation: {@code index} is read as
 * {@code indices}). Parsing lives in {@link RoleDescriptorParser}, validation in
 * {@link RoleDescriptorParser#validate}, rendering in {@link RoleDescriptorJson}.
 *
 * <p>{@code global}, {@code remote_cluster} and {@code restriction} are kept as raw JSON: Keygate stores
 * and renders them but does not enforce them (there is no remote cluster behind a proxy).
 */
public record RoleDescriptor(
        String name,
        List<String> cluster,
        List<IndicesPrivileges> indices,
        List<ApplicationPrivileges> applications,
        List<String> runAs,
        Map<String, Object> metadata,
        String description,
        JsonNode global,
        List<RemoteIndicesPrivileges> remoteIndices,
        JsonNode remoteCluster,
        JsonNode restriction) {

    public RoleDescriptor {
        cluster = cluster == null ? List.of() : List.copyOf(cluster);
        indices = indices == null ? List.of() : List.copyOf(indices);
        applications = applications == null ? List.of() : List.copyOf(applications);
        runAs = runAs == null ? List.of() : List.copyOf(runAs);
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        remoteIndices = remoteIndices == null ? List.of() : List.copyOf(remoteIndices);
    }

    /** A descriptor with only cluster and index privileges. */
    public RoleDescriptor(String name, List<String> cluster, List<IndicesPrivileges> indices) {
        this(name, cluster, indices, List.of(), List.of(), Map.of(), null, null, List.of(), null, null);
    }

    /** True if the descriptor grants nothing at all (what a derived API key must carry). */
    public boolean isEmpty() {
        return cluster.isEmpty() && indices.isEmpty() && applications.isEmpty() && runAs.isEmpty()
                && remoteIndices.isEmpty() && (global == null || global.isEmpty())
                && (remoteCluster == null || remoteCluster.isEmpty());
    }

    /** The same privileges without the parts that do not affect authorization (name, metadata, description). */
    public RoleDescriptor permissionsOnly() {
        return new RoleDescriptor("", cluster, indices, applications, runAs, Map.of(), null, global, remoteIndices,
                remoteCluster, restriction);
    }

    /** The same descriptor without its description (as in limited-by snapshots). */
    public RoleDescriptor withoutDescription() {
        return new RoleDescriptor(name, cluster, indices, applications, runAs, metadata, null, global, remoteIndices,
                remoteCluster, restriction);
    }

    public JsonNode toJson() {
        return RoleDescriptorJson.render(this);
    }

    /** One index group: names (patterns), privileges, optional FLS/DLS and the restricted-index flag. */
    public record IndicesPrivileges(
            List<String> names,
            List<String> privileges,
            JsonNode fieldSecurity,
            String query,
            boolean allowRestrictedIndices) {

        public IndicesPrivileges {
            names = List.copyOf(names);
            privileges = List.copyOf(privileges);
        }

        public IndicesPrivileges(List<String> names, List<String> privileges, boolean allowRestrictedIndices) {
            this(names, privileges, null, null, allowRestrictedIndices);
        }
    }

    /** Application privileges: an application (name or pattern), privilege names/actions, resources. */
    public record ApplicationPrivileges(String application, List<String> privileges, List<String> resources) {
        public ApplicationPrivileges {
            privileges = List.copyOf(privileges);
            resources = List.copyOf(resources);
        }
    }

    /** Index privileges on remote clusters ({@code remote_indices}): stored and rendered, not enforced. */
    public record RemoteIndicesPrivileges(IndicesPrivileges indices, List<String> clusters) {
        public RemoteIndicesPrivileges {
            clusters = List.copyOf(clusters);
        }
    }
}
