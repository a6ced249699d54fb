package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** The backend goes away and comes back; one of several backend hosts is dead. */
class BackendFaultsIT {

    private static TestKeygate.Response get(KeygateNode node, String path) {
        return TestKeygate.call("http://127.0.0.1:" + node.port(), "GET", path, elastic(), null, "application/json");
    }

    @Test
    void aBackendThatGoesAwayIs503AndTheNodeRecoversByItselfWhenItReturns() throws Exception {
        URI backend = URI.create(TestKeygate.backendUrl());
        try (TcpRelay relay = new TcpRelay(backend.getHost(), backend.getPort()).start();
             KeygateNode node = KeygateNode.start(Settings.of(Map.of("http.port", "0",
                     "backend.hosts", "http://127.0.0.1:" + relay.port())), null, line -> System.out.println("[faults keygate] " + line))) {
            assertThat(get(node, "/_security/user").status()).isEqualTo(200);
            TestKeygate.Response created = TestKeygate.call("http://127.0.0.1:" + node.port(), "POST", "/_security/api_key", elastic(),
                    "{\"name\":\"faults-new-key\"}", "application/json");
            assertThat(created.status()).as(created.text()).isEqualTo(200);
            String newKey = "ApiKey " + created.json().path("encoded").asText(); // never used: its document must be read

            relay.stop();
            long start = System.nanoTime();
            TestKeygate.Response down = get(node, "/_security/user");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[faults] backend down: " + down.status() + " after " + millis + " ms");
            assertThat(down.status()).as(down.text()).isEqualTo(503);
            JsonNode error = down.json().path("error");
            assertThat(error.path("type").asText()).isEqualTo("connect_transport_exception");
            assertThat(error.path("root_cause").get(0).path("type").asText()).isEqualTo("connect_transport_exception");
            assertThat(down.json().path("status").asInt()).isEqualTo(503);
            assertThat(millis).isLessThan(6_000);
            // an authentication this node verified before needs no backend
            assertThat(get(node, "/_security/_authenticate").status()).isEqualTo(200);
            // a key this node has not verified yet: its (batched) read fails as the backend's other calls do
            TestKeygate.Response unverified = TestKeygate.call("http://127.0.0.1:" + node.port(), "GET", "/_security/_authenticate",
                    newKey, null, "application/json");
            assertThat(unverified.status()).as(unverified.text()).isEqualTo(503);
            assertThat(unverified.json().path("error").path("type").asText()).isEqualTo("connect_transport_exception");

            relay.start();
            long back = System.nanoTime();
            while (get(node, "/_security/user").status() != 200) {
                assertThat((System.nanoTime() - back) / 1_000_000).as("recovered within 10 s").isLessThan(10_000);
                Thread.sleep(100);
            }
            System.out.println("[faults] recovered " + (System.nanoTime() - back) / 1_000_000 + " ms after the backend returned");
            // the failed read was not remembered as a refusal: the key works once the backend is back
            assertThat(TestKeygate.call("http://127.0.0.1:" + node.port(), "GET", "/_security/_authenticate", newKey, null,
                    "application/json").status()).isEqualTo(200);
        }
    }

    @Test
    void withSeveralBackendHostsADeadOneIsPassedOver() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort(); // free, then closed: connections to it are refused
        }
        try (KeygateNode node = KeygateNode.start(Settings.of(Map.of("http.port", "0",
                "backend.hosts", "http://127.0.0.1:" + dead + "," + TestKeygate.backendUrl())),
                null, line -> System.out.println("[failover keygate] " + line))) {
            for (int i = 0; i < 20; i++) {
                TestKeygate.Response r = get(node, "/_security/user");
                assertThat(r.status()).as(r.text()).isEqualTo(200);
            }
        }
    }
}
