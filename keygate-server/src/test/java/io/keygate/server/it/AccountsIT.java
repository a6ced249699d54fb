package io.keygate.server.it;

import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Accounts as an operator runs them: a rotated password stays rotated; security writes answer quickly and are visible at once. */
class AccountsIT {

    @Test
    void elasticPasswordOnlyBootstrapsAndNeverUndoesARotation() throws Exception {
        TestKeygate.node();
        String rotated = "rotated-" + System.nanoTime();
        assertThat(call("PUT", "/_security/user/elastic/_password", elastic(), "{\"password\":\"" + rotated + "\"}").status())
                .isEqualTo(200);
        try {
            // a node started with the old ELASTIC_PASSWORD (as every node of a cluster is) changes nothing
            try (KeygateNode other = KeygateNode.start(Settings.of(Map.of("http.port", "0", "backend.hosts", TestKeygate.backendUrl())),
                    TestKeygate.ELASTIC_PASSWORD, line -> System.out.println("[bootstrap keygate] " + line))) {
                String otherUrl = "http://127.0.0.1:" + other.port();
                assertThat(other.generatedPassword()).isNull();
                assertThat(TestKeygate.call(otherUrl, "GET", "/", basic("elastic", rotated), null, "application/json").status()).isEqualTo(200);
                assertThat(TestKeygate.call(otherUrl, "GET", "/", elastic(), null, "application/json").status()).isEqualTo(401);
            }
            assertThat(call("GET", "/", basic("elastic", rotated), null).status()).isEqualTo(200);
        } finally {
            assertThat(call("PUT", "/_security/user/elastic/_password", basic("elastic", rotated),
                    "{\"password\":\"" + TestKeygate.ELASTIC_PASSWORD + "\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void aSecurityWriteAnswersInWellUnderASecondAndIsVisibleToTheNextRead() {
        List<Long> millis = new ArrayList<>(), withBcrypt = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String role = "latency_role_" + i;
            long start = System.nanoTime();
            assertThat(call("PUT", "/_security/role/" + role, elastic(), "{\"cluster\":[\"monitor\"]}").status()).isEqualTo(200);
            millis.add((System.nanoTime() - start) / 1_000_000);
            // read-your-writes: the listing (a search) has it at once
            assertThat(call("GET", "/_security/role", elastic(), null).json().has(role)).isTrue();

            String user = "latency_user_" + i;
            start = System.nanoTime();
            assertThat(call("PUT", "/_security/user/" + user, elastic(), "{\"password\":\"latency-pass\",\"roles\":[\"" + role + "\"]}")
                    .status()).isEqualTo(200);
            withBcrypt.add((System.nanoTime() - start) / 1_000_000); // hashing the password is most of it: reported apart
            assertThat(call("GET", "/_security/user", elastic(), null).json().has(user)).isTrue();

            start = System.nanoTime();
            assertThat(call("DELETE", "/_security/role/" + role, elastic(), null).status()).isEqualTo(200);
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(call("GET", "/_security/role", elastic(), null).json().has(role)).isFalse();

            String key = call("POST", "/_security/api_key", elastic(), "{\"name\":\"latency-key-" + i + "\"}").json().path("id").asText();
            start = System.nanoTime();
            assertThat(call("DELETE", "/_security/api_key", elastic(), "{\"ids\":[\"" + key + "\"]}").status()).isEqualTo(200);
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(call("GET", "/_security/api_key?id=" + key, elastic(), null).json().path("api_keys").get(0)
                    .path("invalidated").asBoolean()).isTrue();
        }
        // the cause, measured on the backend itself: a write that waits for the scheduled refresh, and one that refreshes
        List<Long> waitFor = new ArrayList<>(), now = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            TestKeygate.backend("PUT", "/.keygate-security/_doc/latency-probe?refresh=wait_for", "{\"doc_type\":\"change\",\"changed_time\":0}");
            waitFor.add((System.nanoTime() - start) / 1_000_000);
            start = System.nanoTime();
            TestKeygate.backend("PUT", "/.keygate-security/_doc/latency-probe?refresh=true", "{\"doc_type\":\"change\",\"changed_time\":0}");
            now.add((System.nanoTime() - start) / 1_000_000);
        }
        TestKeygate.backend("DELETE", "/.keygate-security/_doc/latency-probe?refresh=true", null);
        System.out.println("[writes] one backend write with refresh=wait_for " + waitFor + " ms, with refresh=true " + now + " ms");
        long median = millis.stream().sorted().toList().get(millis.size() / 2);
        System.out.println("[writes] security writes (role put, role delete, key invalidate): median " + median
                + " ms, all " + millis + "; user puts with a password (bcrypt) " + withBcrypt);
        // refresh=wait_for waits for the backend's next scheduled refresh (up to 1 s, about 1 s measured before)
        assertThat(median).isLessThan(400);
    }
}
