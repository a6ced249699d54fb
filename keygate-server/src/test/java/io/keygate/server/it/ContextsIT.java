package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scroll and point-in-time contexts answer only to who opened them, on any Keygate node: opened on one node, used on a
 * second one started over the same backend; anyone else (and any edited id) gets Elasticsearch's 404.
 */
class ContextsIT {
    private static final String PW = "contexts-it-pw";
    private static final String ALICE = "ctx_alice";
    private static final String BOB = "ctx_bob";
    private static KeygateNode second;

    @BeforeAll
    static void setUp() throws Exception {
        TestKeygate.node();
        for (String u : new String[] {ALICE, BOB}) {
            assertThat(call("PUT", "/_security/role/" + u, elastic(),
                    "{\"indices\":[{\"names\":[\"ctx-*\"],\"privileges\":[\"read\"]}]}").status()).isEqualTo(200);
            assertThat(call("PUT", "/_security/user/" + u, elastic(),
                    "{\"password\":\"" + PW + "\",\"roles\":[\"" + u + "\"]}").status()).isEqualTo(200);
        }
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 5; i++) bulk.append("{\"index\":{\"_index\":\"ctx-data\",\"_id\":\"").append(i).append("\"}}\n{\"n\":").append(i).append("}\n");
        bulk.append("{\"index\":{\"_index\":\"secret-ctx-admin\",\"_id\":\"s\"}}\n{\"secret\":true}\n");
        TestKeygate.Response r = TestKeygate.call(TestKeygate.backendUrl(), "POST", "/_bulk?refresh=true", null, bulk.toString(), "application/x-ndjson");
        assertThat(r.json().path("errors").asBoolean()).as(r.text()).isFalse();
        // written behind Keygate's back: wait until its catalog of names (refreshed every second) has them
        for (int i = 0; i < 100 && call("GET", "/ctx-*/_count", basic(ALICE, PW), null).json().path("count").asInt() < 5; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        second = KeygateNode.start(Settings.of(Map.of("http.port", "0", "backend.hosts", TestKeygate.backendUrl())),
                null, line -> System.out.println("[second keygate] " + line));
    }

    @AfterAll
    static void stop() {
        if (second != null) second.close();
    }

    private static TestKeygate.Response onSecond(String method, String path, String user, String body) {
        return TestKeygate.call("http://127.0.0.1:" + second.port(), method, path, basic(user, PW), body, "application/json");
    }

    private static TestKeygate.Response onFirst(String method, String path, String user, String body) {
        return call(method, path, basic(user, PW), body);
    }

    private static void assertMissing(TestKeygate.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(404);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("search_context_missing_exception");
    }

    /** The id with one character changed. */
    private static String tampered(String id) {
        int i = id.length() / 2;
        return id.substring(0, i) + (id.charAt(i) == 'A' ? 'B' : 'A') + id.substring(i + 1);
    }

    @Test
    void aScrollAnswersOnlyToItsOwnerOnEveryNode() {
        TestKeygate.Response first = onFirst("POST", "/ctx-data/_search?scroll=1m&size=2&sort=n", ALICE, null);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        String id = first.json().path("_scroll_id").asText();
        assertThat(id).isNotEmpty().doesNotStartWith("FGluY2x1ZGVfY29udGV4dF91dWlk"); // not OpenSearch's own id

        TestKeygate.Response page = onSecond("POST", "/_search/scroll", ALICE, "{\"scroll\":\"1m\",\"scroll_id\":\"" + id + "\"}");
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.json().path("hits").path("hits")).hasSize(2);
        String next = page.json().path("_scroll_id").asText();
        assertThat(onFirst("GET", "/_search/scroll/" + next + "?scroll=1m", ALICE, null).json().path("hits").path("hits")).hasSize(1);

        assertMissing(onSecond("POST", "/_search/scroll", BOB, "{\"scroll\":\"1m\",\"scroll_id\":\"" + next + "\"}"));
        assertMissing(onFirst("GET", "/_search/scroll/" + next, BOB, null));
        assertMissing(onFirst("POST", "/_search/scroll", ALICE, "{\"scroll\":\"1m\",\"scroll_id\":\"" + tampered(next) + "\"}"));
        // Bob can neither clear Alice's scroll nor everybody's
        TestKeygate.Response bobClears = onSecond("DELETE", "/_search/scroll", BOB, "{\"scroll_id\":[\"" + next + "\"]}");
        assertThat(bobClears.status()).isEqualTo(404);
        assertThat(bobClears.json().path("num_freed").asInt()).isZero();
        TestKeygate.Response all = onFirst("DELETE", "/_search/scroll/_all", BOB, null);
        assertThat(all.status()).as(all.text()).isEqualTo(403);
        assertThat(all.json().path("error").path("reason").asText()).startsWith("action [cluster:admin/indices/scroll/clear_all] is unauthorized");
        assertThat(onSecond("POST", "/_search/scroll", ALICE, "{\"scroll\":\"1m\",\"scroll_id\":\"" + next + "\"}").status()).isEqualTo(200);

