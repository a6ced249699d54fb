package io.keygate.server.authz;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authz.DenialMessages;
import io.keygate.core.authz.Subject;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.server.store.RoleStore;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a caller's effective role and checks cluster privileges. A user's role comes from its
 * role names (reserved roles, then stored ones, cached by name); an API key's from its own
 * descriptors intersected with its owner's snapshot, which travel with its authentication. On a
 * cache hit nothing here does I/O.
 */
public final class AccessControl {

    private final RoleCompiler compiler;
    private final AsyncLoadingCache<String, Optional<RoleDescriptor>> storedRoles;
    // bounded as the compiler's own caches: keys whose descriptors all differ hold their lists here only that long
    private final Cache<SameDescriptors, Role> apiKeyRoles = Caffeine.newBuilder().maximumSize(RoleCompiler.DEFAULT_CACHE_SIZE)
            .executor(Runnable::run).build(); // maintenance on the caller, not a common-pool wake-up per few reads

    /**
     * An API key's two descriptor lists, compared by identity: the store hands out one list instance per distinct
     * content ({@code StoredDescriptors}), so every key of one template, new or cached, finds its role here without
     * its descriptors being hashed or compared (the lists are immutable: one instance, one content).
     */
    private record SameDescriptors(List<RoleDescriptor> assigned, List<RoleDescriptor> limitedBy) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SameDescriptors d && d.assigned == assigned && d.limitedBy == limitedBy;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(assigned) + System.identityHashCode(limitedBy);
        }
    }

    /**
     * A user's role by its role names: a hit is one lookup of the names list, instead of gathering the descriptors and
     * hashing them all into the compiler's cache on every request. Any role change empties it ({@link #invalidateRole}).
     */
    private final Cache<List<String>, Role> userRoles;
    /** Moves on every role change, so that a role compiled from descriptors read before it is not cached after it. */
    private final java.util.concurrent.atomic.AtomicLong roleChanges = new java.util.concurrent.atomic.AtomicLong();

    public AccessControl(RoleCompiler compiler, RoleStore roles, Duration ttl) {
        this.compiler = compiler;
        this.userRoles = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).executor(Runnable::run).build();
        this.storedRoles = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).executor(Runnable::run)
                .buildAsync((name, executor) -> roles.get(name).map(Optional::ofNullable).toCompletionStage().toCompletableFuture());
    }

    public RoleCompiler compiler() {
        return compiler;
    }

    /** The role descriptors behind a list of role names; unknown names contribute nothing, as in Elasticsearch. */
    public Future<List<RoleDescriptor>> descriptors(List<String> roleNames) {
        List<CompletableFuture<Optional<RoleDescriptor>>> lookups = new ArrayList<>();
        for (String name : roleNames) {
            RoleDescriptor builtin = BuiltinRoles.ROLES.get(name);
            lookups.add(builtin != null ? CompletableFuture.completedFuture(Optional.of(builtin)) : storedRoles.get(name));
        }
        return Future.fromCompletionStage(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<RoleDescriptor> out = new ArrayList<>();
            lookups.forEach(f -> f.join().ifPresent(out::add));
            return out;
        }));
    }

    public Future<Role> roleOf(Authentication auth) {
        if (auth.isApiKey()) {
            // an identity lookup, no hashing of descriptors (ApiKeyRef keeps the immutable lists it is given)
            Authentication.ApiKeyRef key = auth.apiKey();
            return Future.succeededFuture(apiKeyRoles.get(new SameDescriptors(key.roleDescriptors(), key.limitedBy()),
                    d -> compiler.forApiKey(d.assigned(), d.limitedBy())));
        }
        List<String> names = auth.user().roles();
        Role cached = userRoles.getIfPresent(names);
        if (cached != null) return Future.succeededFuture(cached);
        long changes = roleChanges.get();
        return descriptors(names).map(descriptors -> {
            Role role = compiler.compile(descriptors);
            if (roleChanges.get() == changes) userRoles.put(names, role);
            return role;
        });
    }

    /** How far the caller holds a cluster action: fully, only over its own API keys, or not at all. */
    public Future<Role.ClusterAccess> clusterAccess(Authentication auth, String action) {
        return roleOf(auth).map(role -> role.clusterAccess(action));
    }

    /** Succeeds only when the caller holds {@code action} outright; else Elasticsearch's 403. */
    public Future<Void> requireCluster(Authentication auth, String action) {
        return clusterAccess(auth, action).compose(access -> access == Role.ClusterAccess.FULL
                ? Future.succeededFuture()
                : Future.failedFuture(DenialMessages.actionDenied(subject(auth), action)));
    }

    public static Subject subject(Authentication auth) {
        return auth.isApiKey() ? Subject.apiKey(auth.apiKey().id(), auth.username())
                : Subject.user(auth.username(), auth.user().roles());
    }

    public static String describe(Authentication auth) {
        return io.keygate.core.authz.DenialMessages.describe(subject(auth));
    }

    /** Forgets cached role definitions after a role changed. */
    public void invalidateRole(String name) {
        storedRoles.synchronous().invalidate(name);
        roleChanges.incrementAndGet();
        userRoles.invalidateAll();
    }
}
