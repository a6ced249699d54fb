package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /_security/api_key/{id}/_rotate}: a new secret for the same key; during the grace period both secrets
 * work, then only the new one. Id, name and privileges stay.
 */
class ApiKeyRotationIT {
    private static final String PW = "rotation-pass-1";
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @BeforeAll
    static void users() {
        TestKeygate.node();
        call("PUT", "/_security/role/rotation_own_keys", elastic(), "{\"cluster\":[\"manage_own_api_key\"]}");
        call("PUT", "/_security/user/rotation_user", elastic(), "{\"password\":\"" + PW + "\",\"roles\":[\"rotation_own_keys\"]}");
    }

    private static int authenticate(String encoded) {
        return call("GET", "/_security/_authenticate", "ApiKey " + encoded, null).status();
    }

    @Test
    void bothSecretsWorkDuringTheGracePeriodThenOnlyTheNewOne() throws Exception {
        JsonNode created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"rotate-" + RUN + "\",\"expiration\":\"1d\","
                + "\"role_descriptors\":{\"r\":{\"indices\":[{\"names\":[\"rotate-*\"],\"privileges\":[\"read\"]}]}}}").json();
        String id = created.path("id").asText();
        String old = created.path("encoded").asText();
        assertThat(authenticate(old)).isEqualTo(200); // cached on this node before the rotation
        JsonNode before = call("GET", "/_security/api_key?id=" + id, elastic(), null).json().path("api_keys").path(0);

        long asked = System.currentTimeMillis();
        TestKeygate.Response rotated = call("POST", "/_security/api_key/" + id + "/_rotate", elastic(), "{\"grace_period\":\"4s\"}");
        assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
        JsonNode r = rotated.json();
        assertThat(r.path("id").asText()).isEqualTo(id);
        assertThat(r.path("name").asText()).isEqualTo("rotate-" + RUN);
        assertThat(r.path("expiration").asLong()).isEqualTo(created.path("expiration").asLong());
        assertThat(r.path("api_key").asText()).isNotEqualTo(created.path("api_key").asText());
        assertThat(r.path("previous_secret_valid_until").asLong()).isBetween(asked + 4_000, System.currentTimeMillis() + 4_000);
        String fresh = r.path("encoded").asText();

        assertThat(authenticate(fresh)).isEqualTo(200);
        assertThat(authenticate(old)).isEqualTo(200);
        assertThat(authenticate(fresh)).isEqualTo(200);
        JsonNode who = call("GET", "/_security/_authenticate", "ApiKey " + fresh, null).json();
        assertThat(who.path("api_key").path("id").asText()).isEqualTo(id);

        // same key: id, name, privileges; nothing of either secret is shown
        JsonNode after = call("GET", "/_security/api_key?id=" + id, elastic(), null).json().path("api_keys").path(0);
        assertThat(after).isEqualTo(before);
        assertThat(call("GET", "/_security/api_key?id=" + id, elastic(), null).text()).doesNotContain("hash").doesNotContain("previous");

        while (System.currentTimeMillis() < r.path("previous_secret_valid_until").asLong()) Thread.sleep(100);
        assertThat(authenticate(old)).isEqualTo(401);
        TestKeygate.Response refused = call("GET", "/_security/_authenticate", "ApiKey " + old, null);
        assertThat(refused.json().path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(authenticate(fresh)).isEqualTo(200);
    }

