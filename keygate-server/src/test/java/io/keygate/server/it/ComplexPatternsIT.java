package io.keygate.server.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Index names may be regular expressions ({@code /…/}), and any user who may create their own API keys or ask
 * {@code _has_privileges} writes some. One with nested repetitions used to build an automaton of millions of states:
 * minutes of a thread (or the heap) per request. Each is now refused with 400 from its parse.
 */
class ComplexPatternsIT {
    private static final String USER = "patterns_user";
    private static final String PASSWORD = "patterns-password";
    private static final String NESTED = "/(((a{1,100}){1,100}){1,100}){1,100}/";

    @BeforeAll
    static void userWhoManagesOwnKeys() {
        assertThat(call("PUT", "/_security/role/patterns_own_keys", elastic(),
                "{\"cluster\":[\"manage_own_api_key\"],\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"read\"]}]}").status())
                .isEqualTo(200);
        assertThat(call("PUT", "/_security/user/" + USER, elastic(),
                "{\"password\":\"" + PASSWORD + "\",\"roles\":[\"patterns_own_keys\"]}").status()).isIn(200, 201);
    }

    @Test
    void anApiKeyWithAHugeRegexIsRefused() {
        TestKeygate.Response r = call("POST", "/_security/api_key", basic(USER, PASSWORD), "{\"name\":\"regex-key\",\"role_descriptors\":"
                + "{\"r\":{\"indices\":[{\"names\":[\"" + NESTED + "\"],\"privileges\":[\"read\"]}]}}}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("action_request_validation_exception");
        assertThat(r.json().path("error").path("reason").asText()).contains("pattern is too complex to evaluate: [" + NESTED + "]");
        // an ordinary regex still makes a key
        TestKeygate.Response ok = call("POST", "/_security/api_key", basic(USER, PASSWORD), "{\"name\":\"regex-key\",\"role_descriptors\":"
                + "{\"r\":{\"indices\":[{\"names\":[\"/logs-[a-z]{1,20}-[0-9]{4}/\"],\"privileges\":[\"read\"]}]}}}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    }

    @Test
    void hasPrivilegesWithAHugeRegexIsRefused() {
        TestKeygate.Response r = call("POST", "/_security/user/_has_privileges", basic(USER, PASSWORD),
                "{\"index\":[{\"names\":[\"" + NESTED + "\"],\"privileges\":[\"read\"]}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("error").path("reason").asText()).contains("pattern is too complex to evaluate");
        assertThat(call("GET", "/_security/_authenticate", basic(USER, PASSWORD), null).status()).isEqualTo(200);
    }

    @Test
    void aRoleWithAHugeRegexIsRefused() {
        TestKeygate.Response r = call("PUT", "/_security/role/patterns_huge", elastic(),
                "{\"indices\":[{\"names\":[\"" + NESTED + "\"],\"privileges\":[\"read\"]}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(call("GET", "/_security/role/patterns_huge", elastic(), null).status()).isEqualTo(404);
    }
}
