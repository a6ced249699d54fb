package io.keygate.server.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.security.ApiKey;
import co.elastic.clients.elasticsearch.security.BulkUpdateApiKeysRequest;
import co.elastic.clients.elasticsearch.security.BulkUpdateApiKeysResponse;
import co.elastic.clients.elasticsearch.security.ClearApiKeyCacheResponse;
import co.elastic.clients.elasticsearch.security.CreateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.GrantApiKeyResponse;
import co.elastic.clients.elasticsearch.security.grant_api_key.ApiKeyGrantType;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.UUID;

import static io.keygate.server.it.ApiKeysIT.create;
import static io.keygate.server.it.ApiKeysIT.elasticClient;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Bulk update, grant and clear cache through the official client, and their refusals over plain HTTP. */
class ApiKeysAdminIT {
    static final String PW = "admin-keys-pass";
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void usersAndRoles() {
        put("/_security/role/g_granter", "{\"cluster\":[\"grant_api_key\"]}");
        put("/_security/role/g_own", "{\"cluster\":[\"manage_own_api_key\"]}");
        put("/_security/role/g_target_role", "{\"cluster\":[\"monitor\"],\"indices\":[{\"names\":[\"gi-*\"],\"privileges\":[\"read\"]}]}");
        put("/_security/role/g_runner_role", "{\"run_as\":[\"g_other\"]}");
        for (String[] u : List.of(new String[] {"g_granter", "g_granter"}, new String[] {"g_own_user", "g_own"},
                new String[] {"g_target", "g_target_role"}, new String[] {"g_runner", "g_runner_role"},
                new String[] {"g_other", "g_target_role"})) {
            put("/_security/user/" + u[0], "{\"password\":\"" + PW + "\",\"roles\":[\"" + u[1] + "\"]}");
        }
    }

    private static void put(String path, String body) {
        assertThat(call("PUT", path, elastic(), body).status()).as(path).isEqualTo(200);
    }

    // ---- bulk update ---------------------------------------------------------------------------------

    @Test
    void bulkUpdateReportsUpdatedNoopsAndErrors() throws Exception {
        CreateApiKeyResponse one = create(elasticClient(), "{\"name\":\"bulk-" + RUN + "-1\"}");
        CreateApiKeyResponse two = create(elasticClient(), "{\"name\":\"bulk-" + RUN + "-2\",\"metadata\":{\"v\":1}}");
        CreateApiKeyResponse dead = create(elasticClient(), "{\"name\":\"bulk-" + RUN + "-3\"}");
        elasticClient().security().invalidateApiKey(i -> i.ids(dead.id()));
        String body = "{\"ids\":[\"" + one.id() + "\",\"" + two.id() + "\",\"" + dead.id() + "\",\"nosuchkey\"],"
                + "\"metadata\":{\"v\":2},\"role_descriptors\":{\"r\":{\"indices\":[{\"names\":[\"bulk-*\"],\"privileges\":[\"read\"]}]}}}";
        BulkUpdateApiKeysResponse first = elasticClient().security().bulkUpdateApiKeys(
                BulkUpdateApiKeysRequest.of(b -> b.withJson(new StringReader(body))));
        assertThat(first.updated()).containsExactly(one.id(), two.id());
        assertThat(first.noops()).isEmpty();
        assertThat(first.errors().count()).isEqualTo(2);
        assertThat(first.errors().details().get(dead.id()).type()).isEqualTo("illegal_argument_exception");
        assertThat(first.errors().details().get(dead.id()).reason()).isEqualTo("cannot update invalidated API key [" + dead.id() + "]");
        assertThat(first.errors().details().get("nosuchkey").type()).isEqualTo("resource_not_found_exception");
        assertThat(first.errors().details().get("nosuchkey").reason()).isEqualTo("no API key owned by requesting user found for ID [nosuchkey]");

        ApiKey updated = elasticClient().security().getApiKey(g -> g.id(two.id())).apiKeys().getFirst();
        assertThat(updated.metadata().get("v").to(Integer.class)).isEqualTo(2);
        assertThat(updated.roleDescriptors()).containsOnlyKeys("r");
        // visible to queries at once (one refresh at the end of the bulk)
        assertThat(call("POST", "/_security/_query/api_key", elastic(), "{\"query\":{\"term\":{\"metadata.v\":\"2\"}}}")
                .json().path("total").asInt()).isGreaterThanOrEqualTo(2);

        BulkUpdateApiKeysResponse again = elasticClient().security().bulkUpdateApiKeys(
                BulkUpdateApiKeysRequest.of(b -> b.withJson(new StringReader("{\"ids\":[\"" + one.id() + "\",\"" + two.id()
                        + "\"],\"metadata\":{\"v\":2},\"role_descriptors\":{\"r\":{\"indices\":[{\"names\":[\"bulk-*\"],\"privileges\":[\"read\"]}]}}}"))));
        assertThat(again.updated()).isEmpty();
        assertThat(again.noops()).containsExactly(one.id(), two.id());
        assertThat(again.errors()).isNull();
        assertThat(call("POST", "/_security/api_key/_bulk_update", elastic(), "{\"ids\":\"" + one.id() + "\"}").json().toString())
                .isEqualTo("{\"updated\":[],\"noops\":[\"" + one.id() + "\"]}");
    }

