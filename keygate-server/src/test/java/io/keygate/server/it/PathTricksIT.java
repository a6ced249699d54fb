package io.keygate.server.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.keygate.server.it.AuthzFixture.READER;
import static io.keygate.server.it.AuthzFixture.as;
import static io.keygate.server.it.AuthzFixture.assertDenied;
import static io.keygate.server.it.AuthzFixture.assertForbidden;
import static io.keygate.server.it.AuthzFixture.denial;
import static io.keygate.server.it.AuthzFixture.hitIndices;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Paths and parameters written to make Keygate and the backend read a request differently. */
class PathTricksIT {

    @BeforeAll
    static void setUp() {
        AuthzFixture.setUp();
    }

    private static void assertNoSecret(TestKeygate.Response r) {
        assertThat(r.text()).doesNotContain("s3cr3t").doesNotContain("\"_index\":\"secret-index\"");
    }

    @Test
    void dotSegmentsAndEncodedSlashesAre400() {
        for (String path : List.of("/logs-app-1/%2e%2e/secret-index/_search", "/logs-app-1/%2E%2E/secret-index/_search",
                "/logs-app-1/../secret-index/_search", "/logs-app-1/./_search", "/logs-app-1%2F..%2Fsecret-index/_search",
                "/logs-app-1%2fsecret-index/_search")) {
            TestKeygate.Response r = call("GET", path, as(READER), null);
            assertThat(r.status()).as(path + " " + r.text()).isEqualTo(400);
            assertNoSecret(r);
        }
    }

    @Test
    void emptySegmentsAreIgnoredAsTheBackendDoes() {
        assertDenied(call("GET", "//secret-index//_search", as(READER), null),
                denial(READER, "indices:data/read/search", List.of("secret-index"), "read,all"));
        assertThat(hitIndices(call("GET", "//logs-app-1///_search/", as(READER), null))).containsExactly("logs-app-1");
        // a raw "//name/..." reads as an authority to an URI parser: the backend must get the path Keygate authorized
        assertThat(hitIndices(call("GET", "//logs-app-1/_search?size=100", as(READER), null))).containsOnly("logs-app-1");
        assertThat(hitIndices(call("GET", "//logs-app-1/_search?size=100", elastic(), null))).containsOnly("logs-app-1");
    }

    @Test
    void pathsAreCaseSensitiveAndUnknownFormsAreRefused() {
        TestKeygate.Response upper = call("GET", "/secret-index/_SEARCH", as(READER), null);
        assertForbidden(upper);
        assertNoSecret(upper);
        assertForbidden(call("GET", "/SECRET-INDEX/_search", as(READER), null));
    }

    @Test
    void queryParametersCannotRetargetTheRequest() {
        // the backend reads path and query parameters from one map: an index parameter is refused outright
        TestKeygate.Response index = call("GET", "/logs-app-1/_search?index=secret-index&size=50", as(READER), null);
        assertThat(index.status()).isEqualTo(400);
        assertThat(index.json().path("error").path("reason").asText())
                .isEqualTo("request [/logs-app-1/_search] contains unrecognized parameter: [index]");
        assertNoSecret(index);
        TestKeygate.Response twice = call("GET", "/logs-*/_search?size=100&expand_wildcards=open&expand_wildcards=all", as(READER), null);
        assertThat(hitIndices(twice)).allMatch(i -> i.startsWith("logs-"));
        TestKeygate.Response starTwice = call("GET", "/*/_search?size=200&expand_wildcards=none&expand_wildcards=all",
                as(AuthzFixture.STAR), null);
        assertThat(hitIndices(starTwice)).noneMatch(i -> i.equals(".security-7") || i.startsWith(".keygate-security"));
        TestKeygate.Response sourceParam = call("GET", "/logs-app-1/_search?q=_index:secret-index", as(READER), null);
        assertThat(hitIndices(sourceParam)).isEmpty();
    }

