package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authc.RealmRef;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;

import java.util.List;

/** {@code GET /_security/_authenticate}: who the caller is, as Elasticsearch describes it. */
public final class AuthenticateApi {

    public Future<Reply> authenticate(ApiRequest r) {
        Authentication auth = r.authentication();
        ObjectNode body = Json.object();
        body.put("username", auth.username());
        body.set("roles", Json.MAPPER.valueToTree(auth.isApiKey() ? List.of() : auth.user().roles()));
        body.put("full_name", auth.user().fullName());
        body.put("email", auth.user().email());
        body.set("metadata", Json.MAPPER.valueToTree(auth.user().metadata()));
        body.put("enabled", true);
        body.set("authentication_realm", realm(auth.realm()));
        body.set("lookup_realm", realm(auth.realm()));
        body.put("authentication_type", auth.isApiKey() ? "api_key" : "realm");
        if (auth.isApiKey()) {
            // managed_by and internal: required by current clients (elasticsearch-java 9.x)
            body.putObject("api_key").put("id", auth.apiKey().id()).put("name", auth.apiKey().name())
                    .put("managed_by", "elasticsearch").put("internal", false);
        }
        return Future.succeededFuture(Reply.ok(body));
    }

    private static ObjectNode realm(RealmRef realm) {
        return Json.object().put("name", realm.name()).put("type", realm.type());
    }
}
