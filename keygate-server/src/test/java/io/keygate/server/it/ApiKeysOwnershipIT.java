package io.keygate.server.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.security.ApiKey;
import co.elastic.clients.elasticsearch.security.CreateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.InvalidateApiKeyResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.keygate.server.it.ApiKeysIT.create;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code manage_own_api_key} against {@code manage_api_key}, and API keys acting on keys. */
class ApiKeysOwnershipIT {
    static final String PW = "own-keys-pass";

    @BeforeAll
    static void usersAndRoles() {
        assertThat(call("PUT", "/_security/role/own_keys", elastic(), "{\"cluster\":[\"manage_own_api_key\"]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/role/key_admin", elastic(), "{\"cluster\":[\"manage_api_key\"]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/role/key_reader", elastic(), "{\"cluster\":[\"read_security\"]}").status()).isEqualTo(200);
        for (String[] u : List.of(new String[] {"own_alice", "own_keys"}, new String[] {"own_bob", "own_keys"},
                new String[] {"key_admin_carol", "key_admin"}, new String[] {"key_reader_dan", "key_reader"},
                new String[] {"nobody_erin", "viewer"})) {
            assertThat(call("PUT", "/_security/user/" + u[0], elastic(),
                    "{\"password\":\"" + PW + "\",\"roles\":[\"" + u[1] + "\"]}").status()).isEqualTo(200);
        }
    }

    static ElasticsearchClient as(String user) {
        return TestKeygate.client(user, PW);
    }