        TestKeygate.Response cleared = onSecond("DELETE", "/_search/scroll", ALICE, "{\"scroll_id\":\"" + next + "\"}");
        assertThat(cleared.status()).as(cleared.text()).isEqualTo(200);
        assertThat(cleared.json().path("num_freed").asInt()).isEqualTo(1);
    }

    @Test
    void theSuperusersScrollIsNotAnybodysScroll() {
        TestKeygate.Response admin = call("POST", "/secret-ctx-admin/_search?scroll=1m&size=1", elastic(), null);
        assertThat(admin.status()).as(admin.text()).isEqualTo(200);
        String id = admin.json().path("_scroll_id").asText();
        assertMissing(onSecond("POST", "/_search/scroll", ALICE, "{\"scroll\":\"1m\",\"scroll_id\":\"" + id + "\"}"));
        assertThat(call("DELETE", "/_search/scroll", elastic(), "{\"scroll_id\":\"" + id + "\"}").status()).isEqualTo(200);
    }

    @Test
    void anOpenSearchStylePitWorksForItsOwnerOnly() {
        TestKeygate.Response open = onFirst("POST", "/ctx-*/_search/point_in_time?keep_alive=1m", ALICE, null);
        assertThat(open.status()).as(open.text()).isEqualTo(200);
        String pit = open.json().path("pit_id").asText();
        String search = "{\"size\":10,\"pit\":{\"id\":\"" + pit + "\",\"keep_alive\":\"1m\"}}";

        TestKeygate.Response hits = onSecond("POST", "/_search", ALICE, search);
        assertThat(hits.status()).as(hits.text()).isEqualTo(200);
        assertThat(hits.json().path("hits").path("total").path("value").asInt()).isEqualTo(5); // secret-ctx-admin is not Alice's
        assertThat(hits.json().path("pit_id").asText()).isNotEmpty();
        for (JsonNode h : hits.json().path("hits").path("hits")) assertThat(h.path("_index").asText()).isEqualTo("ctx-data");

        assertMissing(onSecond("POST", "/_search", BOB, search));
        assertMissing(onFirst("POST", "/_search", ALICE, search.replace(pit, tampered(pit))));
        assertMissing(onFirst("DELETE", "/_search/point_in_time", BOB, "{\"pit_id\":[\"" + pit + "\"]}"));
        assertThat(onFirst("POST", "/_search", ALICE, search).status()).isEqualTo(200);

        TestKeygate.Response closed = onSecond("DELETE", "/_search/point_in_time", ALICE, "{\"pit_id\":[\"" + pit + "\"]}");
        assertThat(closed.status()).as(closed.text()).isEqualTo(200);
        assertThat(closed.json().path("pits").get(0).path("pit_id").asText()).isEqualTo(pit);
        assertThat(backend("GET", "/_search/point_in_time/_all", null).text()).doesNotContain("ctx-data");
    }

    @Test
    void anElasticsearchStylePitIsTranslated() {
        TestKeygate.Response open = onSecond("POST", "/ctx-data/_pit?keep_alive=1m", ALICE, null);
        assertThat(open.status()).as(open.text()).isEqualTo(200);
        String pit = open.json().path("id").asText();
        assertThat(pit).isNotEmpty();
        TestKeygate.Response hits = onFirst("POST", "/_search", ALICE, "{\"pit\":{\"id\":\"" + pit + "\"}}");
        assertThat(hits.status()).as(hits.text()).isEqualTo(200);
        assertThat(hits.json().path("hits").path("total").path("value").asInt()).isEqualTo(5);
        assertThat(onFirst("POST", "/ctx-data/_search", ALICE, "{\"pit\":{\"id\":\"" + pit + "\"}}").status()).isEqualTo(400);

        TestKeygate.Response bobCloses = onFirst("DELETE", "/_pit", BOB, "{\"id\":\"" + pit + "\"}");
        assertThat(bobCloses.status()).isEqualTo(404);
        assertThat(bobCloses.json().path("num_freed").asInt()).isZero();
        TestKeygate.Response closed = onFirst("DELETE", "/_pit", ALICE, "{\"id\":\"" + pit + "\"}");
        assertThat(closed.status()).as(closed.text()).isEqualTo(200);
        assertThat(closed.json().path("succeeded").asBoolean()).isTrue();
        assertThat(closed.json().path("num_freed").asInt()).isEqualTo(1);
    }
}
