package io.keygate.server.it;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /_keygate/metrics}: Prometheus' text format, for callers holding the {@code monitor} cluster privilege. */
class KeygateMetricsIT {
    private static final String PW = "metrics-pass-1";

    /** Parses the exposition format's samples: {@code name{labels} value} → value. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    @Test
    void scrapedAndParsed() throws Exception {
        TestKeygate.node();
        call("PUT", "/_security/role/metrics_monitor", elastic(), "{\"cluster\":[\"monitor\"]}");
        call("PUT", "/_security/user/metrics_reader", elastic(), "{\"password\":\"" + PW + "\",\"roles\":[\"metrics_monitor\"]}");
        call("PUT", "/_security/user/metrics_nobody", elastic(), "{\"password\":\"" + PW + "\",\"roles\":[]}");
        String key = call("POST", "/_security/api_key", elastic(), "{\"name\":\"metrics-key\"}").json().path("encoded").asText();
        call("GET", "/_security/_authenticate", "ApiKey " + key, null); // read and cached
        Thread.sleep(1_000); // the change feed has seen the key's creation (and dropped it from the cache once) by now
        call("GET", "/_security/_authenticate", "ApiKey " + key, null);
        double hitsBefore = samples(call("GET", "/_keygate/metrics", elastic(), null).text()).get("keygate_authc_api_key_cache_hits_total");
        for (int i = 0; i < 3; i++) call("GET", "/_security/_authenticate", "ApiKey " + key, null);
        assertThat(call("GET", "/_security/user", basic("metrics_nobody", PW), null).status()).isEqualTo(403);

        TestKeygate.Response r = call("GET", "/_keygate/metrics", basic("metrics_reader", PW), null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        Map<String, Double> s = samples(r.text());
        assertThat(s.get("keygate_requests_seconds_count{family=\"security\",outcome=\"success\"}")).isGreaterThanOrEqualTo(4);
        assertThat(s.get("keygate_requests_seconds_count{family=\"security\",outcome=\"denied\"}")).isGreaterThanOrEqualTo(1);
        assertThat(s.keySet()).anyMatch(k -> k.startsWith("keygate_requests_seconds_bucket{family=\"security\",outcome=\"success\",le="));
        assertThat(s.get("keygate_authc_api_key_cache_hits_total")).isGreaterThanOrEqualTo(hitsBefore + 3);
        assertThat(s.get("keygate_authc_api_key_cache_misses_total")).isGreaterThanOrEqualTo(1);
        assertThat(s).containsKeys("keygate_api_keys{status=\"active\"}", "keygate_api_keys{status=\"expired\"}",
                "keygate_api_keys{status=\"invalidated\"}", "keygate_api_keys_expiring_soon", "keygate_api_key_usage_writes_total");
        assertThat(r.text()).doesNotContain(key);

        TestKeygate.Response denied = call("GET", "/_keygate/metrics", basic("metrics_nobody", PW), null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("error").path("reason").asText())
                .startsWith("action [cluster:monitor/keygate/metrics] is unauthorized for user [metrics_nobody]");
        assertThat(call("GET", "/_keygate/metrics", null, null).status()).isEqualTo(401);
        assertThat(call("POST", "/_keygate/metrics", elastic(), "{}").status()).isEqualTo(405);
        // the scrape itself is counted under keygate
        assertThat(samples(call("GET", "/_keygate/metrics", elastic(), null).text()))
                .containsKey("keygate_requests_seconds_count{family=\"keygate\",outcome=\"success\"}");
    }

    @Test
    void backendAnswerTimesAreAHistogramOfTheirOwn() {
        String proxied2xx = "keygate_backend_requests_seconds_count{source=\"proxy\",status=\"2xx\"}";
        String proxied4xx = "keygate_backend_requests_seconds_count{source=\"proxy\",status=\"4xx\"}";
        Map<String, Double> before = samples(call("GET", "/_keygate/metrics", elastic(), null).text());
        assertThat(call("PUT", "/metrics-backend/_doc/1?refresh=true", elastic(), "{\"a\":1}").status()).isIn(200, 201);
        assertThat(call("GET", "/metrics-backend/_search", elastic(), null).status()).isEqualTo(200);
        assertThat(call("GET", "/metrics-backend/_doc/missing", elastic(), null).status()).isEqualTo(404); // the backend's 404

        String text = call("GET", "/_keygate/metrics", elastic(), null).text();
        Map<String, Double> after = samples(text);
        assertThat(after.get(proxied2xx)).isGreaterThanOrEqualTo(before.getOrDefault(proxied2xx, 0.0) + 2);
        assertThat(after.get(proxied4xx)).isGreaterThanOrEqualTo(before.getOrDefault(proxied4xx, 0.0) + 1);
        assertThat(after.get("keygate_backend_requests_seconds_sum{source=\"proxy\",status=\"2xx\"}")).isPositive();
        // a histogram: cumulative buckets up to +Inf, which holds every request
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("keygate_backend_requests_seconds_bucket{source=\"proxy\",status=\"2xx\",le=\"0.0"));
        assertThat(after.get("keygate_backend_requests_seconds_bucket{source=\"proxy\",status=\"2xx\",le=\"+Inf\"}"))
                .isEqualTo(after.get(proxied2xx));
        // Keygate's own calls (authentication's user lookups, the security index, the catalog) apart from the clients'
        assertThat(after.get("keygate_backend_requests_seconds_count{source=\"keygate\",status=\"2xx\"}")).isPositive();
        assertThat(text).contains("# TYPE keygate_backend_requests_seconds histogram");
    }

    @Test
    void aBackendThatDoesNotAnswerIsCountedAsNone() throws Exception {
        java.net.URI backend = java.net.URI.create(TestKeygate.backendUrl());
        try (TcpRelay relay = new TcpRelay(backend.getHost(), backend.getPort()).start();
             io.keygate.server.KeygateNode node = io.keygate.server.KeygateNode.start(io.keygate.server.config.Settings.of(Map.of(
                     "http.port", "0", "backend.hosts", "http://127.0.0.1:" + relay.port())), null,
                     line -> System.out.println("[metrics keygate] " + line))) {
            String url = "http://127.0.0.1:" + node.port();
            String none = "keygate_backend_requests_seconds_count{source=\"proxy\",status=\"none\"}";
            assertThat(TestKeygate.call(url, "GET", "/_cluster/health", elastic(), null, null).status()).isEqualTo(200);
            assertThat(samples(TestKeygate.call(url, "GET", "/_keygate/metrics", elastic(), null, null).text())).doesNotContainKey(none);

            relay.stop();
            assertThat(TestKeygate.call(url, "GET", "/_cluster/health", elastic(), null, null).status()).isEqualTo(503);
            // the scrape needs no backend: elastic was verified before, the metrics are the node's own
            Map<String, Double> after = samples(TestKeygate.call(url, "GET", "/_keygate/metrics", elastic(), null, null).text());
            assertThat(after.get(none)).isEqualTo(1.0);
            assertThat(after.get("keygate_backend_requests_seconds_count{source=\"proxy\",status=\"2xx\"}")).isEqualTo(1.0);
        }
    }

    @Test
    void breakerTripsAreCounted() throws Exception {
        // a node of its own, with a tiny in-flight limit and a quick lockout, over the same backend
        try (ChildKeygate node = ChildKeygate.start("network.breaker.inflight_requests.limit=1kb",
                "keygate.security.authc.lockout.max_failures=2")) {
            String inFlight = "keygate_breaker_trips_total{breaker=\"in_flight_requests\"}";
            String lockout = "keygate_breaker_trips_total{breaker=\"authc_lockout\"}";
            Map<String, Double> before = samples(TestKeygate.call(node.url(), "GET", "/_keygate/metrics", elastic(), null, null).text());
            assertThat(before).containsEntry(inFlight, 0.0).containsEntry(lockout, 0.0);

            TestKeygate.Response tripped = TestKeygate.call(node.url(), "GET", "/_security/_authenticate", elastic(),
                    "{\"pad\":\"" + "x".repeat(4096) + "\"}", "application/json");
            assertThat(tripped.status()).as(tripped.text()).isEqualTo(429);
            assertThat(tripped.json().path("error").path("type").asText()).isEqualTo("circuit_breaking_exception");
            for (int i = 0; i < 2; i++) {
                assertThat(TestKeygate.call(node.url(), "GET", "/", basic("metrics_lock_me", "wrong-" + i), null, null).status())
                        .isEqualTo(401);
            }

            Map<String, Double> after = samples(TestKeygate.call(node.url(), "GET", "/_keygate/metrics", elastic(), null, null).text());
            assertThat(after.get(inFlight)).isEqualTo(1.0);
            assertThat(after.get(lockout)).isEqualTo(1.0);
            assertThat(after.get("keygate_requests_seconds_count{family=\"security\",outcome=\"rejected\"}")).isEqualTo(1.0);
        }
    }
}
