package io.keygate.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authz.DenialMessages;
import io.keygate.core.authz.Subject;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.Actions;
import io.keygate.server.authc.BasicRealm;
import io.keygate.server.authz.AccessControl;
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
        String type = BodyFields.string(body, "grant_type");
        String username = BodyFields.string(body, "username");
        String password = BodyFields.string(body, "password");
        String accessToken = BodyFields.string(body, "access_token");
        String runAs = BodyFields.string(body, "run_as");
        JsonNode apiKey = BodyFields.object(body, "api_key");
        ApiKeysApi.CreateSpec spec = ApiKeysApi.CreateSpec.parse(apiKey == null ? io.keygate.server.http.Json.object() : apiKey,
                "api key request");
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
        errors.addAll(apiKeys.errors(spec));
        if (!errors.isEmpty()) throw EsException.validation(errors);
        Authentication caller = r.authentication();
        String refresh = r.refresh();
        return Future.succeededFuture().compose(v -> {
            if (type.equals("access_token")) {
                return Future.failedFuture(EsException.illegalArgument("grant_type [access_token] is not supported by Keygate: "
                        + "it has no token service to verify access tokens; use grant_type [password]"));
            }
            return realm.authenticate(username, password.toCharArray(), r.uri()).transform(ar -> ar.succeeded()
                    ? Future.succeededFuture(ar.result())
                    : Future.failedFuture(EsException.forbidden("Failed to authenticate api key grant")));
        }).compose(granted -> runAs == null ? Future.succeededFuture(granted) : runAs(granted, runAs))
                .compose(owner -> apiKeys.createFor(spec, owner, caller, refresh))
                .map(Reply::ok);
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
