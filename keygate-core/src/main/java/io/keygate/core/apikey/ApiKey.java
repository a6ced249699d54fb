package io.keygate.core.apikey;

import io.keygate.core.role.RoleDescriptor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An API key as stored (without its secret hash, which never leaves the store and the authenticator).
 * The owner ("creator") is the user who created the key, or the owner of the API key that created it.
 *
 * @param roleDescriptors assigned descriptors; empty means "inherit the owner's snapshot"
 * @param limitedBy       the owner's role descriptors captured at creation or last update
 * @param usage           Keygate's record of the key's use (an extension), or null when it was never used
 */
public record ApiKey(String id, String name, String type, Instant creation, Instant expiration, boolean invalidated,
                     Instant invalidation, Owner owner, Map<String, Object> metadata,
                     List<RoleDescriptor> roleDescriptors, List<RoleDescriptor> limitedBy, Usage usage) {

    /** A key as Elasticsearch knows it, without usage. */
    public ApiKey(String id, String name, String type, Instant creation, Instant expiration, boolean invalidated,
                  Instant invalidation, Owner owner, Map<String, Object> metadata,
                  List<RoleDescriptor> roleDescriptors, List<RoleDescriptor> limitedBy) {
        this(id, name, type, creation, expiration, invalidated, invalidation, owner, metadata, roleDescriptors, limitedBy, null);
    }

    /**
     * How a key was used, as far as the nodes have written it (every flush interval): the last request's time, client
     * address and user agent, and the number of requests.
     */
    public record Usage(Instant lastUsed, long requestCount, String lastAddress, String lastUserAgent) {}

    public static final String TYPE_REST = "rest";

    /** Who owns the key: {@code creator.principal/realm/realm_type} and the user details copied at creation. */
    public record Owner(String username, String realm, String realmType, String fullName, String email,
                        Map<String, Object> metadata) {
        public Owner {
            metadata = metadata == null ? Map.of() : metadata;
        }
    }

    public ApiKey {
        type = type == null ? TYPE_REST : type;
        metadata = metadata == null ? Map.of() : metadata;
        roleDescriptors = roleDescriptors == null ? List.of() : List.copyOf(roleDescriptors);
        limitedBy = limitedBy == null ? List.of() : List.copyOf(limitedBy);
    }

    /** Expired from the millisecond of its expiration on. */
    public boolean isExpired(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }

    /** Neither invalidated nor expired. */
    public boolean isActive(Instant now) {
        return !invalidated && !isExpired(now);
    }

    public boolean ownedBy(String username, String realm) {
        return owner.username().equals(username) && owner.realm().equals(realm);
    }
}
