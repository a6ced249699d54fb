package io.keygate.server.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.authc.Hasher;
import io.keygate.core.authc.PasswordHashes;
import io.keygate.core.user.User;
import io.keygate.core.error.EsException;
import io.keygate.server.authc.BasicRealm;
import io.keygate.server.wire.Json;
import io.keygate.server.store.UserStore;
import io.keygate.server.store.UserStore.StoredUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /_security/user/*}: native users, with Elasticsearch's request and response shapes. */
public final class UsersApi {
    static final String PUT = "cluster:admin/xpack/security/user/put";
    static final String GET = "cluster:admin/xpack/security/user/get";
    static final String DELETE = "cluster:admin/xpack/security/user/delete";
    static final String CHANGE_PASSWORD = "cluster:admin/xpack/security/user/change_password";
    static final String SET_ENABLED = "cluster:admin/xpack/security/user/set_enabled";

    private static final Set<String> PUT_FIELDS = Set.of("username", "password", "password_hash", "roles", "full_name",
            "email", "metadata", "enabled");
    // ES: 1..507 printable Basic Latin characters, no leading or trailing whitespace
    private static final Pattern VALID_NAME = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,505}[\\x21-\\x7e])?");

    private final Vertx vertx;
    private final UserStore users;
    private final BasicRealm realm;

    public UsersApi(Vertx vertx, UserStore users, BasicRealm realm) {
        this.vertx = vertx;
        this.users = users;
        this.realm = realm;
    }

    public Future<Reply> put(ApiRequest r) {
        return Future.succeededFuture().compose(v -> {
            String username = r.path("username");
            JsonNode body = r.body();
            BodyFields.onlyKnown(body, PUT_FIELDS, "add user request");
            List<String> errors = new ArrayList<>();
            if (!VALID_NAME.matcher(username).matches()) {
                errors.add("Invalid username [" + username + "]... Usernames must be at least 1 and no more than 507 characters. "
                        + "They can contain alphanumeric characters (a-z, A-Z, 0-9), spaces, punctuation, and printable symbols "
                        + "in the Basic Latin (ASCII) block. Leading or trailing whitespace is not allowed.");
            } else if (UserStore.isReserved(username)) {
                errors.add("Username [" + username + "] is reserved and may not be used.");
            }
            String bodyName = BodyFields.string(body, "username");
            if (bodyName != null && !bodyName.equals(username)) {
                throw EsException.illegalArgument("[username] in source does not match the username provided [" + username + "]");
            }
            List<String> roles = BodyFields.strings(body, "roles");
            if (roles == null) errors.add("roles are missing");
            String password = BodyFields.string(body, "password");
            String passwordHash = BodyFields.string(body, "password_hash");
            if (password != null && passwordHash != null) errors.add("only one of [password, passwordHash] can be provided");
            if (password != null && password.length() < 6) errors.add("passwords must be at least [6] characters long");
            if (!errors.isEmpty()) throw EsException.validation(errors);
            // Elasticsearch's bcrypt and PBKDF2 formats; anything else (a clear-text value) is its 400
            if (passwordHash != null) PasswordHashes.requireSupported(passwordHash);
            JsonNode metadataNode = BodyFields.object(body, "metadata");
            Map<String, Object> metadata = metadataNode == null ? Map.of()
                    : Json.MAPPER.convertValue(metadataNode, new TypeReference<Map<String, Object>>() {});
            if (metadata.keySet().stream().anyMatch(k -> k.startsWith("_"))) {
                throw EsException.validation(List.of("metadata keys may not start with [_]"));
            }
            Boolean enabled = BodyFields.bool(body, "enabled");
            User user = new User(username, roles, BodyFields.string(body, "full_name"), BodyFields.string(body, "email"),
                    metadata, enabled == null || enabled);
            Future<String> hash = password == null ? Future.succeededFuture(passwordHash)
                    : vertx.executeBlocking(() -> Hasher.BCRYPT.hash(password.toCharArray()), false);
            return hash.compose(h -> users.exists(username).compose(exists -> {
                if (!exists && h == null) {
                    throw EsException.validation(List.of("password must be specified unless you are updating an existing user"));
                }
                return users.put(user, h, r.refresh());
            })).map(created -> {
                realm.invalidate(username);
                return Reply.ok(Json.object().put("created", created));
            });
        });
    }

    public Future<Reply> get(ApiRequest r) {
        return users.all().map(all -> {
            String requested = r.path("username");
            Set<String> names = requested == null ? null : Set.of(requested.split(","));
            ObjectNode body = Json.object();
            for (StoredUser u : all) {
                if (names == null || names.contains(u.user().username())) body.set(u.user().username(), render(u.user()));
            }
            return new Reply(names != null && body.isEmpty() ? 404 : 200, body);
        });
    }

    public Future<Reply> delete(ApiRequest r) {
        String username = r.path("username");
        return Future.succeededFuture().compose(v -> {
            if (UserStore.isReserved(username)) {
                throw EsException.validation(List.of("user [" + username + "] is reserved and cannot be deleted"));
            }
            return users.delete(username, r.refresh());
        }).map(found -> {
            realm.invalidate(username);
            return new Reply(found ? 200 : 404, Json.object().put("found", found));
        });
    }

    public Future<Reply> changePassword(ApiRequest r) {
        String username = r.path("username") != null ? r.path("username") : r.authentication().username();
        return Future.succeededFuture().compose(v -> {
            BodyFields.onlyKnown(r.body(), Set.of("password", "password_hash"), "change password request");
            String password = BodyFields.string(r.body(), "password");
            String passwordHash = BodyFields.string(r.body(), "password_hash");
            if (password == null && passwordHash == null) throw EsException.validation(List.of("password must be specified"));
            if (password != null && password.length() < 6) {
                throw EsException.validation(List.of("passwords must be at least [6] characters long"));
            }
            // a clear-text value passed as a hash would lock the user out: refused, as put user refuses it
            if (passwordHash != null) PasswordHashes.requireSupported(passwordHash);
            Future<String> hash = password == null ? Future.succeededFuture(passwordHash)
                    : vertx.executeBlocking(() -> Hasher.BCRYPT.hash(password.toCharArray()), false);
            return hash.compose(h -> users.setPassword(username, h, r.refresh()));
        }).map(found -> {
            if (!found) throw EsException.notFound("resource_not_found_exception", "user [" + username + "] does not exist");
            realm.invalidate(username);
            return Reply.ok(Json.object());
        });
    }

    public Future<Reply> setEnabled(ApiRequest r, boolean enabled) {
        String username = r.path("username");
        return Future.succeededFuture().compose(v -> {
            if (!enabled && username.equals(r.authentication().username()) && !r.authentication().isApiKey()) {
                throw EsException.validation(List.of("users may not update the enabled status of their own account"));
            }
            return users.setEnabled(username, enabled, r.refresh());
        }).map(found -> {
            if (!found) throw EsException.notFound("resource_not_found_exception", "user [" + username + "] does not exist");
            realm.invalidate(username);
            return Reply.ok(Json.object());
        });
    }

    static ObjectNode render(User u) {
        ObjectNode node = Json.object();
        node.put("username", u.username());
        node.set("roles", Json.MAPPER.valueToTree(u.roles()));
        node.put("full_name", u.fullName());
        node.put("email", u.email());
        node.set("metadata", Json.MAPPER.valueToTree(u.metadata()));
        node.put("enabled", u.enabled());
        return node;
    }
}
