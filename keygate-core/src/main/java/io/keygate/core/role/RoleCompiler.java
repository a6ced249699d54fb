package io.keygate.core.role;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;

/**
 * Compiles role descriptors into {@link Role}s, caching by content: every API key (or user) whose
 * descriptors grant the same privileges shares one compiled instance, whatever the descriptors' names,
 * metadata or descriptions.
 */
public final class RoleCompiler {

    public static final long DEFAULT_CACHE_SIZE = 10_000;

    private final RestrictedIndices restrictedIndices;
    private final Cache<List<RoleDescriptor>, Role> roles;
    private final Cache<List<List<RoleDescriptor>>, Role> limited;

    public RoleCompiler() {
        this(new RestrictedIndices());
    }

    public RoleCompiler(RestrictedIndices restrictedIndices) {
        this(restrictedIndices, DEFAULT_CACHE_SIZE);
    }

    public RoleCompiler(RestrictedIndices restrictedIndices, long maxCachedRoles) {
        this.restrictedIndices = restrictedIndices;
        // cache maintenance runs on the caller: the core starts no work on other threads (it was the common pool)
        this.roles = Caffeine.newBuilder().maximumSize(maxCachedRoles).executor(Runnable::run).build();
        this.limited = Caffeine.newBuilder().maximumSize(maxCachedRoles).executor(Runnable::run).build();
    }

    public RestrictedIndices restrictedIndices() {
        return restrictedIndices;
    }

    /**
     * The union of the descriptors' privileges. An empty list grants nothing. Throws
     * {@code illegal_argument_exception} for an unknown privilege name (validate before storing).
     */
    public Role compile(List<RoleDescriptor> descriptors) {
        List<RoleDescriptor> key = key(descriptors);
        return roles.get(key, k -> new SimpleRole(k, restrictedIndices));
    }

    /**
     * An API key's effective role: {@code assigned ∩ limitedBy}. An empty {@code assigned} list means
     * "inherit the owner" and gives the limited-by role alone.
     */
    public Role forApiKey(List<RoleDescriptor> assigned, List<RoleDescriptor> limitedBy) {
        if (assigned.isEmpty()) {
            return compile(limitedBy);
        }
        List<RoleDescriptor> a = key(assigned);
        List<RoleDescriptor> b = key(limitedBy);
        return limited.get(List.of(a, b), k -> new LimitedRole(compile(a), compile(b)));
    }

    public long cachedRoles() {
        roles.cleanUp();
        return roles.estimatedSize();
    }

    public void invalidateAll() {
        roles.invalidateAll();
        limited.invalidateAll();
    }

    private static List<RoleDescriptor> key(List<RoleDescriptor> descriptors) {
        return descriptors.stream().map(RoleDescriptor::permissionsOnly).toList();
    }
}
