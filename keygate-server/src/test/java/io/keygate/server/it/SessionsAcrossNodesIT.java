package io.keygate.server.it;

import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Keygate nodes behind a load balancer without sticky sessions: a UI session works on both, ends on both
 * at a logout or a change to its user, and a {@code _clear_cache} on one clears the other too.
 */
class SessionsAcrossNodesIT {
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

    private static int onSecond(String method, String path, UiSessionIT.Session s, String csrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(secondUrl() + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Cookie", s.cookie());
        if (csrf != null) b.header("X-Keygate-CSRF", csrf);
        return TestKeygate.send(b.build()).status();
    }

    private static int onFirst(String path, UiSessionIT.Session s) {
        return UiSessionIT.request("GET", path, s.cookie(), null, null).status();
    }

    private static UiSessionIT.Session userLoggedIn(String name) {
        assertThat(call("PUT", "/_security/user/" + name, elastic(), "{\"password\":\"across-pass\",\"roles\":[\"viewer\"]}").status())
                .isIn(200, 201);
        UiSessionIT.Session s = UiSessionIT.login(name, "across-pass");
        assertThat(onFirst("/_security/_authenticate", s)).isEqualTo(200);
        assertThat(onSecond("GET", "/_security/_authenticate", s, null)).isEqualTo(200);
        return s;
    }

    @Test
    void aSessionFromOneNodeIsServedByTheOtherAndALogoutThereEndsItHere() {
        UiSessionIT.Session s = userLoggedIn("across_logout");
        assertThat(onSecond("DELETE", "/_keygate/session", s, s.csrf())).isEqualTo(200);
        assertThat(onFirst("/_security/_authenticate", s)).isEqualTo(401);
    }

    @Test
    void aPasswordChangeEndsTheUsersSessionsOnEveryNode() {
        UiSessionIT.Session s = userLoggedIn("across_password");
        assertThat(call("PUT", "/_security/user/across_password/_password", elastic(), "{\"password\":\"another-pass\"}").status())
                .isEqualTo(200);
        assertThat(onSecond("GET", "/_security/_authenticate", s, null)).isEqualTo(401);
        assertThat(onFirst("/_security/_authenticate", s)).isEqualTo(401);
    }

    @Test
    void aRoleChangeOrADisableEndsTheUsersSessions() {
        UiSessionIT.Session s = userLoggedIn("across_roles");
        assertThat(call("PUT", "/_security/user/across_roles", elastic(), "{\"roles\":[\"editor\"]}").status()).isEqualTo(200);
        assertThat(onSecond("GET", "/_security/_authenticate", s, null)).isEqualTo(401);

        UiSessionIT.Session t = userLoggedIn("across_disabled");
        assertThat(call("PUT", "/_security/user/across_disabled/_disable", elastic(), null).status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/across_disabled/_enable", elastic(), null).status()).isEqualTo(200);
        assertThat(onSecond("GET", "/_security/_authenticate", t, null)).isEqualTo(401); // re-enabling does not revive it
    }

    @Test
    void aClearCacheOnOneNodeClearsTheOtherToo() throws Exception {
        var created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"across-clear\"}").json();
        String id = created.path("id").asText();
        String header = "ApiKey " + created.path("encoded").asText();
        Thread.sleep(1_000); // the change feed has delivered the key's creation (delivering it later would evict it)
        assertThat(TestKeygate.call(secondUrl(), "GET", "/_security/_authenticate", header, null, "application/json").status()).isEqualTo(200);
        // the key changes behind Keygate's back (a restore, an operator's fix): no change is announced
        String doc = TestKeygate.backend("GET", "/.keygate-security/_doc/" + id, null).json().path("_source").toString();
        String invalidated = doc.replace("\"api_key_invalidated\":false", "\"api_key_invalidated\":true");
        assertThat(invalidated).isNotEqualTo(doc);
        assertThat(TestKeygate.backend("PUT", "/.keygate-security/_doc/" + id + "?refresh=true", invalidated).status()).isEqualTo(200);
        Thread.sleep(1_000);
        assertThat(TestKeygate.call(secondUrl(), "GET", "/_security/_authenticate", header, null, "application/json").status())
                .as("still cached on the second node").isEqualTo(200);

        assertThat(call("POST", "/_security/api_key/" + id + "/_clear_cache", elastic(), null).status()).isEqualTo(200);
        long start = System.nanoTime();
        while (TestKeygate.call(secondUrl(), "GET", "/_security/_authenticate", header, null, "application/json").status() != 401) {
            assertThat((System.nanoTime() - start) / 1_000_000).as("cleared on the other node").isLessThan(5_000);
            Thread.sleep(50);
        }
        System.out.println("[sessions] _clear_cache reached the other node after " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
