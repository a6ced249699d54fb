package io.keygate.server.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.authc.RealmRef;
import io.keygate.core.user.User;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Native users and the reserved {@code elastic} superuser, stored in the security index. Only
 * password hashes are stored; this class never sees a clear-text password.
 */
public final class UserStore {
    public static final String ELASTIC = "elastic";
    private static final String USER_PREFIX = "user-";
    private static final String RESERVED_PREFIX = "reserved-user-";

    /**
     * A stored user with its password hash and the realm it belongs to. {@code version} changes with every
     * write to the user (its {@code changed_time}): what a UI session compares to end itself when the user changed.
     */
    public record StoredUser(User user, String passwordHash, RealmRef realm, long version) {}

    private final SecurityIndex index;

    public UserStore(SecurityIndex index) {
        this.index = index;
    }

    /** The username a security-index document id belongs to, or null when it is not a user's. */
    public static String usernameOf(String docId) {
        if (docId.startsWith(USER_PREFIX)) return docId.substring(USER_PREFIX.length());
        if (docId.startsWith(RESERVED_PREFIX)) return docId.substring(RESERVED_PREFIX.length());
        return null;
    }

    public static boolean isReserved(String username) {
        return ELASTIC.equals(username);
    }

    public Future<StoredUser> get(String username) {
        if (isReserved(username)) {
            return index.get(RESERVED_PREFIX + username).map(doc -> doc == null ? null : reserved(doc));
        }
        return index.get(USER_PREFIX + username).map(doc -> doc == null ? null : nativeUser(doc));
    }

    /** Stores the reserved user's password hash unless one exists; true when it was written now. */
    public Future<Boolean> bootstrapReserved(String username, String passwordHash) {
        ObjectNode doc = Json.object().put("doc_type", "reserved-user").put("username", username)
                .put("password", passwordHash).put("enabled", true);
        return index.put(RESERVED_PREFIX + username, doc, true, "wait_for");
    }

    public Future<Void> setReservedPassword(String username, String passwordHash, String refresh) {
        return index.get(RESERVED_PREFIX + username).compose(doc -> {
            ObjectNode next = doc == null ? Json.object().put("doc_type", "reserved-user").put("username", username).put("enabled", true)
                    : (ObjectNode) doc;
            next.put("password", passwordHash);
            return index.put(RESERVED_PREFIX + username, next, false, refresh).mapEmpty();
        });
    }

    /** Creates or replaces a native user; a null hash keeps the existing password. Answers whether it was created. */
    public Future<Boolean> put(User user, String passwordHash, String refresh) {
        return index.get(USER_PREFIX + user.username()).compose(existing -> {
            String hash = passwordHash != null ? passwordHash : existing == null ? null : existing.path("password").asText(null);
            ObjectNode doc = Json.object().put("doc_type", "user").put("username", user.username()).put("password", hash);
            doc.set("roles", Json.MAPPER.valueToTree(user.roles()));
            doc.put("full_name", user.fullName());
            doc.put("email", user.email());
            doc.set("metadata", Json.MAPPER.valueToTree(user.metadata()));
            doc.put("enabled", user.enabled());
            return index.put(USER_PREFIX + user.username(), doc, false, refresh).map(ok -> existing == null);
        });
    }

    public Future<Boolean> exists(String username) {
        return get(username).map(u -> u != null);
    }

    public Future<Boolean> delete(String username, String refresh) {
        return index.delete(USER_PREFIX + username, refresh);
    }

    public Future<Boolean> setPassword(String username, String passwordHash, String refresh) {
        if (isReserved(username)) return setReservedPassword(username, passwordHash, refresh).map(true);
        return update(username, doc -> doc.put("password", passwordHash), refresh);
    }

    public Future<Boolean> setEnabled(String username, boolean enabled, String refresh) {
        String prefix = isReserved(username) ? RESERVED_PREFIX : USER_PREFIX;
        return index.get(prefix + username).compose(doc -> {
            if (doc == null) return Future.succeededFuture(false);
            ((ObjectNode) doc).put("enabled", enabled);
            return index.put(prefix + username, doc, false, refresh);
        });
    }

    private Future<Boolean> update(String username, java.util.function.Consumer<ObjectNode> change, String refresh) {
        return index.get(USER_PREFIX + username).compose(doc -> {
            if (doc == null) return Future.succeededFuture(false);
            change.accept((ObjectNode) doc);
            return index.put(USER_PREFIX + username, doc, false, refresh);
        });
    }

    /** All native and reserved users, sorted by name. */
    public Future<List<StoredUser>> all() {
        ObjectNode query = Json.object().put("size", 10_000);
        query.putObject("query").putObject("terms").putArray("doc_type").add("user").add("reserved-user");
        query.putArray("sort").addObject().put("username", "asc");
        return index.search(query).map(result -> {
            List<StoredUser> users = new ArrayList<>();
            for (JsonNode hit : result.path("hits").path("hits")) {
                JsonNode doc = hit.get("_source");
                users.add(doc.path("doc_type").asText().equals("reserved-user") ? reserved(doc) : nativeUser(doc));
            }
            return users;
        });
    }

    /** One page of a {@code _query/user} search over native users. */
    public Future<Page<User>> query(ObjectNode search) {
        return index.searchAnswer(search, false).compose(r -> Page.of(r, doc -> nativeUser(doc).user()));
    }

    private static StoredUser reserved(JsonNode doc) {
        String name = doc.path("username").asText();
        User user = new User(name, List.of("superuser"), null, null, Map.of("_reserved", true),
                doc.path("enabled").asBoolean(true));
        return new StoredUser(user, doc.path("password").asText(null), RealmRef.RESERVED, doc.path(SecurityIndex.CHANGED_TIME).asLong());
    }

    private static StoredUser nativeUser(JsonNode doc) {
        List<String> roles = new ArrayList<>();
        doc.path("roles").forEach(r -> roles.add(r.asText()));
        Map<String, Object> metadata = doc.hasNonNull("metadata")
                ? Json.MAPPER.convertValue(doc.get("metadata"), new TypeReference<Map<String, Object>>() {})
                : Map.of();
        User user = new User(doc.path("username").asText(), roles, textOrNull(doc, "full_name"), textOrNull(doc, "email"),
                metadata, doc.path("enabled").asBoolean(true));
        return new StoredUser(user, doc.path("password").asText(null), RealmRef.NATIVE, doc.path(SecurityIndex.CHANGED_TIME).asLong());
    }

    private static String textOrNull(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
