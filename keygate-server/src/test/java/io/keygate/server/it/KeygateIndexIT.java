package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.keygate.server.it.AuthzFixture.assertForbidden;
import static io.keygate.server.it.AuthzFixture.exists;
import static io.keygate.server.it.AuthzFixture.hitIndices;
import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Not even the superuser reaches {@code .keygate-security} through the proxy: no path, body or wildcard. */
class KeygateIndexIT {
    private static final String K = ".keygate-security";

    @BeforeAll
    static void setUp() {
        AuthzFixture.setUp();
        assertThat(exists(K)).isTrue();
    }

    private static void assertNothingLeaked(TestKeygate.Response r) {
        // a refused _mget doc names the index it asked for (as in Elasticsearch); no document of it comes back
        String text = r.text().replaceAll("\"_index\":\"[^\"]*\",\"_id\":\"[^\"]*\",\"error\"", "\"error\"");
        assertThat(text).doesNotContain("\"_index\":\"" + K).doesNotContain("password_hash").doesNotContain("api_key_hash");
    }

    @Test
    void pathsNamingIt() {
        for (String[] req : List.of(new String[]{"GET", "/" + K + "/_search"}, new String[]{"GET", "/" + K + "/_doc/x"},
                new String[]{"GET", "/" + K}, new String[]{"GET", "/" + K + "/_mapping"}, new String[]{"DELETE", "/" + K},
                new String[]{"POST", "/" + K + "/_close"}, new String[]{"GET", "/%2Ekeygate-security/_search"},
                new String[]{"GET", "/.keygate-security,logs-app-1/_search"}, new String[]{"POST", "/" + K + "/_delete_by_query"},
                new String[]{"GET", "/_cat/count/" + K}, new String[]{"PUT", "/logs-app-1,.keygate-security/_alias/mine"})) {
            TestKeygate.Response r = call(req[0], req[1], elastic(), req[0].equals("POST") ? "{\"query\":{\"match_all\":{}}}" : null);
            assertForbidden(r);
            assertNothingLeaked(r);
        }
        assertThat(exists(K)).isTrue();
    }

    @Test
    void wildcardsNeverExpandToIt() {
        for (String path : List.of("/*/_search?size=500&expand_wildcards=all", "/_search?size=500&expand_wildcards=all",
                "/_all/_search?size=500&expand_wildcards=hidden,open", "/.k*/_search?size=500", "/*security*/_search?expand_wildcards=all",
                "/*/_search?size=500&expand_wildcards=open&expand_wildcards=all")) {
            TestKeygate.Response r = call("GET", path, elastic(), null);
            assertThat(r.status()).as(path + " " + r.text()).isEqualTo(200);
            assertThat(hitIndices(r)).as(path).noneMatch(i -> i.startsWith(K));
        }
        JsonNode cat = call("GET", "/_cat/indices?format=json&expand_wildcards=all", elastic(), null).json();
        assertThat(cat.findValuesAsText("index")).noneMatch(i -> i.startsWith(K));
        JsonNode resolved = call("GET", "/_resolve/index/*?expand_wildcards=all", elastic(), null).json();
        assertThat(resolved.toString()).doesNotContain(K);
    }

    @Test
    void bodiesNamingIt() {
        List<String[]> requests = List.of(
                new String[]{"/_mget", "{\"docs\":[{\"_index\":\"" + K + "\",\"_id\":\"x\"}]}"},
                new String[]{"/" + K + "/_mget", "{\"ids\":[\"x\"]}"},
                new String[]{"/_msearch", "{\"index\":\"" + K + "\"}\n{}\n"},
                new String[]{"/_msearch", "{\"index\":\"*\",\"expand_wildcards\":\"all\"}\n{}\n"},
                new String[]{"/_msearch", "{\"index\":\".k*\"}\n{}\n"},
                new String[]{"/_msearch?expand_wildcards=all", "{\"index\":\"*\"}\n{}\n"},
                new String[]{"/_msearch", "{}\n{}\n\n{}\n{\"index\":\"" + K + "\"}\n{}\n"},
                new String[]{"/_reindex", "{\"source\":{\"index\":\"" + K + "\"},\"dest\":{\"index\":\"stolen-security\"}}"},
                new String[]{"/_reindex", "{\"source\":{\"index\":\".k*\"},\"dest\":{\"index\":\"stolen-security\"}}"},
                new String[]{"/_reindex", "{\"source\":{\"index\":\"logs-app-1\"},\"dest\":{\"index\":\"" + K + "\"}}"},
                new String[]{"/_reindex", "{\"source\":{\"index\":\"logs-app-1\"},\"dest\":{\"index\":\"logs-copy-k\"},"
                        + "\"script\":{\"source\":\"ctx._index = '" + K + "'\"}}"},
                new String[]{"/_aliases", "{\"actions\":[{\"add\":{\"index\":\"" + K + "\",\"alias\":\"stolen-alias\"}}]}"},
                new String[]{"/_aliases", "{\"actions\":[{\"add\":{\"index\":\".k*\",\"alias\":\"stolen-alias\"}}]}"},
                new String[]{"/_aliases", "{\"actions\":[{\"remove_index\":{\"index\":\"" + K + "\"}}]}"},
                new String[]{"/logs-app-1/_search", "{\"query\":{\"terms\":{\"msg\":{\"index\":\"" + K + "\",\"id\":\"x\",\"path\":\"p\"}}}}"});
        for (String[] req : requests) {
            TestKeygate.Response r = call("POST", req[0], elastic(), req[1]);
            // a forbidden _mget doc or _msearch search is answered with its own error, as in Elasticsearch
            boolean itemAnswer = r.status() == 200 && (r.json().has("responses") || r.json().has("docs"))
                    && r.text().contains("\"type\":\"security_exception\"");
            if (!itemAnswer) assertThat(r.status()).as(req[0] + " " + req[1] + " -> " + r.text()).isIn(400, 403);
            assertNothingLeaked(r);
        }
        assertThat(exists("stolen-security")).isFalse();
        assertThat(exists("stolen-alias")).isFalse();
        assertThat(exists(K)).isTrue();
        assertThat(backend("GET", "/" + K + "/_alias", null).json().path(K).path("aliases").size()).isZero();
    }

    @Test
    void unknownEndpointsCannotSmuggleItPastTheSuperuserCheck() {
        for (String path : List.of("/.%6Beygate-security/_unknown_api", "/.%6beygate-security/_unknown_api",
                "/%2ekeygate-security/_unknown_api", "/.k*/_unknown_api", "/*/_unknown_api?expand_wildcards=%61ll",
                "/_unknown_api/.keygate-security", "/*security*/_unknown_api?expand_wildcards=all", "/_unknown_api?index=.%6Beygate-security")) {
            TestKeygate.Response r = call("GET", path, elastic(), null);
            assertForbidden(r);
            assertNothingLeaked(r);
        }
    }
}