    @Test
    void exclusionsAndAll() {
        assertThat(hitIndices(call("GET", "/_all/_search?size=100", as(READER), null))).allMatch(i -> i.startsWith("logs-"));
        assertThat(hitIndices(call("GET", "/logs-app-*,-logs-app-1/_search?size=100", as(READER), null)))
                .containsOnly("logs-app-2").allMatch(i -> i.startsWith("logs-"));
        TestKeygate.Response leadingExclusion = call("GET", "/-logs-app-1/_search", as(READER), null);
        assertThat(leadingExclusion.status()).as(leadingExclusion.text()).isEqualTo(400);
        assertThat(leadingExclusion.json().path("error").path("type").asText()).isEqualTo("invalid_index_name_exception");
        // an exclusion of a forbidden name is not a way to name it
        assertThat(hitIndices(call("GET", "/*,-secret-index/_search?size=100", as(READER), null))).allMatch(i -> i.startsWith("logs-"));
    }

    @Test
    void remoteClusterExpressionsAreRefused() {
        TestKeygate.Response r = call("GET", "/other:logs-x/_search", as(READER), null);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().path("error").path("reason").asText()).contains("remote cluster");
        assertThat(call("GET", "/logs-app-1,other:secret-index/_search", elastic(), null).status()).isEqualTo(400);
        assertThat(call("POST", "/_msearch", as(READER), "{\"index\":\"other:logs-x\"}\n{}\n").status()).isIn(400, 403);
    }

    @Test
    void oversizedAndMalformedBodies() {
        String huge = "{\"query\":{\"match\":{\"msg\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}}}";
        TestKeygate.Response tooLarge = call("POST", "/logs-app-1/_search", as(READER), huge);
        assertThat(tooLarge.status()).as(tooLarge.text().substring(0, Math.min(300, tooLarge.text().length()))).isEqualTo(413);
        TestKeygate.Response hugeMget = call("POST", "/_mget", as(READER), huge);
        assertThat(hugeMget.status()).isEqualTo(413);
        TestKeygate.Response badMget = call("POST", "/_mget", as(READER), "{\"docs\":[{\"_index\":\"secret-index\",\"_id\":\"1\"}");
        assertThat(badMget.status()).as(badMget.text()).isIn(400, 403);
        assertNoSecret(badMget);
        TestKeygate.Response badMsearch = call("POST", "/_msearch", as(READER), "{\"index\":\"secret-index\"\n{}\n");
        assertThat(badMsearch.status()).as(badMsearch.text()).isIn(400, 403);
        assertNoSecret(badMsearch);
        TestKeygate.Response badAliases = call("POST", "/_aliases", as(AuthzFixture.MANAGER), "{\"actions\":[{\"add\":");
        assertThat(badAliases.status()).as(badAliases.text()).isEqualTo(400);
        TestKeygate.Response yaml = TestKeygate.call(TestKeygate.url(), "POST", "/_mget", as(READER),
                "docs:\n  - _index: secret-index\n    _id: '1'\n", "application/yaml");
        assertThat(yaml.status()).as(yaml.text()).isIn(400, 403, 406);
        assertNoSecret(yaml);
    }

    @Test
    void unknownEndpointsAreForSuperusersOnly() {
        for (String[] req : List.of(new String[]{"GET", "/_plugins/_something"}, new String[]{"POST", "/_some_new_api"},
                new String[]{"GET", "/_opendistro/_security/api/internalusers"}, new String[]{"GET", "/logs-app-1/_unknown_thing"})) {
            TestKeygate.Response r = call(req[0], req[1], as(READER), req[0].equals("POST") ? "{}" : null);
            assertForbidden(r);
            assertThat(r.json().path("error").path("reason").asText())
                    .startsWith("action [" + req[0] + " " + req[1] + "] is unauthorized for user [logs_reader]");
        }
        // a superuser's unknown request goes to the backend, which answers what it answers
        assertThat(call("GET", "/_plugins/_something", elastic(), null).status()).isNotEqualTo(403);
    }

    @Test
    void otherSpellingsOfKeygatesOwnApisAreNeverForwarded() {
        for (String path : List.of("//_security/user", "/%5Fsecurity/user", "/_security//user/", "//_keygate/ui/")) {
            TestKeygate.Response r = call("GET", path, elastic(), null);
            assertThat(r.status()).as(path).isIn(400, 403, 404);
            // Keygate's own error object; the backend would answer {"error":"no handler found …"} (a string)
            assertThat(r.json().path("error").path("type").asText()).as(path).isNotEmpty();
        }
    }
}
