package io.keygate.server.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one API key may carry. Found probing as a user with {@code manage_own_api_key}: 600 keys with ~900 KB of
 * metadata each, then authenticating with them, filled the managed backend's heap (its breaker refused Keygate's key
 * reads, then it died). A key's role descriptors and metadata now take at most 64 KB together.
 */
class ApiKeyLimitsIT {
    private static final String USER = "limits_user";
    private static final String PASSWORD = "limits-password";

    @BeforeAll
    static void userWhoManagesOwnKeys() {
        assertThat(call("PUT", "/_security/role/limits_own_keys", elastic(),
                "{\"cluster\":[\"manage_own_api_key\"],\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"read\"]}]}").status())
                .isEqualTo(200);
        assertThat(call("PUT", "/_security/user/" + USER, elastic(),
                "{\"password\":\"" + PASSWORD + "\",\"roles\":[\"limits_own_keys\"]}").status()).isIn(200, 201);
    }

    /** Metadata of about {@code bytes} as JSON, in values of 1,000 characters (one keyword may hold 32,766 bytes). */
    private static String metadataOf(int bytes) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i * 1_010 < bytes; i++) json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("x".repeat(1_000)).append('"');
        return json.append('}').toString();
    }

    @Test
    void aKeyOfMoreThan64KbIsRefusedAndNothingIsStored() {
        TestKeygate.Response fat = call("POST", "/_security/api_key", basic(USER, PASSWORD),
                "{\"name\":\"limits-fat\",\"metadata\":" + metadataOf(900_000) + "}");
        assertThat(fat.status()).as(fat.text()).isEqualTo(400);
        assertThat(fat.json().path("error").path("type").asText()).isEqualTo("action_request_validation_exception");
        assertThat(fat.json().path("error").path("reason").asText())
                .contains("API key role_descriptors and metadata may not take more than [65536] bytes together, got [");
        assertThat(call("GET", "/_security/api_key?name=limits-fat", elastic(), null).json().path("api_keys")).isEmpty();

        // descriptors count too: a megabyte of index names is no more welcome than one of metadata
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 7_000; i++) names.append(i == 0 ? "" : ",").append("\"logs-").append(i).append("\"");
        TestKeygate.Response wide = call("POST", "/_security/api_key", basic(USER, PASSWORD), "{\"name\":\"limits-wide\","
                + "\"role_descriptors\":{\"r\":{\"indices\":[{\"names\":[" + names + "],\"privileges\":[\"read\"]}]}},"
                + "\"metadata\":" + metadataOf(20_000) + "}");
        assertThat(wide.status()).as(wide.text()).isEqualTo(400);
        assertThat(wide.json().path("error").path("reason").asText()).contains("may not take more than [65536] bytes together");
    }

    @Test
    void aKeyJustUnderTheLimitIsMadeAndUsedAndCannotBeGrownPastIt() {
        TestKeygate.Response ok = call("POST", "/_security/api_key", basic(USER, PASSWORD),
                "{\"name\":\"limits-ok\",\"metadata\":" + metadataOf(60_000) + "}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        String id = ok.json().path("id").asText();
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + ok.json().path("encoded").asText(), null).status())
                .isEqualTo(200);
        TestKeygate.Response grown = call("PUT", "/_security/api_key/" + id, basic(USER, PASSWORD),
                "{\"metadata\":" + metadataOf(100_000) + "}");
        assertThat(grown.status()).as(grown.text()).isEqualTo(400);
        assertThat(call("GET", "/_security/api_key?id=" + id, elastic(), null).json().path("api_keys").get(0)
                .path("metadata").size()).isEqualTo(60);
        // nor by sending the other part alone: what the key holds after the update counts
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 3_000; i++) names.append(i == 0 ? "" : ",").append("\"logs-").append(i).append("\"");
        TestKeygate.Response widened = call("PUT", "/_security/api_key/" + id, basic(USER, PASSWORD),
                "{\"role_descriptors\":{\"r\":{\"indices\":[{\"names\":[" + names + "],\"privileges\":[\"read\"]}]}}}");
        assertThat(widened.status()).as(widened.text()).isEqualTo(400);
        assertThat(widened.json().path("error").path("reason").asText()).contains("may not take more than [65536] bytes together");
    }
}