    @Test
    void bulkUpdateRefusals() throws Exception {
        TestKeygate.Response noIds = call("POST", "/_security/api_key/_bulk_update", elastic(), "{\"metadata\":{}}");
        assertThat(noIds.status()).isEqualTo(400);
        assertThat(noIds.json().path("error").path("reason").asText()).isEqualTo("Required [ids]");
        TestKeygate.Response empty = call("POST", "/_security/api_key/_bulk_update", elastic(), "{\"ids\":[]}");
        assertThat(empty.json().path("error").path("reason").asText()).isEqualTo("Validation Failed: 1: Field [ids] cannot be empty;");
        CreateApiKeyResponse key = create(elasticClient(), "{\"name\":\"bulk-by-key-" + RUN + "\"}");
        TestKeygate.Response byKey = call("POST", "/_security/api_key/_bulk_update", "ApiKey " + key.encoded(),
                "{\"ids\":[\"" + key.id() + "\"]}");
        assertThat(byKey.status()).isEqualTo(400);
        assertThat(byKey.json().path("error").path("reason").asText())
                .isEqualTo("authentication via API key not supported: only the owner user can update an API key");
        // manage_own_api_key: another user's key is "not found" in errors, not a 403
        JsonNode others = call("POST", "/_security/api_key/_bulk_update", basic("g_own_user", PW),
                "{\"ids\":[\"" + key.id() + "\"]}").json();
        assertThat(others.path("errors").path("details").path(key.id()).path("type").asText()).isEqualTo("resource_not_found_exception");
    }

    // ---- grant ---------------------------------------------------------------------------------------

    @Test
    void grantCreatesAKeyOwnedByTheGrantedUser() throws Exception {
        ElasticsearchClient granter = TestKeygate.client("g_granter", PW);
        GrantApiKeyResponse granted = granter.security().grantApiKey(g -> g.grantType(ApiKeyGrantType.Password)
                .username("g_target").password(PW).apiKey(k -> k.name("granted-" + RUN).expiration(e -> e.time("1d"))));
        assertThat(granted.name()).isEqualTo("granted-" + RUN);
        assertThat(granted.expiration()).isNotNull();
        var me = TestKeygate.apiKeyClient(granted.encoded()).security().authenticate();
        assertThat(me.username()).isEqualTo("g_target");
        assertThat(me.apiKey().id()).isEqualTo(granted.id());
        ApiKey info = elasticClient().security().getApiKey(g -> g.id(granted.id()).withLimitedBy(true)).apiKeys().getFirst();
        assertThat(info.username()).isEqualTo("g_target");
        assertThat(info.realm()).isEqualTo("default_native");
        assertThat(info.limitedBy().getFirst()).containsOnlyKeys("g_target_role");
        JsonNode privileges = call("POST", "/_security/user/_has_privileges", "ApiKey " + granted.encoded(),
                "{\"cluster\":[\"monitor\",\"manage_security\"],\"index\":[{\"names\":[\"gi-1\"],\"privileges\":[\"read\"]}]}").json();
        assertThat(privileges.path("cluster").path("monitor").asBoolean()).isTrue();
        assertThat(privileges.path("cluster").path("manage_security").asBoolean()).isFalse();
        assertThat(privileges.path("index").path("gi-1").path("read").asBoolean()).isTrue();

        // run_as: the granted user may impersonate g_other, so the key is g_other's
        GrantApiKeyResponse runAs = granter.security().grantApiKey(g -> g.grantType(ApiKeyGrantType.Password)
                .username("g_runner").password(PW).runAs("g_other").apiKey(k -> k.name("granted-runas-" + RUN)));
        assertThat(TestKeygate.apiKeyClient(runAs.encoded()).security().authenticate().username()).isEqualTo("g_other");
        TestKeygate.Response notAllowed = call("POST", "/_security/api_key/grant", basic("g_granter", PW),
                "{\"grant_type\":\"password\",\"username\":\"g_runner\",\"password\":\"" + PW + "\",\"run_as\":\"g_target\","
                        + "\"api_key\":{\"name\":\"x\"}}");
        assertThat(notAllowed.status()).isEqualTo(403);
        assertThat(notAllowed.json().path("error").path("reason").asText()).startsWith("action [cluster:admin/xpack/security/user/authenticate] "
                + "is unauthorized for user [g_runner] run as [g_target]");
    }

