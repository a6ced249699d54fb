package io.keygate.core.user;

import java.util.List;
import java.util.Map;

/** A user as Elasticsearch describes one in its user APIs and in {@code _authenticate}. */
public record User(String username, List<String> roles, String fullName, String email,
                   Map<String, Object> metadata, boolean enabled) {
    public User {
        roles = List.copyOf(roles);
        metadata = metadata == null ? Map.of() : metadata;
    }
}
