package io.keygate.server.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.security.ApiKey;
import co.elastic.clients.elasticsearch.security.AuthenticateResponse;
import co.elastic.clients.elasticsearch.security.CreateApiKeyRequest;
import co.elastic.clients.elasticsearch.security.CreateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.HasPrivilegesRequest;
import co.elastic.clients.elasticsearch.security.HasPrivilegesResponse;
import co.elastic.clients.elasticsearch.security.InvalidateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.RoleDescriptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** The seed's lifecycle: create, authenticate, read, check privileges, invalidate, through the official client. */
class ApiKeysIT {
    static final String SEED = """
            {"name":"apm_host001","role_descriptors":{
              "apm_writer":{"cluster":["monitor"],"index":[{"names":["traces-apm*","logs-apm*","metrics-apm*"],"privileges":["auto_configure","create_doc"]}]},
              "apm_sourcemap":{"index":[{"names":[".apm-source-map"],"privileges":["read"]}]},
              "apm_agentcfg":{"index":[{"names":[".apm-agent-configuration"],"privileges":["read"],"allow_restricted_indices":true}]}}}""";

    static ElasticsearchClient elasticClient() {
        return TestKeygate.client("elastic", TestKeygate.ELASTIC_PASSWORD);
    }

    static CreateApiKeyResponse create(ElasticsearchClient client, String json) throws Exception {
        return client.security().createApiKey(CreateApiKeyRequest.of(b -> b.withJson(new StringReader(json))));
    }

    static String apiKeyHeader(String encoded) {
        return "ApiKey " + encoded;
    }

    @Test
    void seedKeyLifecycle() throws Exception {
        CreateApiKeyResponse created = create(elasticClient(), SEED);
        assertThat(created.id()).hasSize(20).matches("[A-Za-z0-9_-]+");
        assertThat(created.apiKey()).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(created.name()).isEqualTo("apm_host001");
        assertThat(created.expiration()).isNull();
        assertThat(created.encoded()).isEqualTo(Base64.getEncoder()
                .encodeToString((created.id() + ":" + created.apiKey()).getBytes(StandardCharsets.UTF_8)));

        ElasticsearchClient key = TestKeygate.apiKeyClient(created.encoded());
        AuthenticateResponse me = key.security().authenticate();
        assertThat(me.authenticationType()).isEqualTo("api_key");
        assertThat(me.username()).isEqualTo("elastic");
        assertThat(me.roles()).isEmpty();
        assertThat(me.apiKey().id()).isEqualTo(created.id());
        assertThat(me.apiKey().name()).isEqualTo("apm_host001");
        assertThat(me.authenticationRealm().name()).isEqualTo("_es_api_key");
        assertThat(me.authenticationRealm().type()).isEqualTo("_es_api_key");

        List<ApiKey> got = elasticClient().security().getApiKey(g -> g.id(created.id())).apiKeys();
        assertThat(got).hasSize(1);
        ApiKey info = got.getFirst();
        assertThat(info.name()).isEqualTo("apm_host001");
        assertThat(info.username()).isEqualTo("elastic");
        assertThat(info.realm()).isEqualTo("reserved");
        assertThat(info.invalidated()).isFalse();
        assertThat(info.expiration()).isNull();
        assertThat(info.limitedBy()).isNullOrEmpty();
        assertThat(info.roleDescriptors()).containsOnlyKeys("apm_writer", "apm_sourcemap", "apm_agentcfg");
        RoleDescriptor agentcfg = info.roleDescriptors().get("apm_agentcfg");
        assertThat(agentcfg.indices().getFirst().allowRestrictedIndices()).isTrue();

        TestKeygate.Response raw = call("GET", "/_security/api_key?id=" + created.id() + "&with_limited_by=true", elastic(), null);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.text()).doesNotContain(created.apiKey()).doesNotContain("hash").doesNotContain("SSHA256");
        JsonNode rawKey = raw.json().path("api_keys").get(0);
        assertThat(rawKey.path("role_descriptors").path("apm_sourcemap").toString()).isEqualTo(
                "{\"cluster\":[],\"indices\":[{\"names\":[\".apm-source-map\"],\"privileges\":[\"read\"],"
                        + "\"allow_restricted_indices\":false}],\"applications\":[],\"run_as\":[],\"metadata\":{},"
                        + "\"transient_metadata\":{\"enabled\":true}}");
        assertThat(rawKey.path("limited_by").get(0).has("superuser")).isTrue();
        assertThat(rawKey.path("type").asText()).isEqualTo("rest");
        assertThat(rawKey.path("realm_type").asText()).isEqualTo("reserved");
        assertThat(rawKey.path("metadata").isObject()).isTrue();

