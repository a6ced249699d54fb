package io.keygate.server.it;

import co.elastic.clients.elasticsearch.security.ApiKey;
import co.elastic.clients.elasticsearch.security.CreateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.UpdateApiKeyRequest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static io.keygate.server.it.ApiKeysIT.create;
import static io.keygate.server.it.ApiKeysIT.elasticClient;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Update and the request rules (400s, 404s) of the API key endpoints. */
class ApiKeysUpdateIT {

    @Test
    void updateReplacesDescriptorsAndMetadata() throws Exception {
        CreateApiKeyResponse created = create(elasticClient(), ApiKeysIT.SEED);
        String key = "ApiKey " + created.encoded();
        String readTraces = "{\"index\":[{\"names\":[\"traces-apm-default\"],\"privileges\":[\"read\",\"create_doc\"]}]}";
        assertThat(call("POST", "/_security/user/_has_privileges", key, readTraces).json()
                .path("index").path("traces-apm-default").path("read").asBoolean()).isFalse();

        String update = """
                {"role_descriptors":{"reader":{"index":[{"names":["traces-apm*"],"privileges":["read"]}]}},"metadata":{"env":"prod"}}""";
        assertThat(elasticClient().security().updateApiKey(UpdateApiKeyRequest.of(b -> b.id(created.id())
                .withJson(new StringReader(update)))).updated()).isTrue();
        assertThat(elasticClient().security().updateApiKey(UpdateApiKeyRequest.of(b -> b.id(created.id())
                .withJson(new StringReader(update)))).updated()).isFalse();
        assertThat(elasticClient().security().updateApiKey(UpdateApiKeyRequest.of(b -> b.id(created.id()))).updated()).isFalse();

        ApiKey info = elasticClient().security().getApiKey(g -> g.id(created.id())).apiKeys().getFirst();
        assertThat(info.roleDescriptors()).containsOnlyKeys("reader");
        assertThat(info.metadata().get("env").to(String.class)).isEqualTo("prod");
        // the cache on this node was dropped at once: the key now reads, and no longer writes
        JsonNode now = call("POST", "/_security/user/_has_privileges", key, readTraces).json();
        assertThat(now.path("index").path("traces-apm-default").path("read").asBoolean()).isTrue();
        assertThat(now.path("index").path("traces-apm-default").path("create_doc").asBoolean()).isFalse();

        // without manage_own_api_key: ES's 403; with it: an API key still cannot update keys (400)
        assertThat(call("PUT", "/_security/api_key/" + created.id(), key, "{}").status()).isEqualTo(403);
        CreateApiKeyResponse manager = create(elasticClient(),
                "{\"name\":\"manager\",\"role_descriptors\":{\"m\":{\"cluster\":[\"manage_own_api_key\"]}}}");
        TestKeygate.Response byKey = call("PUT", "/_security/api_key/" + created.id(), "ApiKey " + manager.encoded(), "{}");
        assertThat(byKey.status()).isEqualTo(400);
        assertThat(byKey.json().path("error").path("reason").asText())
                .isEqualTo("authentication via API key not supported: only the owner user can update an API key");

        TestKeygate.Response missing = call("PUT", "/_security/api_key/nosuchkey", elastic(), "{}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").path("type").asText()).isEqualTo("resource_not_found_exception");
        assertThat(missing.json().path("error").path("reason").asText())
                .isEqualTo("no API key owned by requesting user found for ID [nosuchkey]");

