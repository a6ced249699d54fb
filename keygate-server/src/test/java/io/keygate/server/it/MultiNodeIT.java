package io.keygate.server.it;

import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Keygate nodes over one backend, as behind a load balancer: a key invalidated or a password
 * changed through one node is refused by the other shortly after, although that node had it cached.
 */
class MultiNodeIT {
    private static KeygateNode second;

    @BeforeAll
    static void startSecondNode() throws Exception {
        TestKeygate.node();
        second = KeygateNode.start(Settings.of(Map.of("http.port", "0", "backend.hosts", TestKeygate.backendUrl())),
                null, line -> System.out.println("[second keygate] " + line));
    }

    @AfterAll
    static void stopSecondNode() {
        if (second != null) second.close();
    }

    private static String secondUrl() {
        return "http://127.0.0.1:" + second.port();
    }

    @Test
    void anInvalidatedKeyIsRefusedByTheOtherNodeWithinASecondOrSo() throws Exception {
        TestKeygate.Response created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"multi-node\"}");
        String header = "ApiKey " + created.json().path("encoded").asText();
        String id = created.json().path("id").asText();
        // the second node authenticates the key and caches it
        assertThat(TestKeygate.call(secondUrl(), "GET", "/_security/_authenticate", header, null, "application/json").status()).isEqualTo(200);
        assertThat(TestKeygate.call(secondUrl(), "GET", "/_security/_authenticate", header, null, "application/json").status()).isEqualTo(200);

        assertThat(call("DELETE", "/_security/api_key", elastic(), "{\"ids\":[\"" + id + "\"]}").json()
                .path("invalidated_api_keys").get(0).asText()).isEqualTo(id);
        long invalidatedAt = System.nanoTime();
        long refusedAfterMillis = awaitStatus(header, 401, 10_000);
        System.out.println("[multi-node] invalidated key refused by the other node after " + refusedAfterMillis + " ms");
        assertThat(TestKeygate.call(secondUrl(), "GET", "/_security/_authenticate", header, null, "application/json")
                .json().path("error").path("additional_unsuccessful_credentials").asText())
                .isEqualTo("API key: api key [" + id + "] has been invalidated");
        assertThat((System.nanoTime() - invalidatedAt) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void aChangedPasswordStopsWorkingOnTheOtherNode() throws Exception {
        call("PUT", "/_security/user/multi_node_user", elastic(), "{\"password\":\"first-pass\",\"roles\":[\"viewer\"]}");
        String old = basic("multi_node_user", "first-pass");
        assertThat(TestKeygate.call(secondUrl(), "GET", "/_security/_authenticate", old, null, "application/json").status()).isEqualTo(200);
        call("PUT", "/_security/user/multi_node_user/_password", elastic(), "{\"password\":\"second-pass\"}");
        long millis = awaitStatus(old, 401, 10_000);
        System.out.println("[multi-node] old password refused by the other node after " + millis + " ms");
    }

    /** Polls the second node until it answers {@code status}; returns how long that took. */
    private static long awaitStatus(String authorization, int status, long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            int got = TestKeygate.call(secondUrl(), "GET", "/_security/_authenticate", authorization, null, "application/json").status();
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (got == status) return elapsed;
            if (elapsed > timeoutMillis) throw new AssertionError("still " + got + " after " + elapsed + " ms");
            Thread.sleep(20);
        }
    }
}
