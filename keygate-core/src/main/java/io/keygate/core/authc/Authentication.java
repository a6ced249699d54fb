package io.keygate.core.authc;

/**
 * Who made a request: a user authenticated by a realm, or an API key owned by a user.
 * For an API key, {@code user} is the key's owner as captured at creation and {@code ownerRealm}
 * the realm that owner authenticated with; {@code realm} is then {@link RealmRef#API_KEY}.
 */
public record Authentication(User user, RealmRef realm, RealmRef ownerRealm, ApiKeyRef apiKey) {

    /** The key that authenticated a request: its id and name. */
    public record ApiKeyRef(String id, String name) {}

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
