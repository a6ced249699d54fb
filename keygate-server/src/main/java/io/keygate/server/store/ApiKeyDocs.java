package io.keygate.server.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.apikey.ApiKey;
import io.keygate.core.role.RoleDescriptorJson;
import io.keygate.server.wire.Json;

import java.time.Instant;
import java.util.Map;

/** An API key's document in the security index, with Elasticsearch's field names ({@code .security} layout). */
final class ApiKeyDocs {
    static final String DOC_TYPE = "api_key";
    static final int VERSION = 1;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private ApiKeyDocs() {}

    static ObjectNode toDoc(ApiKey key, String hash) {
        return toDoc(key, hash, null, null);
    }

    /** With a rotated-out secret's hash, accepted until {@code previousValidUntil} (Keygate's rotation). */
    static ObjectNode toDoc(ApiKey key, String hash, String previousHash, Instant previousValidUntil) {
        ObjectNode doc = Json.object();
        doc.put("doc_type", DOC_TYPE);
        doc.put("type", key.type());
        doc.put("name", key.name());
        doc.put("creation_time", key.creation().toEpochMilli());
        if (key.expiration() == null) doc.putNull("expiration_time");
        else doc.put("expiration_time", key.expiration().toEpochMilli());
        doc.put("api_key_invalidated", key.invalidated());
        if (key.invalidation() != null) doc.put("invalidation_time", key.invalidation().toEpochMilli());
        doc.put("api_key_hash", hash);
        doc.set("role_descriptors", RoleDescriptorJson.renderMap(key.roleDescriptors()));
        doc.set("limited_by_role_descriptors", RoleDescriptorJson.renderMap(key.limitedBy()));
        doc.put("version", VERSION);
        doc.set("metadata", Json.MAPPER.valueToTree(key.metadata()));
        // the searchable copy (flat_object: every leaf a keyword), for the query API's metadata.* fields
        doc.set("metadata_flattened", Json.MAPPER.valueToTree(key.metadata()));
        if (key.usage() != null) doc.set(USAGE, usage(key.usage()));
        if (previousHash != null && previousValidUntil != null) {
            doc.putObject(PREVIOUS_SECRET).put("hash", previousHash).put("valid_until", previousValidUntil.toEpochMilli());
        }
        ObjectNode creator = doc.putObject("creator");
        ApiKey.Owner owner = key.owner();
        creator.put("principal", owner.username());
        creator.put("full_name", owner.fullName());
        creator.put("email", owner.email());
        creator.set("metadata", Json.MAPPER.valueToTree(owner.metadata()));
        creator.put("realm", owner.realm());
        creator.put("realm_type", owner.realmType());
        return doc;
    }

    static boolean isApiKey(JsonNode doc) {
        return doc != null && DOC_TYPE.equals(doc.path("doc_type").asText());
    }

    static ApiKey fromDoc(String id, JsonNode doc) {
        JsonNode c = doc.path("creator");
        ApiKey.Owner owner = new ApiKey.Owner(c.path("principal").asText(), c.path("realm").asText(),
                text(c, "realm_type"), text(c, "full_name"), text(c, "email"), map(c.get("metadata")));
        return new ApiKey(id, text(doc, "name"), text(doc, "type"), instant(doc, "creation_time"),
                instant(doc, "expiration_time"), doc.path("api_key_invalidated").asBoolean(false),
                instant(doc, "invalidation_time"), owner, map(doc.get("metadata")),
                StoredDescriptors.parse(doc.get("role_descriptors")),
                StoredDescriptors.parse(doc.get("limited_by_role_descriptors")), usage(doc.get(USAGE)));
    }

    /** Keygate's usage record on a key's document (written by {@code ApiKeyUsageWriter}, kept by updates). */
    static final String USAGE = "keygate_usage";
    /** The secret a rotation replaced, while its grace period lasts: {@code {hash, valid_until}}. */
    static final String PREVIOUS_SECRET = "keygate_previous_secret";

    static ObjectNode usage(ApiKey.Usage u) {
        ObjectNode o = Json.object();
        if (u.lastUsed() != null) o.put("last_used", u.lastUsed().toEpochMilli());
        o.put("request_count", u.requestCount());
        if (u.lastAddress() != null) o.put("last_address", u.lastAddress());
        if (u.lastUserAgent() != null) o.put("last_user_agent", u.lastUserAgent());
        return o;
    }

    static ApiKey.Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) return null;
        return new ApiKey.Usage(instant(u, "last_used"), u.path("request_count").asLong(0), text(u, "last_address"),
                text(u, "last_user_agent"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : Instant.ofEpochMilli(v.asLong());
    }

    private static Map<String, Object> map(JsonNode v) {
        if (v == null || v.isNull()) return Map.of();
        if (v.isObject() && v.isEmpty()) return new java.util.LinkedHashMap<>(); // as convertValue gives it, without its cost
        return Json.MAPPER.convertValue(v, MAP);
    }
}
