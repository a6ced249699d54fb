package io.keygate.server.it;

import org.junit.jupiter.api.Test;

import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Smaller differences from Elasticsearch found by its own REST tests (issue 17, points 7 and 9). */
class EsBehaviourIT {

    @Test
    void deletingByWildcardIsA400NotAHang() {
        assertThat(backend("PUT", "/es17-doomed-1", "{}").status()).isEqualTo(200);
        TestKeygate.Response r = call("DELETE", "/es17-doomed-*", elastic(), null);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("error").path("reason").asText()).isEqualTo("Wildcard expressions or all indices are not allowed");
        assertThat(backend("HEAD", "/es17-doomed-1", null).status()).isEqualTo(200);
    }

    @Test
    void answersKeygateWritesAreFilteredByFilterPath() {
        TestKeygate.Response r = call("GET", "/_security/_authenticate?filter_path=username,roles", elastic(), null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"username\":\"elastic\",\"roles\":[\"superuser\"]}");
        TestKeygate.Response excluded = call("GET", "/_security/user/elastic?filter_path=-*.metadata", elastic(), null);
        assertThat(excluded.json().path("elastic").has("metadata")).as(excluded.text()).isFalse();
        assertThat(excluded.json().path("elastic").path("username").asText()).isEqualTo("elastic");
        // and every other answer Keygate writes itself: the root endpoint clients probe
        TestKeygate.Response root = call("GET", "/?filter_path=version.number", elastic(), null);
        assertThat(root.json().fieldNames()).toIterable().containsExactly("version");
        assertThat(root.json().path("version").fieldNames()).toIterable().containsExactly("number");
    }

    @Test
    void aUsernameInTheBodyMustMatchThePath() {
        TestKeygate.Response r = call("PUT", "/_security/user/es17_joe", elastic(),
                "{\"username\":\"es17_bob\",\"password\":\"s3cr3t-pw\",\"roles\":[]}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("error").path("reason").asText())
                .isEqualTo("[username] in source does not match the username provided [es17_joe]");
        assertThat(call("GET", "/_security/user/es17_bob", elastic(), null).status()).isEqualTo(404);
        assertThat(call("PUT", "/_security/user/es17_joe", elastic(), "{\"username\":\"es17_joe\",\"password\":\"s3cr3t-pw\",\"roles\":[]}")
                .status()).isEqualTo(200);
    }

    @Test
    void aClearTextPasswordHashNeverLocksAUserOut() {
        assertThat(call("PUT", "/_security/user/es17_carol", elastic(), "{\"password\":\"s3cr3t-pw\",\"roles\":[]}").status()).isEqualTo(200);
        TestKeygate.Response r = call("PUT", "/_security/user/es17_carol/_password", elastic(), "{\"password_hash\":\"not-a-hash\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("error").path("reason").asText()).contains("is not a hash");
        assertThat(call("GET", "/_security/_authenticate", basic("es17_carol", "s3cr3t-pw"), null).status()).isEqualTo(200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void catIndicesListsClosedIndices() {
        assertThat(backend("PUT", "/es17-closed", "{}").status()).isEqualTo(200);
        assertThat(backend("POST", "/es17-closed/_close", null).status()).isEqualTo(200);
        // made behind Keygate's back: its cached catalog of names sees the index within its refresh interval
        TestKeygate.Response all = call("GET", "/_cat/indices?format=json", elastic(), null);
        for (int i = 0; i < 100 && !all.text().contains("\"index\":\"es17-closed\""); i++) {
            sleep(100);
            all = call("GET", "/_cat/indices?format=json", elastic(), null);
        }
        assertThat(all.status()).as(all.text()).isEqualTo(200);
        assertThat(all.text()).contains("\"index\":\"es17-closed\"").contains("\"status\":\"close\"");
        TestKeygate.Response one = call("GET", "/_cat/indices/es17-closed?format=json", elastic(), null);
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        assertThat(one.text()).contains("\"status\":\"close\"");
    }
}
