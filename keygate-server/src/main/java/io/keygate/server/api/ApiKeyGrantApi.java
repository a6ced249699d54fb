package io.keygate.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authz.DenialMessages;
import io.keygate.core.authz.Subject;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.Actions;
import io.keygate.server.authc.BasicRealm;
import io.keygate.server.authz.AccessControl;
import io.keygate.server.wire.Json;
import io.keygate.server.store.UserStore;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST|PUT /_security/api_key/grant}: a caller holding {@code grant_api_key} creates a key on
 * behalf of a user whose password it presents (optionally run as another user the granted user may
 * impersonate). The key is owned by that user and limited by that user's roles, as if it had created
 * the key itself. Keygate has no token service, so {@code grant_type: access_token} is refused.
 */
public final class ApiKeyGrantApi {
    private static final Set<String> FIELDS = Set.of("grant_type", "username", "password", "access_token", "run_as",
            "api_key", "client_authentication");
    private static final Set<String> BULK_FIELDS = Set.of("grant_type", "username", "password", "access_token", "run_as",
            "api_keys", "client_authentication");

    private final ApiKeysApi apiKeys;
    private final BasicRealm realm;
    private final UserStore users;
    private final AccessControl access;

    public ApiKeyGrantApi(ApiKeysApi apiKeys, BasicRealm realm, UserStore users, AccessControl access) {
        this.apiKeys = apiKeys;
        this.realm = realm;
        this.users = users;
        this.access = access;
    }

    public Future<Reply> grant(ApiRequest r) {
        JsonNode body = r.body();
        BodyFields.onlyKnown(body, FIELDS, "grant api key request");
        JsonNode apiKey = BodyFields.object(body, "api_key");
        ApiKeysApi.CreateSpec spec = ApiKeysApi.CreateSpec.parse(apiKey == null ? Json.object() : apiKey, "api key request");
        Grant grant = Grant.parse(body);
        List<String> errors = grant.errors(body);
        errors.addAll(apiKeys.errors(spec));
        if (!errors.isEmpty()) throw EsException.validation(errors);
        Authentication caller = r.authentication();
        String refresh = r.refresh();
        return owner(grant, r.uri()).compose(owner -> apiKeys.createFor(spec, owner, caller, refresh)).map(Reply::ok);
    }

    /**
     * {@code POST /_security/api_key/_bulk_grant}: the same credentials once, several keys ({@code api_keys}, each as
     * grant's {@code api_key}), answered {@code {"created":[…]}} in request order. Every key is checked before any is
     * created, so a request with one invalid key creates none.
     */
    public Future<Reply> bulkGrant(ApiRequest r) {
        JsonNode body = r.body();
        BodyFields.onlyKnown(body, BULK_FIELDS, "bulk grant api key request");
        Grant grant = Grant.parse(body);
        List<String> errors = grant.errors(body);
        JsonNode keys = body.get("api_keys");
        if (keys != null && !keys.isNull() && !keys.isArray()) throw EsException.parse("[api_keys] must be an array of objects");
        List<ApiKeysApi.CreateSpec> specs = new ArrayList<>();
        if (keys == null || keys.isNull() || keys.isEmpty()) {
            errors.add("[api_keys] must not be empty");
        } else {
            for (JsonNode key : keys) {
                if (!key.isObject()) throw EsException.parse("[api_keys] must be an array of objects");
                ApiKeysApi.CreateSpec spec = ApiKeysApi.CreateSpec.parse(key, "api key request");
                errors.addAll(apiKeys.errors(spec));
                specs.add(spec);
            }
        }
        if (!errors.isEmpty()) throw EsException.validation(errors);
        Authentication caller = r.authentication();
        String refresh = r.refresh();
        return owner(grant, r.uri()).compose(owner -> {
            ObjectNode out = Json.object();
            ArrayNode created = out.putArray("created");
            Future<Void> chain = Future.succeededFuture();
            for (ApiKeysApi.CreateSpec spec : specs) {
                chain = chain.compose(v -> apiKeys.createFor(spec, owner, caller, refresh).map(key -> {
                    created.add(key);
                    return null;
                }));
            }
            return chain.map(v -> Reply.ok(out));
        });
    }

    /** The credentials of a grant, as the request gave them. */
    private record Grant(String type, String username, String password, String accessToken, String runAs) {
        static Grant parse(JsonNode body) {
            return new Grant(BodyFields.string(body, "grant_type"), BodyFields.string(body, "username"),
                    BodyFields.string(body, "password"), BodyFields.string(body, "access_token"), BodyFields.string(body, "run_as"));
        }

        List<String> errors(JsonNode body) {
            List<String> errors = new ArrayList<>();
            if (type == null) {
                errors.add("[grant_type] is required");
            } else if (type.equals("password")) {
                if (username == null || username.isEmpty()) errors.add("[username] is required for grant_type [password]");
                if (password == null || password.isEmpty()) errors.add("[password] is required for grant_type [password]");
                if (accessToken != null && !accessToken.isEmpty()) errors.add("[access_token] is not supported for grant_type [password]");
                if (body.hasNonNull("client_authentication")) errors.add("[client_authentication] is not supported for grant_type [password]");
            } else if (type.equals("access_token")) {
                if (accessToken == null || accessToken.isEmpty()) errors.add("[access_token] is required for grant_type [access_token]");
                if (username != null && !username.isEmpty()) errors.add("[username] is not supported for grant_type [access_token]");
                if (password != null && !password.isEmpty()) errors.add("[password] is not supported for grant_type [access_token]");
            } else {
                errors.add("grant_type [" + type + "] is not supported");
            }
            return errors;
        }
    }

    /** The user the key is granted to: the one whose password was presented, or whom it runs as. */
    private Future<Authentication> owner(Grant grant, String uri) {
        return Future.succeededFuture().compose(v -> {
            if (grant.type().equals("access_token")) {
                return Future.<Authentication>failedFuture(EsException.illegalArgument("grant_type [access_token] is not supported by Keygate: "
                        + "it has no token service to verify access tokens; use grant_type [password]"));
            }
            return realm.authenticate(grant.username(), grant.password().toCharArray(), uri).transform(ar -> ar.succeeded()
                    ? Future.succeededFuture(ar.result())
                    : Future.failedFuture(EsException.forbidden("Failed to authenticate api key grant")));
        }).compose(granted -> grant.runAs() == null ? Future.succeededFuture(granted) : runAs(granted, grant.runAs()));
    }

    /** The user the granted user impersonates, if its roles allow running as that user and it exists. */
    private Future<Authentication> runAs(Authentication granted, String target) {
        return access.roleOf(granted).compose(role -> {
            EsException denied = DenialMessages.actionDenied(
                    new Subject(granted.username(), granted.user().roles(), null, target), Actions.AUTHENTICATE);
            if (!role.grantsRunAs(target)) return Future.failedFuture(denied);
            return users.get(target).compose(stored -> stored == null || !stored.user().enabled()
                    ? Future.failedFuture(denied)
                    : Future.succeededFuture(Authentication.ofUser(stored.user(), stored.realm())));
        });
    }
}