        HasPrivilegesResponse privileges = key.security().hasPrivileges(HasPrivilegesRequest.of(b -> b.withJson(new StringReader("""
                {"cluster":["monitor","manage_security"],
                 "index":[{"names":["traces-apm-default"],"privileges":["create_doc","read"]},
                          {"names":[".apm-agent-configuration"],"privileges":["read"],"allow_restricted_indices":true}]}"""))));
        assertThat(privileges.username()).isEqualTo("elastic");
        assertThat(privileges.hasAllRequested()).isFalse();
        assertThat(privileges.cluster()).containsEntry("monitor", true).containsEntry("manage_security", false);
        assertThat(privileges.index().get("traces-apm-default")).containsEntry("create_doc", true).containsEntry("read", false);
        assertThat(privileges.index().get(".apm-agent-configuration")).containsEntry("read", true);

        InvalidateApiKeyResponse invalidated = elasticClient().security().invalidateApiKey(i -> i.ids(created.id()));
        assertThat(invalidated.invalidatedApiKeys()).containsExactly(created.id());
        assertThat(invalidated.previouslyInvalidatedApiKeys()).isEmpty();
        assertThat(invalidated.errorCount()).isZero();

        TestKeygate.Response refused = call("GET", "/_security/_authenticate", apiKeyHeader(created.encoded()), null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isNotNull();
        JsonNode error = refused.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("security_exception");
        assertThat(error.path("additional_unsuccessful_credentials").asText())
                .isEqualTo("API key: api key [" + created.id() + "] has been invalidated");

        InvalidateApiKeyResponse again = elasticClient().security().invalidateApiKey(i -> i.ids(created.id()));
        assertThat(again.invalidatedApiKeys()).isEmpty();
        assertThat(again.errorCount()).isZero();

        ApiKey after = elasticClient().security().getApiKey(g -> g.id(created.id())).apiKeys().getFirst();
        assertThat(after.invalidated()).isTrue();
        assertThat(after.invalidation()).isNotNull().isGreaterThanOrEqualTo(after.creation());
        assertThat(call("GET", "/_security/api_key?id=" + created.id() + "&active_only=true", elastic(), null).status()).isEqualTo(404);

        String audit = Files.readString(AUDIT_LOG);
        assertThat(audit).doesNotContain(created.apiKey()).doesNotContain(created.encoded());
        List<JsonNode> events = audit.lines().map(ApiKeysIT::json).filter(e -> created.id().equals(e.path("keygate.api_key.target.id").asText())).toList();
        assertThat(events).extracting(e -> e.path("event.action").asText()).containsExactly("api_key_created", "api_key_invalidated");
        assertThat(events.getFirst().path("user.name").asText()).isEqualTo("elastic");
        assertThat(events.getFirst().path("keygate.api_key.target.name").asText()).isEqualTo("apm_host001");
    }

