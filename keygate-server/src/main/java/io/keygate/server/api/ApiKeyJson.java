package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.apikey.ApiKey;
import io.keygate.core.role.RoleDescriptorJson;
import io.keygate.server.wire.Json;

/** The API key info object of get (and later query) responses, field for field as Elasticsearch writes it. */
final class ApiKeyJson {
    private ApiKeyJson() {}

    static ObjectNode info(ApiKey key, boolean withLimitedBy) {
        ObjectNode o = Json.object();
        o.put("id", key.id());
        o.put("name", key.name());
        o.put("type", key.type());
        o.put("creation", key.creation().toEpochMilli());
        if (key.expiration() != null) o.put("expiration", key.expiration().toEpochMilli());
        o.put("invalidated", key.invalidated());
        if (key.invalidated() && key.invalidation() != null) o.put("invalidation", key.invalidation().toEpochMilli());
        o.put("username", key.owner().username());
        o.put("realm", key.owner().realm());
        if (key.owner().realmType() != null) o.put("realm_type", key.owner().realmType());
        o.set("metadata", Json.MAPPER.valueToTree(key.metadata()));
        o.set("role_descriptors", RoleDescriptorJson.renderMap(key.roleDescriptors()));
        if (withLimitedBy && ApiKey.TYPE_REST.equals(key.type())) {
            o.putArray("limited_by").add(RoleDescriptorJson.renderMap(key.limitedBy()));
        }
        // Keygate's extension, absent for a key never used: official clients skip fields they do not know
        ApiKey.Usage u = key.usage();
        if (u != null) {
            ObjectNode usage = o.putObject("keygate_usage");
            if (u.lastUsed() != null) usage.put("last_used", u.lastUsed().toEpochMilli());
            usage.put("request_count", u.requestCount());
            if (u.lastAddress() != null) usage.put("last_address", u.lastAddress());
            if (u.lastUserAgent() != null) usage.put("last_user_agent", u.lastUserAgent());
        }
        return o;
    }
}