    @Test
    void ownKeysOnly() throws Exception {
        CreateApiKeyResponse alices = create(as("own_alice"), "{\"name\":\"alice-1\",\"metadata\":{\"team\":\"a\"}}");
        CreateApiKeyResponse bobs = create(as("own_bob"), "{\"name\":\"bob-1\"}");

        List<ApiKey> mine = as("own_alice").security().getApiKey(g -> g.owner(true)).apiKeys();
        assertThat(mine).extracting(ApiKey::id).contains(alices.id()).doesNotContain(bobs.id());
        assertThat(mine).allSatisfy(k -> {
            assertThat(k.username()).isEqualTo("own_alice");
            assertThat(k.realm()).isEqualTo("default_native");
        });
        assertThat(as("own_alice").security().getApiKey(g -> g.username("own_alice").realmName("default_native")).apiKeys())
                .extracting(ApiKey::id).contains(alices.id()).doesNotContain(bobs.id());

        TestKeygate.Response others = call("GET", "/_security/api_key?id=" + bobs.id(), basic("own_alice", PW), null);
        assertThat(others.status()).isEqualTo(403);
        assertThat(others.json().path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(others.json().path("error").path("reason").asText()).startsWith(
                "action [cluster:admin/xpack/security/api_key/get] is unauthorized for user [own_alice] with effective roles "
                        + "[own_keys], this action is granted by the cluster privileges [");
        TestKeygate.Response allKeys = call("GET", "/_security/api_key", basic("own_alice", PW), null);
        assertThat(allKeys.status()).isEqualTo(403);
        TestKeygate.Response invalidateOthers = call("DELETE", "/_security/api_key", basic("own_alice", PW),
                "{\"ids\":[\"" + bobs.id() + "\"]}");
        assertThat(invalidateOthers.status()).isEqualTo(403);
        assertThat(invalidateOthers.json().path("error").path("reason").asText()).startsWith(
                "action [cluster:admin/xpack/security/api_key/invalidate] is unauthorized for user [own_alice]");

        // a manage_own_api_key key may read itself by id, nothing else
        ElasticsearchClient alicesKey = TestKeygate.apiKeyClient(alices.encoded());
        assertThat(alicesKey.security().getApiKey(g -> g.id(alices.id())).apiKeys()).extracting(ApiKey::id).containsExactly(alices.id());
        assertThat(call("GET", "/_security/api_key?id=" + alices.id() + "&with_limited_by=true", "ApiKey " + alices.encoded(), null)
                .status()).isEqualTo(403);
        TestKeygate.Response keyOthers = call("GET", "/_security/api_key?owner=true", "ApiKey " + alices.encoded(), null);
        assertThat(keyOthers.status()).isEqualTo(403);
        assertThat(keyOthers.json().path("error").path("reason").asText())
                .startsWith("action [cluster:admin/xpack/security/api_key/get] is unauthorized for API key id [" + alices.id()
                        + "] of user [own_alice], this action is granted by the cluster privileges [");

        // manage_api_key sees and invalidates everybody's; read_security reads only; no privilege: 403
        assertThat(as("key_admin_carol").security().getApiKey(g -> g.username("own_bob")).apiKeys())
                .extracting(ApiKey::id).contains(bobs.id()).doesNotContain(alices.id());
        assertThat(as("key_reader_dan").security().getApiKey(g -> g.id(bobs.id())).apiKeys()).hasSize(1);
        assertThat(call("DELETE", "/_security/api_key", basic("key_reader_dan", PW), "{\"ids\":[\"" + bobs.id() + "\"]}").status())
                .isEqualTo(403);
        assertThat(call("GET", "/_security/api_key", basic("nobody_erin", PW), null).status()).isEqualTo(403);
        assertThat(call("POST", "/_security/api_key", basic("nobody_erin", PW), "{\"name\":\"x\"}").status()).isEqualTo(403);

        InvalidateApiKeyResponse own = as("own_alice").security().invalidateApiKey(i -> i.owner(true));
        assertThat(own.invalidatedApiKeys()).contains(alices.id()).doesNotContain(bobs.id());
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + alices.encoded(), null).status()).isEqualTo(401);
        InvalidateApiKeyResponse byAdmin = as("key_admin_carol").security().invalidateApiKey(i -> i.username("own_bob"));
        assertThat(byAdmin.invalidatedApiKeys()).contains(bobs.id());
    }

    @Test
    void apiKeysCreateOnlyPrivilegelessDerivedKeys() throws Exception {
        CreateApiKeyResponse parent = create(ApiKeysIT.elasticClient(), "{\"name\":\"parent\"}");
        String header = "ApiKey " + parent.encoded();
        for (String body : List.of("{\"name\":\"child\"}", "{\"name\":\"child\",\"role_descriptors\":{}}",
                "{\"name\":\"child\",\"role_descriptors\":{\"r\":{\"cluster\":[\"monitor\"]}}}")) {
            TestKeygate.Response refused = call("POST", "/_security/api_key", header, body);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("error").path("type").asText()).isEqualTo("illegal_argument_exception");
            assertThat(refused.json().path("error").path("reason").asText())
                    .isEqualTo("creating derived api keys requires an explicit role descriptor that is empty (has no privileges)");
        }
        CreateApiKeyResponse child = create(TestKeygate.apiKeyClient(parent.encoded()), "{\"name\":\"child\",\"role_descriptors\":{\"noop\":{}}}");
        var me = TestKeygate.apiKeyClient(child.encoded()).security().authenticate();
        assertThat(me.username()).isEqualTo("elastic");
        assertThat(me.apiKey().id()).isEqualTo(child.id());
        ApiKey info = ApiKeysIT.elasticClient().security().getApiKey(g -> g.id(child.id())).apiKeys().getFirst();
        assertThat(info.username()).isEqualTo("elastic");
        assertThat(info.realm()).isEqualTo("reserved");
        assertThat(call("GET", "/_security/api_key?owner=true", "ApiKey " + child.encoded(), null).status()).isEqualTo(403);
        JsonNode noPrivileges = call("POST", "/_security/user/_has_privileges", "ApiKey " + child.encoded(),
                "{\"cluster\":[\"monitor\"],\"index\":[{\"names\":[\"anything\"],\"privileges\":[\"read\"]}]}").json();
        assertThat(noPrivileges.path("has_all_requested").asBoolean()).isFalse();
        assertThat(noPrivileges.path("cluster").path("monitor").asBoolean()).isFalse();
    }
}
