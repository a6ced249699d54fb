package io.keygate.core.apikey;

import com.github.benmanes.caffeine.cache.Interner;
import io.keygate.core.role.RoleDescriptor;

import java.util.List;

/**
 * One shared copy of the parts that many API keys have in common. Keys made from one template carry equal role
 * descriptors, and all keys of one user carry an equal owner and the same {@code limited_by} snapshot; each key read
 * from the store parses its own copy of them (about half of the 3.4 KB a cached key held, by a class histogram). A node that caches
 * 10,000 such keys keeps one copy of each distinct part instead of 10,000.
 *
 * <p>Parts are held weakly: a part no longer used by any key is collected, so this adds no limit of its own beside
 * the caches that hold the keys. Only immutable parts are shared (descriptor lists and owner records); the key's usage
 * stays its own.
 */
public final class ApiKeyParts {
    private final Interner<List<RoleDescriptor>> descriptors = Interner.newWeakInterner();
    private final Interner<ApiKey.Owner> owners = Interner.newWeakInterner();

    /**
     * The key as authentication keeps it: its descriptor lists and owner the shared instances, and of its metadata only
     * what authentication reads ({@link KeyGuards#FIELD}). A key's metadata may be as large as a request body and is
     * the caller's to fill; cached keys are many (25,000 by default: of a megabyte each, 25 GB), and their metadata is
     * served from the store, never from here.
     */
    public ApiKey share(ApiKey key) {
        return new ApiKey(key.id(), key.name(), key.type(), key.creation(), key.expiration(), key.invalidated(),
                key.invalidation(), owners.intern(key.owner()), authenticationMetadata(key.metadata()),
                descriptors.intern(key.roleDescriptors()), descriptors.intern(key.limitedBy()), key.usage());
    }

    private static java.util.Map<String, Object> authenticationMetadata(java.util.Map<String, Object> metadata) {
        if (metadata == null || metadata.isEmpty()) return metadata;
        Object guards = metadata.get(KeyGuards.FIELD);
        if (guards == null) return java.util.Map.of();
        return metadata.size() == 1 ? metadata : java.util.Map.of(KeyGuards.FIELD, guards);
    }
}