    @Test
    void aZeroGracePeriodEndsTheOldSecretAtOnce() {
        JsonNode created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"rotate-now-" + RUN + "\"}").json();
        String id = created.path("id").asText();
        assertThat(authenticate(created.path("encoded").asText())).isEqualTo(200);
        JsonNode r = call("POST", "/_security/api_key/" + id + "/_rotate", elastic(), "{\"grace_period\":\"0s\"}").json();
        assertThat(r.has("previous_secret_valid_until")).isFalse();
        assertThat(authenticate(created.path("encoded").asText())).isEqualTo(401);
        assertThat(authenticate(r.path("encoded").asText())).isEqualTo(200);
        // a second rotation during a grace period ends the older secret
        JsonNode second = call("POST", "/_security/api_key/" + id + "/_rotate", elastic(), "{}").json(); // default grace: 24h
        assertThat(second.path("previous_secret_valid_until").asLong()).isGreaterThan(System.currentTimeMillis() + 23 * 3_600_000L);
        JsonNode third = call("POST", "/_security/api_key/" + id + "/_rotate", elastic(), null).json();
        assertThat(authenticate(r.path("encoded").asText())).isEqualTo(401);
        assertThat(authenticate(second.path("encoded").asText())).isEqualTo(200);
        assertThat(authenticate(third.path("encoded").asText())).isEqualTo(200);
    }

    @Test
    void whoMayRotateWhatAndBadRequests() {
        JsonNode own = call("POST", "/_security/api_key", basic("rotation_user", PW), "{\"name\":\"rotate-own-" + RUN + "\"}").json();
        String elasticKey = call("POST", "/_security/api_key", elastic(), "{\"name\":\"rotate-other-" + RUN + "\"}").json().path("id").asText();
        assertThat(call("POST", "/_security/api_key/" + own.path("id").asText() + "/_rotate", basic("rotation_user", PW), "{}").status())
                .isEqualTo(200);
        TestKeygate.Response other = call("POST", "/_security/api_key/" + elasticKey + "/_rotate", basic("rotation_user", PW), "{}");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().path("error").path("reason").asText())
                .isEqualTo("no API key owned by requesting user found for ID [" + elasticKey + "]");
        // manage_api_key rotates anyone's key
        assertThat(call("POST", "/_security/api_key/" + own.path("id").asText() + "/_rotate", elastic(), "{}").status()).isEqualTo(200);

        TestKeygate.Response byKey = call("POST", "/_security/api_key/" + elasticKey + "/_rotate",
                "ApiKey " + call("POST", "/_security/api_key", elastic(), "{\"name\":\"rotate-caller-" + RUN + "\"}").json()
                        .path("encoded").asText(), "{}");
        assertThat(byKey.status()).isEqualTo(400);
        assertThat(byKey.json().path("error").path("reason").asText()).contains("only a user can rotate an API key");

        TestKeygate.Response badGrace = call("POST", "/_security/api_key/" + elasticKey + "/_rotate", elastic(), "{\"grace_period\":\"soon\"}");
        assertThat(badGrace.status()).isEqualTo(400);
        assertThat(badGrace.json().path("error").path("type").asText()).isEqualTo("parse_exception");
        TestKeygate.Response tooLong = call("POST", "/_security/api_key/" + elasticKey + "/_rotate", elastic(), "{\"grace_period\":\"60d\"}");
        assertThat(tooLong.json().path("error").path("reason").asText()).contains("[grace_period] must be at most [30d]");
        assertThat(call("POST", "/_security/api_key/" + elasticKey + "/_rotate", elastic(), "{\"secret\":\"x\"}").status()).isEqualTo(400);
        assertThat(call("POST", "/_security/api_key/no-such-key/_rotate", elastic(), "{}").status()).isEqualTo(404);

        call("DELETE", "/_security/api_key", elastic(), "{\"ids\":[\"" + elasticKey + "\"]}");
        TestKeygate.Response invalidated = call("POST", "/_security/api_key/" + elasticKey + "/_rotate", elastic(), "{}");
        assertThat(invalidated.status()).isEqualTo(400);
        assertThat(invalidated.json().path("error").path("reason").asText()).isEqualTo("cannot rotate invalidated API key [" + elasticKey + "]");

        call("PUT", "/_security/user/rotation_nobody", elastic(), "{\"password\":\"" + PW + "\",\"roles\":[]}");
        TestKeygate.Response denied = call("POST", "/_security/api_key/" + elasticKey + "/_rotate", basic("rotation_nobody", PW), "{}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("error").path("reason").asText()).startsWith("action [cluster:admin/xpack/security/api_key/invalidate] is unauthorized");
    }
}
