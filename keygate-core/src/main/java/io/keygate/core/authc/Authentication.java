package io.keygate.core.authc;

import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.user.User;

import java.util.List;

/**
 * Who made a request: a user authenticated by a realm, or an API key owned by a user.
 * For an API key, {@code user} is the key's owner as captured at creation, {@code ownerRealm} the
 * realm that owner authenticated with, and {@code realm} is {@link RealmRef#API_KEY}; the key's
 * own role descriptors and its owner's snapshot ({@code limited_by}) travel with it, so that
 * authorizing it needs no I/O.
 */
public record Authentication(User user, RealmRef realm, RealmRef ownerRealm, ApiKeyRef apiKey) {

    /** The key that authenticated a request and what it may do. */
    public record ApiKeyRef(String id, String name, List<RoleDescriptor> roleDescriptors,
                            List<RoleDescriptor> limitedBy) {
        public ApiKeyRef {
            roleDescriptors = List.copyOf(roleDescriptors);
            limitedBy = List.copyOf(limitedBy);
        }
    }

    public static Authentication ofUser(User user, RealmRef realm) {
        return new Authentication(user, realm, realm, null);
    }

    public static Authentication ofApiKey(User owner, RealmRef ownerRealm, ApiKeyRef key) {
        return new Authentication(owner, RealmRef.API_KEY, ownerRealm, key);
    }

    public boolean isApiKey() {
        return apiKey != null;
    }

    public String username() {
        return user.username();
    }
}