    @Test
    void grantRefusals() {
        TestKeygate.Response wrongPassword = call("POST", "/_security/api_key/grant", basic("g_granter", PW),
                "{\"grant_type\":\"password\",\"username\":\"g_target\",\"password\":\"wrong\",\"api_key\":{\"name\":\"x\"}}");
        assertThat(wrongPassword.status()).isEqualTo(403);
        assertThat(wrongPassword.json().path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(wrongPassword.json().path("error").path("reason").asText()).isEqualTo("Failed to authenticate api key grant");

        TestKeygate.Response ownKeysOnly = call("PUT", "/_security/api_key/grant", basic("g_own_user", PW),
                "{\"grant_type\":\"password\",\"username\":\"g_target\",\"password\":\"" + PW + "\",\"api_key\":{\"name\":\"x\"}}");
        assertThat(ownKeysOnly.status()).isEqualTo(403);
        assertThat(ownKeysOnly.json().path("error").path("reason").asText()).isEqualTo(
                "action [cluster:admin/xpack/security/api_key/grant] is unauthorized for user [g_own_user] with effective roles "
                        + "[g_own], this action is granted by the cluster privileges [grant_api_key,manage_api_key,manage_security,all]");

        TestKeygate.Response token = call("POST", "/_security/api_key/grant", basic("g_granter", PW),
                "{\"grant_type\":\"access_token\",\"access_token\":\"abc\",\"api_key\":{\"name\":\"x\"}}");
        assertThat(token.status()).isEqualTo(400);
        assertThat(token.json().path("error").path("reason").asText()).startsWith("grant_type [access_token] is not supported by Keygate");

        TestKeygate.Response invalid = call("POST", "/_security/api_key/grant", basic("g_granter", PW),
                "{\"grant_type\":\"password\",\"access_token\":\"abc\",\"api_key\":{}}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("error").path("reason").asText()).isEqualTo("Validation Failed: "
                + "1: [username] is required for grant_type [password];2: [password] is required for grant_type [password];"
                + "3: [access_token] is not supported for grant_type [password];4: api key name is required;");
        assertThat(call("POST", "/_security/api_key/grant", basic("g_granter", PW), "{\"api_key\":{\"name\":\"x\"}}")
                .json().path("error").path("reason").asText()).isEqualTo("Validation Failed: 1: [grant_type] is required;");
    }

    // ---- clear cache ---------------------------------------------------------------------------------

    @Test
    void clearCacheMakesTheNodeReadKeysAgain() throws Exception {
        CreateApiKeyResponse key = create(elasticClient(), "{\"name\":\"cached-" + RUN + "\"}");
        String header = "ApiKey " + key.encoded();
        // changes made through Keygate reach every node's cache through the change feed (changed_time);
        // a change written straight into the index, with no changed_time, only a cache clear makes visible
        assertThat(TestKeygate.backend("POST", "/.keygate-security/_update/" + key.id() + "?refresh=true",
                "{\"doc\":{\"changed_time\":0}}").status()).isEqualTo(200);
        Thread.sleep(1_000); // let the change feed's last poll that still saw the key's creation pass
        assertThat(call("GET", "/_security/_authenticate", header, null).status()).isEqualTo(200);
        assertThat(TestKeygate.backend("POST", "/.keygate-security/_update/" + key.id() + "?refresh=true",
                "{\"doc\":{\"api_key_invalidated\":true,\"changed_time\":0,\"invalidation_time\":"
                        + System.currentTimeMillis() + "}}").status()).isEqualTo(200);
        assertThat(call("GET", "/_security/_authenticate", header, null).status()).isEqualTo(200);
        // ... until its cache entry is cleared
        ClearApiKeyCacheResponse cleared = elasticClient().security().clearApiKeyCache(c -> c.ids("nosuchkey", key.id()));
        assertThat(cleared.nodeStats().total()).isEqualTo(1);
        assertThat(cleared.nodeStats().successful()).isEqualTo(1);
        assertThat(cleared.nodeStats().failed()).isZero();
        assertThat(cleared.clusterName()).isNotBlank();
        assertThat(cleared.nodes()).hasSize(1);
        assertThat(cleared.nodes().values().iterator().next().name()).isNotBlank();
        assertThat(call("GET", "/_security/_authenticate", header, null).status()).isEqualTo(401);

        assertThat(elasticClient().security().clearApiKeyCache(c -> c.ids("*")).nodes()).hasSize(1);
        TestKeygate.Response denied = call("POST", "/_security/api_key/*/_clear_cache", basic("g_own_user", PW), null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("error").path("reason").asText()).startsWith(
                "action [cluster:admin/xpack/security/cache/clear] is unauthorized for user [g_own_user]");
    }
}
