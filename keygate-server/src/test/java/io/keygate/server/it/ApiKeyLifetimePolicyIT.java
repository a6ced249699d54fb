package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keygate.security.authc.api_key.max_expiration}: a node with the policy refuses keys without an expiration or
 * with a longer one (create, grant, update, bulk update) with a 400 that says why, and lists the keys that break it.
 * The policy node shares the integration tests' backend, so keys made before (by the node without policy) exist.
 */
class ApiKeyLifetimePolicyIT {
    private static final String PW = "policy-pass-1";
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static KeygateNode policyNode;

    @BeforeAll
    static void start() throws Exception {
        TestKeygate.node();
        policyNode = KeygateNode.start(Settings.of(Map.of("http.port", "0", "backend.hosts", TestKeygate.backendUrl(),
                "keygate.security.authc.api_key.max_expiration", "90d")), null, line -> System.out.println("[policy keygate] " + line));
        call("PUT", "/_security/role/policy_own_keys", elastic(), "{\"cluster\":[\"manage_own_api_key\"]}");
        call("PUT", "/_security/user/policy_user", elastic(), "{\"password\":\"" + PW + "\",\"roles\":[\"policy_own_keys\"]}");
    }

    @AfterAll
    static void stop() {
        if (policyNode != null) policyNode.close();
    }

    private static TestKeygate.Response onPolicyNode(String method, String path, String auth, String body) {
        return TestKeygate.call("http://127.0.0.1:" + policyNode.port(), method, path, auth, body, "application/json");
    }