        elasticClient().security().invalidateApiKey(i -> i.ids(created.id()));
        TestKeygate.Response dead = call("PUT", "/_security/api_key/" + created.id(), elastic(), "{}");
        assertThat(dead.status()).isEqualTo(400);
        assertThat(dead.json().path("error").path("reason").asText()).isEqualTo("cannot update invalidated API key [" + created.id() + "]");
    }

    @Test
    void expirationCanBeSetByUpdate() throws Exception {
        CreateApiKeyResponse created = create(elasticClient(), "{\"name\":\"extend-me\"}");
        assertThat(call("PUT", "/_security/api_key/" + created.id(), elastic(), "{\"expiration\":\"1d\"}").json()
                .path("updated").asBoolean()).isTrue();
        ApiKey info = elasticClient().security().getApiKey(g -> g.id(created.id())).apiKeys().getFirst();
        assertThat(info.expiration()).isBetween(System.currentTimeMillis() + 86_000_000L, System.currentTimeMillis() + 86_500_000L);
    }

    @Test
    void requestRulesAreElasticsearchs() {
        TestKeygate.Response unknownPrivilege = call("POST", "/_security/api_key", elastic(),
                "{\"name\":\"bad\",\"role_descriptors\":{\"r\":{\"cluster\":[\"foo\"],\"indices\":[{\"names\":[\"i\"],\"privileges\":[\"bar\"]}]}}}");
        assertThat(unknownPrivilege.status()).isEqualTo(400);
        JsonNode error = unknownPrivilege.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("action_request_validation_exception");
        assertThat(error.path("reason").asText()).startsWith("Validation Failed: 1: unknown cluster privilege [foo]. ")
                .contains("2: unknown index privilege [bar]. ");

        assertThat(call("POST", "/_security/api_key", elastic(), "{}").json().path("error").path("reason").asText())
                .isEqualTo("Validation Failed: 1: api key name is required;");
        assertThat(call("POST", "/_security/api_key", elastic(), "{\"name\":\"_x\",\"metadata\":{\"_y\":1}}").json()
                .path("error").path("reason").asText())
                .isEqualTo("Validation Failed: 1: api key name may not begin with an underscore;2: API key metadata keys may not start with [_];");
        TestKeygate.Response badExpiry = call("POST", "/_security/api_key", elastic(), "{\"name\":\"x\",\"expiration\":\"soon\"}");
        assertThat(badExpiry.status()).isEqualTo(400);
        assertThat(badExpiry.json().path("error").path("type").asText()).isEqualTo("parse_exception");
        TestKeygate.Response unknownField = call("POST", "/_security/api_key", elastic(), "{\"name\":\"x\",\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        TestKeygate.Response roleField = call("POST", "/_security/api_key", elastic(), "{\"name\":\"x\",\"role_descriptors\":{\"r\":{\"foo\":1}}}");
        assertThat(roleField.json().path("error").path("reason").asText()).isEqualTo("failed to parse role [r]. unexpected field [foo]");

        TestKeygate.Response idAndName = call("GET", "/_security/api_key?id=a&name=b&username=c", elastic(), null);
        assertThat(idAndName.status()).isEqualTo(400);
        assertThat(idAndName.json().path("error").path("reason").asText()).isEqualTo("Validation Failed: "
                + "1: username or realm name must not be specified when the api key id or api key name is specified;"
                + "2: only one of [api key id, api key name] can be specified;");
        assertThat(call("GET", "/_security/api_key?owner=true&username=c", elastic(), null).json().path("error").path("reason").asText())
                .isEqualTo("Validation Failed: 1: neither username nor realm-name may be specified when retrieving owned API keys;");
        TestKeygate.Response unknownId = call("GET", "/_security/api_key?id=nosuchkey", elastic(), null);
        assertThat(unknownId.status()).isEqualTo(404);
        assertThat(unknownId.json().toString()).isEqualTo("{\"api_keys\":[]}");
        assertThat(call("GET", "/_security/api_key?name=nosuchname", elastic(), null).status()).isEqualTo(200);

        TestKeygate.Response nothing = call("DELETE", "/_security/api_key", elastic(), "{}");
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.json().path("error").path("reason").asText()).isEqualTo("Validation Failed: "
                + "1: One of [api key id, api key name, username, realm name] must be specified if [owner] flag is false;");
        assertThat(call("DELETE", "/_security/api_key", elastic(), "{\"ids\":[]}").status()).isEqualTo(400);
        TestKeygate.Response none = call("DELETE", "/_security/api_key", elastic(), "{\"ids\":[\"nosuchkey\"]}");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().toString())
                .isEqualTo("{\"invalidated_api_keys\":[],\"previously_invalidated_api_keys\":[],\"error_count\":0}");
    }

    @Test
    void namesMatchExactlyOrByPrefixAndInvalidateByName() throws Exception {
        CreateApiKeyResponse a = create(elasticClient(), "{\"name\":\"prefix-test-one\"}");
        CreateApiKeyResponse b = create(elasticClient(), "{\"name\":\"prefix-test-two\"}");
        assertThat(elasticClient().security().getApiKey(g -> g.name("prefix-test-one")).apiKeys())
                .extracting(ApiKey::id).containsExactly(a.id());
        assertThat(elasticClient().security().getApiKey(g -> g.name("prefix-test-*")).apiKeys())
                .extracting(ApiKey::id).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(elasticClient().security().getApiKey(g -> g.name("*")).apiKeys().size()).isGreaterThanOrEqualTo(2);
        assertThat(elasticClient().security().invalidateApiKey(i -> i.name("prefix-test-*")).invalidatedApiKeys())
                .containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(elasticClient().security().getApiKey(g -> g.name("prefix-test-*").activeOnly(true)).apiKeys()).isEmpty();
    }
}
