package io.keygate.server.it;

import co.elastic.clients.elasticsearch.security.CreateApiKeyResponse;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-key guards in {@code metadata.keygate_guards}: allowed client networks (403 from elsewhere) and a rate limit
 * (429 beyond it), enforced in memory on the node, set through Elasticsearch's own create and update APIs.
 * The tests' client connects from 127.0.0.1.
 */
class ApiKeyGuardsIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    private static JsonNode create(String name, String guards) {
        TestKeygate.Response r = call("POST", "/_security/api_key", elastic(),
                "{\"name\":\"" + name + "-" + RUN + "\",\"metadata\":{\"keygate_guards\":" + guards + "}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private static TestKeygate.Response use(JsonNode key) {
        return call("GET", "/_security/_authenticate", "ApiKey " + key.path("encoded").asText(), null);
    }

    @Test
    void aKeyIsRefusedOutsideItsAllowedNetworks() {
        JsonNode elsewhere = create("guard-net-no", "{\"allowed_networks\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}");
        TestKeygate.Response refused = use(elsewhere);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(refused.json().path("error").path("reason").asText()).isEqualTo("API key [" + elsewhere.path("id").asText()
                + "] may not be used from [127.0.0.1]: the address is not in the key's allowed networks");
        // refused for data requests too, before anything reaches the backend
        assertThat(call("GET", "/guard-index/_search", "ApiKey " + elsewhere.path("encoded").asText(), null).status()).isEqualTo(403);

        JsonNode here = create("guard-net-yes", "{\"allowed_networks\":[\"10.0.0.0/8\",\"127.0.0.0/8\"]}");
        assertThat(use(here).status()).isEqualTo(200);

        // an update that narrows the networks applies at once on this node
        TestKeygate.Response updated = call("PUT", "/_security/api_key/" + here.path("id").asText(), elastic(),
                "{\"metadata\":{\"keygate_guards\":{\"allowed_networks\":[\"192.168.0.0/16\"]}}}");
        assertThat(updated.json().path("updated").asBoolean()).as(updated.text()).isTrue();
        assertThat(use(here).status()).isEqualTo(403);
    }

    @Test
    void beyondItsRateAKeyGets429ThenRecovers() throws Exception {
        JsonNode key = create("guard-rate", "{\"rate_limit\":{\"per_second\":2,\"burst\":3}}");
        long start = System.nanoTime();
        int ok = 0;
        TestKeygate.Response limited = null;
        for (int i = 0; i < 10; i++) {
            TestKeygate.Response r = use(key);
            if (r.status() == 200) ok++;
            else if (limited == null) limited = r;
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(ok).isBetween(3, 3 + 2 * (int) (seconds + 1)); // the burst, plus what refilled meanwhile
        assertThat(limited).isNotNull();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("error").path("type").asText()).isEqualTo("es_rejected_execution_exception");
        assertThat(limited.json().path("error").path("reason").asText()).isEqualTo("rate limit of API key ["
                + key.path("id").asText() + "] exceeded: at most 2 requests per second (burst 3); retry later");
        Thread.sleep(600); // one token back at 2/s
        assertThat(use(key).status()).isEqualTo(200);
    }

    @Test
    void malformedGuardsAreRefusedWithTheirReason() {
        TestKeygate.Response r = call("POST", "/_security/api_key", elastic(), "{\"name\":\"guard-bad-" + RUN + "\","
                + "\"metadata\":{\"keygate_guards\":{\"allowed_networks\":[\"10.0.0.0/33\"],\"rate_limit\":{\"per_second\":-1}}}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").path("reason").asText()).isEqualTo("Validation Failed: "
                + "1: [metadata.keygate_guards.allowed_networks] has [10.0.0.0/33], which is not an IP address or a CIDR network;"
                + "2: [metadata.keygate_guards.rate_limit] must be an object with [per_second] > 0 (and an optional [burst] >= 1);");
    }

    @Test
    void theOfficialClientSetsGuardsThroughMetadata() throws Exception {
        CreateApiKeyResponse created = TestKeygate.client("elastic", TestKeygate.ELASTIC_PASSWORD).security().createApiKey(c -> c
                .name("guard-client-" + RUN)
                .metadata("keygate_guards", JsonData.of(Map.of("allowed_networks", List.of("10.1.0.0/16")))));
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + created.encoded(), null).status()).isEqualTo(403);
    }
}