    private static void assertRefused(TestKeygate.Response r, String reasonPart) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("action_request_validation_exception");
        assertThat(r.json().path("error").path("reason").asText()).contains(reasonPart);
        assertThat(r.json().path("status").asInt()).isEqualTo(400);
    }

    @Test
    void createWithoutOrBeyondTheMaximumIsRefused() {
        assertRefused(onPolicyNode("POST", "/_security/api_key", elastic(), "{\"name\":\"p-none-" + RUN + "\"}"),
                "Validation Failed: 1: [expiration] is required: the API key lifetime policy "
                        + "[keygate.security.authc.api_key.max_expiration] allows keys of at most [90d]; set an expiration of [90d] or less;");
        assertRefused(onPolicyNode("POST", "/_security/api_key", elastic(), "{\"name\":\"p-long-" + RUN + "\",\"expiration\":\"365d\"}"),
                "[expiration] of [365d] is longer than the API key lifetime policy [keygate.security.authc.api_key.max_expiration] "
                        + "allows: at most [90d]");
        TestKeygate.Response ok = onPolicyNode("POST", "/_security/api_key", elastic(), "{\"name\":\"p-ok-" + RUN + "\",\"expiration\":\"90d\"}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().path("expiration").asLong()).isPositive();
        // nothing was stored for the refused ones
        assertThat(call("GET", "/_security/api_key?name=p-none-" + RUN, elastic(), null).json().path("api_keys")).isEmpty();
    }

    @Test
    void grantWithoutAnExpirationIsRefusedBeforeThePasswordIsChecked() {
        String grant = "{\"grant_type\":\"password\",\"username\":\"policy_user\",\"password\":\"" + PW + "\",\"api_key\":{\"name\":\"p-grant-" + RUN + "\"%s}}";
        assertRefused(onPolicyNode("POST", "/_security/api_key/grant", elastic(), grant.formatted("")), "[expiration] is required");
        assertThat(onPolicyNode("POST", "/_security/api_key/grant", elastic(), grant.formatted(",\"expiration\":\"7d\"")).status()).isEqualTo(200);
    }

    @Test
    void updatesMustLeaveTheKeyWithinThePolicy() {
        // made on the node without a policy: never expires
        String id = call("POST", "/_security/api_key", elastic(), "{\"name\":\"p-old-" + RUN + "\"}").json().path("id").asText();
        assertRefused(onPolicyNode("PUT", "/_security/api_key/" + id, elastic(), "{\"metadata\":{\"team\":\"ops\"}}"),
                "API key [" + id + "] never expires, which the API key lifetime policy [keygate.security.authc.api_key.max_expiration] "
                        + "of [90d] does not allow: set an [expiration] of [90d] or less in this update");
        assertRefused(onPolicyNode("PUT", "/_security/api_key/" + id, elastic(), "{\"expiration\":\"100d\"}"), "at most [90d]");
        TestKeygate.Response bulk = onPolicyNode("POST", "/_security/api_key/_bulk_update", elastic(),
                "{\"ids\":[\"" + id + "\"],\"metadata\":{\"team\":\"ops\"}}");
        assertThat(bulk.json().path("errors").path("details").path(id).path("reason").asText()).contains("never expires");
        TestKeygate.Response fixed = onPolicyNode("PUT", "/_security/api_key/" + id, elastic(), "{\"expiration\":\"30d\"}");
        assertThat(fixed.json().path("updated").asBoolean()).as(fixed.text()).isTrue();
        // now within the policy: an update that keeps the expiration is fine
        assertThat(onPolicyNode("PUT", "/_security/api_key/" + id, elastic(), "{\"metadata\":{\"team\":\"ops\"}}").status()).isEqualTo(200);
    }

    @Test
    void keysThatBreakThePolicyAreListed() {
        String never = call("POST", "/_security/api_key", elastic(), "{\"name\":\"p-never-" + RUN + "\"}").json().path("id").asText();
        String year = call("POST", "/_security/api_key", elastic(), "{\"name\":\"p-year-" + RUN + "\",\"expiration\":\"365d\"}")
                .json().path("id").asText();
        String fine = call("POST", "/_security/api_key", elastic(), "{\"name\":\"p-fine-" + RUN + "\",\"expiration\":\"10d\"}")
                .json().path("id").asText();
        String own = call("POST", "/_security/api_key", basic("policy_user", PW), "{\"name\":\"p-own-" + RUN + "\"}").json().path("id").asText();
        String gone = call("POST", "/_security/api_key", elastic(), "{\"name\":\"p-gone-" + RUN + "\"}").json().path("id").asText();
        call("DELETE", "/_security/api_key", elastic(), "{\"ids\":[\"" + gone + "\"]}");

        TestKeygate.Response all = onPolicyNode("GET", "/_security/api_key/_lifetime_policy", elastic(), null);
        assertThat(all.status()).as(all.text()).isEqualTo(200);
        JsonNode body = all.json();
        assertThat(body.path("enabled").asBoolean()).isTrue();
        assertThat(body.path("max_expiration").asText()).isEqualTo("90d");
        assertThat(body.path("max_expiration_in_millis").asLong()).isEqualTo(90L * 86_400_000);
        Map<String, String> reasons = reasons(body);
        assertThat(reasons).containsEntry(never, "never expires").containsEntry(year, "lives 365d from creation, longer than [90d]")
                .containsKey(own).doesNotContainKeys(fine, gone);
        assertThat(body.path("count").asInt()).isGreaterThanOrEqualTo(3).isGreaterThanOrEqualTo(body.path("violations").size());
        // the newest first, as many as asked for; the count is of them all
        TestKeygate.Response one = onPolicyNode("GET", "/_security/api_key/_lifetime_policy?size=1", elastic(), null);
        assertThat(one.json().path("violations")).hasSize(1);
        assertThat(one.json().path("violations").get(0).path("id").asText()).isEqualTo(own);
        assertThat(one.json().path("count").asInt()).isEqualTo(body.path("count").asInt());
        assertThat(onPolicyNode("GET", "/_security/api_key/_lifetime_policy?size=-1", elastic(), null).status()).isEqualTo(400);

        // manage_own_api_key: its own keys only
        Map<String, String> mine = reasons(onPolicyNode("GET", "/_security/api_key/_lifetime_policy", basic("policy_user", PW), null).json());
        assertThat(mine).containsOnlyKeys(own);
        // no privilege over keys: Elasticsearch's 403
        call("PUT", "/_security/user/policy_nobody", elastic(), "{\"password\":\"" + PW + "\",\"roles\":[]}");
        TestKeygate.Response denied = onPolicyNode("GET", "/_security/api_key/_lifetime_policy", basic("policy_nobody", PW), null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("error").path("reason").asText()).startsWith("action [cluster:admin/xpack/security/api_key/get] is unauthorized");
    }

    @Test
    void withoutAPolicyNothingIsListedAndNothingRefused() {
        JsonNode body = call("GET", "/_security/api_key/_lifetime_policy", elastic(), null).json();
        assertThat(body.path("enabled").asBoolean()).isFalse();
        assertThat(body.path("violations")).isEmpty();
        assertThat(body.has("max_expiration")).isFalse();
    }

    private static Map<String, String> reasons(JsonNode body) {
        Map<String, String> out = new java.util.HashMap<>();
        List<String> seen = new ArrayList<>();
        for (JsonNode v : body.path("violations")) {
            out.put(v.path("id").asText(), v.path("reason").asText());
            seen.add(v.path("id").asText());
        }
        assertThat(seen).doesNotHaveDuplicates();
        return out;
    }
}
