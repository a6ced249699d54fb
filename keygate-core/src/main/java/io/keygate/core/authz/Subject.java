package io.keygate.core.authz;

import java.util.List;

/**
 * Who is asking, as the denial message names it.
 *
 * @param username  the authenticated user; for an API key, the key's owner
 * @param roles     the effective role names (a user's; empty for an API key)
 * @param apiKeyId  the API key id, or null for a user
 * @param runAs     the user being impersonated, or null
 */
public record Subject(String username, List<String> roles, String apiKeyId, String runAs) {

    public Subject {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public static Subject user(String username, List<String> roles) {
        return new Subject(username, roles, null, null);
    }

    public static Subject apiKey(String apiKeyId, String owner) {
        return new Subject(owner, List.of(), apiKeyId, null);
    }

    public boolean isApiKey() {
        return apiKeyId != null;
    }
}