    private static final Path AUDIT_LOG = Path.of(System.getProperty("keygate.logs", "target/it-logs"), "keygate_audit.json");

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    @Test
    void expiredKeyIsRefused() throws Exception {
        CreateApiKeyResponse created = create(elasticClient(), "{\"name\":\"short-lived\",\"expiration\":\"2s\"}");
        assertThat(created.expiration()).isNotNull();
        assertThat(created.expiration() - System.currentTimeMillis()).isBetween(0L, 2_100L);
        assertThat(call("GET", "/_security/_authenticate", apiKeyHeader(created.encoded()), null).status()).isEqualTo(200);
        long wait = created.expiration() - System.currentTimeMillis() + 50;
        if (wait > 0) Thread.sleep(wait);
        TestKeygate.Response refused = call("GET", "/_security/_authenticate", apiKeyHeader(created.encoded()), null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("error").path("additional_unsuccessful_credentials").asText())
                .isEqualTo("API key: api key is expired");
        ApiKey info = elasticClient().security().getApiKey(g -> g.id(created.id())).apiKeys().getFirst();
        assertThat(info.expiration()).isEqualTo(created.expiration());
        assertThat(call("GET", "/_security/api_key?id=" + created.id() + "&active_only=true", elastic(), null).status()).isEqualTo(404);
        TestKeygate.Response update = call("PUT", "/_security/api_key/" + created.id(), elastic(), "{\"expiration\":\"1d\"}");
        assertThat(update.status()).isEqualTo(400);
        assertThat(update.json().path("error").path("reason").asText()).isEqualTo("cannot update expired API key [" + created.id() + "]");
    }

    @Test
    void badCredentialsAre401s() throws Exception {
        CreateApiKeyResponse created = create(elasticClient(), "{\"name\":\"victim\"}");
        String wrong = Base64.getEncoder().encodeToString((created.id() + ":AAAAAAAAAAAAAAAAAAAAAA").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) { // cached failures answer the same
            TestKeygate.Response r = call("GET", "/_security/_authenticate", apiKeyHeader(wrong), null);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().path("error").path("additional_unsuccessful_credentials").asText())
                    .isEqualTo("API key: invalid credentials for API key [" + created.id() + "]");
        }
        // the right secret still works after wrong ones, and wrong ones still fail after the right one
        assertThat(call("GET", "/_security/_authenticate", apiKeyHeader(created.encoded()), null).status()).isEqualTo(200);
        assertThat(call("GET", "/_security/_authenticate", apiKeyHeader(wrong), null).status()).isEqualTo(401);

        String unknown = Base64.getEncoder().encodeToString("nosuchkeyid000000000:secret".getBytes(StandardCharsets.UTF_8));
        TestKeygate.Response missing = call("GET", "/_security/_authenticate", apiKeyHeader(unknown), null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("error").path("additional_unsuccessful_credentials").asText())
                .isEqualTo("API key: unable to find apikey with id nosuchkeyid000000000");

        for (String malformed : List.of("not base64!", Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(":secret".getBytes(StandardCharsets.UTF_8)))) {
            TestKeygate.Response r = call("GET", "/_security/_authenticate", apiKeyHeader(malformed), null);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().path("error").path("additional_unsuccessful_credentials").asText())
                    .isEqualTo("API key: invalid ApiKey value");
        }
        // a user document's id is not an API key
        String userDoc = Base64.getEncoder().encodeToString("reserved-user-elastic:x".getBytes(StandardCharsets.UTF_8));
        assertThat(call("GET", "/_security/_authenticate", apiKeyHeader(userDoc), null).json().path("error")
                .path("additional_unsuccessful_credentials").asText()).isEqualTo("API key: unable to find apikey with id reserved-user-elastic");
    }

    @Test
    void metadataTooLargeForTheIndexIsA400AndNoKeyIsCreated() {
        String name = "huge-metadata-" + System.nanoTime();
        TestKeygate.Response r = call("POST", "/_security/api_key", elastic(),
                "{\"name\":\"" + name + "\",\"metadata\":{\"blob\":\"" + "x".repeat(40_000) + "\"}}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("illegal_argument_exception");
        assertThat(r.json().path("error").path("reason").asText()).startsWith("the request's values cannot be stored: ");
        assertThat(call("GET", "/_security/api_key?name=" + name, elastic(), null).json().path("api_keys").size()).isZero();
    }
}
