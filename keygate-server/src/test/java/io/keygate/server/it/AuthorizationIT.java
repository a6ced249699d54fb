package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static io.keygate.server.it.AuthzFixture.APM_CONFIG;
import static io.keygate.server.it.AuthzFixture.DS_READER;
import static io.keygate.server.it.AuthzFixture.MANAGER;
import static io.keygate.server.it.AuthzFixture.READER;
import static io.keygate.server.it.AuthzFixture.STAR;
import static io.keygate.server.it.AuthzFixture.as;
import static io.keygate.server.it.AuthzFixture.assertDenied;
import static io.keygate.server.it.AuthzFixture.assertForbidden;
import static io.keygate.server.it.AuthzFixture.countOnBackend;
import static io.keygate.server.it.AuthzFixture.denial;
import static io.keygate.server.it.AuthzFixture.exists;
import static io.keygate.server.it.AuthzFixture.hitIndices;
import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Readers of some indices trying to read others: wildcards, bodies that name indices, aliases, data streams. */
class AuthorizationIT {
    private static final String READ_PRIVS = "read,all";

    @BeforeAll
    static void setUp() {
        AuthzFixture.setUp();
    }

    @Test
    void wildcardsResolveToTheAuthorizedNamesOnly() {
        assertThat(hitIndices(call("GET", "/logs-*,secret*/_search?size=100", as(READER), null)))
                .isNotEmpty().allMatch(i -> i.startsWith("logs-"));
        assertThat(hitIndices(call("GET", "/*/_search?size=100", as(READER), null)))
                .isNotEmpty().allMatch(i -> i.startsWith("logs-"));
        assertThat(hitIndices(call("GET", "/_search?size=100", as(READER), null)))
                .isNotEmpty().allMatch(i -> i.startsWith("logs-"));
        assertThat(hitIndices(call("GET", "/_all/_search?size=100", as(READER), null)))
                .isNotEmpty().allMatch(i -> i.startsWith("logs-"));
        assertThat(hitIndices(call("GET", "/*,-logs-app-2/_search?size=100", as(READER), null)))
                .isNotEmpty().allMatch(i -> i.startsWith("logs-")).doesNotContain("logs-app-2");
    }

    @Test
    void aWildcardMatchingNothingAuthorizedIsAnEmptyResultNot403() {
        TestKeygate.Response r = call("GET", "/secret*/_search", as(READER), null);
        assertThat(hitIndices(r)).isEmpty();
        assertThat(r.json().path("hits").path("total").path("value").asInt()).isZero();
        assertThat(hitIndices(call("GET", "/nothing-like-this*/_search", as(READER), null))).isEmpty();
        assertThat(call("GET", "/secret*/_count", as(READER), null).json().path("count").asInt()).isZero();
    }

    @Test
    void anExplicitForbiddenNameIs403() {
        assertDenied(call("GET", "/secret-index/_search", as(READER), null),
                denial(READER, "indices:data/read/search", List.of("secret-index"), READ_PRIVS));
        assertDenied(call("GET", "/logs-app-1,secret-index/_search", as(READER), null),
                denial(READER, "indices:data/read/search", List.of("secret-index"), READ_PRIVS));
        assertDenied(call("GET", "/secret-index/_doc/1", as(READER), null),
                denial(READER, "indices:data/read/get", List.of("secret-index"), READ_PRIVS));
        TestKeygate.Response none = call("GET", "/logs-app-1/_search", as(AuthzFixture.NOBODY), null);
        assertDenied(none, denial(AuthzFixture.NOBODY, "indices:data/read/search", List.of(), READ_PRIVS));
    }

    @Test
    void mgetAnswersAForbiddenDocWithItsOwnError() {
        TestKeygate.Response r = call("POST", "/_mget", as(READER),
                "{\"docs\":[{\"_index\":\"logs-app-1\",\"_id\":\"1\"},{\"_index\":\"secret-index\",\"_id\":\"1\"}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("docs").get(0).path("found").asBoolean()).isTrue();
        assertThat(r.json().path("docs").get(1).path("error").path("reason").asText())
                .isEqualTo(denial(READER, "indices:data/read/mget[shard]", List.of("secret-index"), READ_PRIVS));
        assertThat(r.text()).doesNotContain("s3cr3t");
        TestKeygate.Response viaUrl = call("POST", "/secret-index/_mget", as(READER), "{\"ids\":[\"1\"]}");
        assertForbidden(viaUrl);
        assertThat(viaUrl.text()).doesNotContain("s3cr3t");
        TestKeygate.Response ok = call("POST", "/logs-app-1/_mget", as(READER), "{\"ids\":[\"1\"]}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().path("docs").get(0).path("found").asBoolean()).isTrue();
    }

    @Test
    void msearchAnswersAForbiddenSearchWithItsOwnError() {
        // as Elasticsearch: the allowed search is served, the forbidden one answered in its place
        TestKeygate.Response r = call("POST", "/_msearch", as(READER),
                "{\"index\":\"logs-app-1\"}\n{}\n{\"index\":\"secret-index\"}\n{}\n");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("responses")).hasSize(2);
        assertThat(r.json().path("responses").get(0).path("hits").path("hits").get(0).path("_index").asText()).isEqualTo("logs-app-1");
        JsonNode refused = r.json().path("responses").get(1);
        assertThat(refused.path("status").asInt()).isEqualTo(403);
        assertThat(refused.path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(refused.path("error").path("reason").asText())
                .isEqualTo(denial(READER, "indices:data/read/search", List.of("secret-index"), READ_PRIVS));
        assertThat(r.text()).doesNotContain("s3cr3t");
        // _mget likewise: the allowed doc is served, the forbidden one carries its error
        TestKeygate.Response m = call("POST", "/_mget", as(READER),
                "{\"docs\":[{\"_index\":\"secret-index\",\"_id\":\"1\"},{\"_index\":\"logs-app-1\",\"_id\":\"1\"}]}");
        assertThat(m.status()).as(m.text()).isEqualTo(200);
        assertThat(m.json().path("docs").get(0).path("_index").asText()).isEqualTo("secret-index");
        assertThat(m.json().path("docs").get(0).path("_id").asText()).isEqualTo("1");
        assertThat(m.json().path("docs").get(0).path("error").path("type").asText()).isEqualTo("security_exception");
        assertThat(m.json().path("docs").get(1).path("found").asBoolean()).isTrue();
        assertThat(m.text()).doesNotContain("s3cr3t");
        // a wildcard in a body cannot be rewritten: refused when it could reach an unauthorized name
        assertForbidden(call("POST", "/_msearch", as(READER), "{\"index\":\"*\"}\n{}\n"));
        TestKeygate.Response ok = call("POST", "/_msearch", as(READER), "{\"index\":\"logs-app-*\"}\n{}\n");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().path("responses").get(0).path("hits").path("hits")).isNotEmpty();
    }

    @Test
    void msearchHeadersAreReadAsTheBackendReadsThem() {
        // an empty line where a header is expected is an empty header (the URL's index) for the backend,
        // so every following line shifts by one: Keygate must pair headers and bodies exactly as it does
        String shifted = "{}\n{}\n\n{}\n{\"index\":\"secret-index\"}\n{}\n";
        TestKeygate.Response r = call("POST", "/logs-app-1/_msearch", as(READER), shifted);
        assertThat(r.text()).doesNotContain("s3cr3t").doesNotContain("\"_index\":\"secret-index\"");
        // the third search is the one naming secret-index: it alone is refused
        assertThat(r.json().path("responses")).hasSize(3);
        assertThat(r.json().path("responses").get(2).path("error").path("type").asText()).isEqualTo("security_exception");

        // a header's own expand_wildcards counts: hidden names must not be reachable through it
        TestKeygate.Response hidden = call("POST", "/_msearch", as(STAR),
                "{\"index\":\"*security-7\",\"expand_wildcards\":\"all\"}\n{}\n");
        assertThat(hidden.text()).doesNotContain("\"_index\":\".security-7\"");
        assertForbidden(hidden);
        TestKeygate.Response lastParam = call("POST", "/_msearch?expand_wildcards=open&expand_wildcards=all", as(STAR),
                "{\"index\":\"*security-7\"}\n{}\n");
        assertThat(lastParam.text()).doesNotContain("\"_index\":\".security-7\"");
        assertForbidden(lastParam);
    }

    @Test
    void reindexIntoOrFromAForbiddenIndexIsRefusedAndWritesNothing() {
        TestKeygate.Response dest = call("POST", "/_reindex?refresh=true", as(READER),
                "{\"source\":{\"index\":\"logs-app-1\"},\"dest\":{\"index\":\"secret-copy\"}}");
        assertForbidden(dest);
        assertThat(dest.json().path("error").path("reason").asText()).contains("on indices [secret-copy]");
        assertThat(exists("secret-copy")).isFalse();

        TestKeygate.Response source = call("POST", "/_reindex?refresh=true", as(READER),
                "{\"source\":{\"index\":\"secret-index\"},\"dest\":{\"index\":\"logs-copy-stolen\"}}");
        assertDenied(source, denial(READER, "indices:data/read/search", List.of("secret-index"), READ_PRIVS));
        assertThat(exists("logs-copy-stolen")).isFalse();

        TestKeygate.Response wildcard = call("POST", "/_reindex?refresh=true", as(READER),
                "{\"source\":{\"index\":\"*\"},\"dest\":{\"index\":\"logs-copy-wild\"}}");
        assertForbidden(wildcard);
        assertThat(exists("logs-copy-wild")).isFalse();

        // a script may send each document to another index: Keygate cannot see where, so it refuses
        TestKeygate.Response script = call("POST", "/_reindex?refresh=true", as(READER),
                "{\"source\":{\"index\":\"logs-app-1\"},\"dest\":{\"index\":\"logs-copy-script\"},"
                        + "\"script\":{\"source\":\"ctx._index = 'secret-index'\"}}");
        assertThat(script.status()).as(script.text()).isEqualTo(400);
        assertThat(script.json().path("error").path("reason").asText()).contains("[script] is not supported");
        assertThat(countOnBackend("secret-index", "msg", "hello")).isEqualTo(1);

        TestKeygate.Response ok = call("POST", "/_reindex?refresh=true", as(READER),
                "{\"source\":{\"index\":\"logs-app-1\"},\"dest\":{\"index\":\"logs-copy-ok\"}}");
        // (the managed test distribution may lack the reindex module: what matters is that Keygate let it through)
        assertThat(ok.status()).as(ok.text()).isNotEqualTo(403);
    }

    @Test
    void aliasesOverForbiddenIndicesOrWithForbiddenNamesAreRefused() {
        TestKeygate.Response overSecret = call("POST", "/_aliases", as(MANAGER),
                "{\"actions\":[{\"add\":{\"index\":\"secret-index\",\"alias\":\"logs-over-secret\"}}]}");
        assertDenied(overSecret, "action [indices:admin/aliases] is unauthorized for user [logs_manager] with effective roles "
                + "[logs_manager] on indices [secret-index], this action is granted by the index privileges [manage,all]");
        assertThat(exists("logs-over-secret")).isFalse();

        TestKeygate.Response forbiddenName = call("POST", "/_aliases", as(MANAGER),
                "{\"actions\":[{\"add\":{\"index\":\"logs-app-1\",\"alias\":\"secret-name\"}}]}");
        assertForbidden(forbiddenName);
        assertThat(exists("secret-name")).isFalse();

        TestKeygate.Response wildcard = call("POST", "/_aliases", as(MANAGER),
                "{\"actions\":[{\"add\":{\"index\":\"*\",\"alias\":\"logs-everything\"}}]}");
        assertForbidden(wildcard);
        assertThat(exists("logs-everything")).isFalse();

        TestKeygate.Response viaPath = call("PUT", "/secret-index/_alias/logs-via-path", as(MANAGER), null);
        assertForbidden(viaPath);
        assertThat(exists("logs-via-path")).isFalse();

        TestKeygate.Response ok = call("POST", "/_aliases", as(MANAGER),
                "{\"actions\":[{\"add\":{\"index\":\"logs-app-2\",\"alias\":\"logs-mine\"}}]}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    }

    @Test
    void anAliasOverAForbiddenIndexIsUsableOnlyWhenGrantedOnTheAliasName() {
        assertDenied(call("GET", "/secret-alias/_search", as(READER), null),
                denial(READER, "indices:data/read/search", List.of("secret-alias"), READ_PRIVS));
        assertThat(hitIndices(call("GET", "/secret-al*/_search", as(READER), null))).isEmpty();
        // Elasticsearch's rule: a privilege on an alias name covers what the alias points at
        backend("PUT", "/secret-aliased/_doc/1?refresh=true", "{\"secret\":\"aliased\"}");
        backend("POST", "/_aliases", "{\"actions\":[{\"add\":{\"index\":\"secret-aliased\",\"alias\":\"logs-disguised\"}}]}");
        try {
            sleepPastTheCatalogRefresh();
            assertThat(hitIndices(call("GET", "/logs-disguised/_search", as(READER), null))).containsExactly("secret-aliased");
        } finally {
            backend("POST", "/_aliases", "{\"actions\":[{\"remove\":{\"index\":\"secret-aliased\",\"alias\":\"logs-disguised\"}}]}");
            sleepPastTheCatalogRefresh();
        }
    }

    /** Names changed on the backend directly reach Keygate's catalog within its refresh interval (1 s). */
    private static void sleepPastTheCatalogRefresh() {
        try {
            Thread.sleep(1_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aGrantOnADataStreamCoversItsBackingIndices() {
        assertThat(hitIndices(call("GET", "/metrics-ds-app/_search", as(DS_READER), null)))
                .singleElement().asString().startsWith(".ds-metrics-ds-app-");
        assertThat(hitIndices(call("GET", "/metrics-ds-*/_search", as(DS_READER), null))).hasSize(1);
        String backing = backend("GET", "/_data_stream/metrics-ds-app", null).json()
                .path("data_streams").get(0).path("indices").get(0).path("index_name").asText();
        assertThat(hitIndices(call("GET", "/" + backing + "/_search", as(DS_READER), null))).containsExactly(backing);
        assertThat(hitIndices(call("GET", "/.ds-metrics-ds-*/_search", as(DS_READER), null))).containsExactly(backing);
        assertForbidden(call("GET", "/logs-app-1/_search", as(DS_READER), null));
    }

    @Test
    void readOnStarNeverReachesRestrictedIndices() {
        for (String path : List.of("/*/_search?size=200", "/*/_search?size=200&expand_wildcards=all", "/_search?size=200&expand_wildcards=all",
                "/.*/_search?size=200", "/.k*,.s*,.a*/_search?size=200&expand_wildcards=all", "/_all/_search?size=200&expand_wildcards=open,hidden")) {
            TestKeygate.Response r = call("GET", path, as(STAR), null);
            assertThat(hitIndices(r)).as(path)
                    .noneMatch(i -> i.equals(".kibana_1") || i.equals(".security-7") || i.startsWith(".keygate-security")
                            || i.equals(".apm-agent-configuration"));
        }
        assertDenied(call("GET", "/.kibana_1/_search", as(STAR), null),
                denial(STAR, "indices:data/read/search", List.of(".kibana_1"), READ_PRIVS));
        assertForbidden(call("GET", "/.security-7/_doc/1", as(STAR), null));
        assertForbidden(call("GET", "/.keygate-security/_search", as(STAR), null));
        assertForbidden(call("POST", "/_mget", as(STAR), "{\"docs\":[{\"_index\":\".security-7\",\"_id\":\"1\"}]}"));
    }

    @Test
    void allowRestrictedIndicesReachesTheApmAgentConfiguration() {
        assertThat(hitIndices(call("GET", "/.apm-agent-configuration/_search", as(APM_CONFIG), null)))
                .containsExactly(".apm-agent-configuration");
        assertForbidden(call("GET", "/.kibana_1/_search", as(APM_CONFIG), null));
        assertForbidden(call("GET", "/.apm-agent-configuration/_search", as(STAR), null));
    }

    @Test
    void dateMathIsResolvedBeforeAuthorization() {
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
        backend("PUT", "/logs-dm-" + today + "/_doc/1?refresh=true", "{\"msg\":\"date math\"}");
        backend("PUT", "/secret-dm-" + today + "/_doc/1?refresh=true", "{\"secret\":\"dm-s3cr3t\"}");
        assertThat(hitIndices(call("GET", "/%3Clogs-dm-%7Bnow%2Fd%7D%3E/_search", as(READER), null)))
                .containsExactly("logs-dm-" + today);
        TestKeygate.Response denied = call("GET", "/%3Csecret-dm-%7Bnow%2Fd%7D%3E/_search", as(READER), null);
        assertDenied(denied, denial(READER, "indices:data/read/search", List.of("secret-dm-" + today), READ_PRIVS));
        assertThat(denied.text()).doesNotContain("dm-s3cr3t");
    }

    @Test
    void theSearchBodyCannotReadOtherIndices() {
        // a terms lookup, more_like_this or indexed shape reads a document of another index on the backend
        String lookup = "{\"query\":{\"terms\":{\"msg\":{\"index\":\"secret-index\",\"id\":\"1\",\"path\":\"secret\"}}}}";
        TestKeygate.Response r = call("POST", "/logs-app-1/_search", as(READER), lookup);
        assertDenied(r, denial(READER, "indices:data/read/get", List.of("secret-index"), READ_PRIVS));
        TestKeygate.Response explain = call("POST", "/logs-app-1/_validate/query?explain=true", as(READER), lookup);
        assertForbidden(explain);
        assertThat(explain.text()).doesNotContain("s3cr3t");
        TestKeygate.Response mlt = call("POST", "/logs-app-1/_search", as(READER),
                "{\"query\":{\"more_like_this\":{\"fields\":[\"msg\"],\"like\":[{\"_index\":\"secret-index\",\"_id\":\"1\"}],"
                        + "\"min_term_freq\":1,\"min_doc_freq\":1}}}");
        assertForbidden(mlt);
        TestKeygate.Response viaSourceParam = call("GET", "/logs-app-1/_search?source_content_type=application/json&source="
                + java.net.URLEncoder.encode(lookup, java.nio.charset.StandardCharsets.UTF_8), as(READER), null);
        assertForbidden(viaSourceParam);
        TestKeygate.Response inMsearch = call("POST", "/_msearch", as(READER), "{\"index\":\"logs-app-1\"}\n" + lookup + "\n");
        assertForbidden(inMsearch);
        // a lookup into an index the caller may read is fine
        TestKeygate.Response ok = call("POST", "/logs-app-1/_search", as(READER),
                "{\"query\":{\"terms\":{\"msg\":{\"index\":\"logs-app-2\",\"id\":\"1\",\"path\":\"msg\"}}}}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().path("hits").path("total").path("value").asInt()).isGreaterThan(0);
    }

    @Test
    void searchTemplatesCannotHideAnIndex() {
        TestKeygate.Response r = call("POST", "/logs-app-1/_search/template", as(READER),
                "{\"source\":\"{\\\"query\\\":{\\\"terms\\\":{\\\"msg\\\":{\\\"index\\\":\\\"{{i}}\\\",\\\"id\\\":\\\"1\\\",\\\"path\\\":\\\"secret\\\"}}}}\","
                        + "\"params\":{\"i\":\"secret-index\"}}");
        assertThat(r.status()).as(r.text()).isIn(400, 403);
        assertThat(r.text()).doesNotContain("s3cr3t");
    }

    @Test
    void theSuperuserIsNotRefusedOrdinaryThings() {
        TestKeygate.Response r = call("GET", "/secret-index/_search", elastic(), null);
        assertThat(hitIndices(r)).containsExactly("secret-index");
        assertThat(call("POST", "/_mget", elastic(), "{\"docs\":[{\"_index\":\"secret-index\",\"_id\":\"1\"}]}").status()).isEqualTo(200);
        JsonNode cat = call("GET", "/_cat/indices?format=json&expand_wildcards=all", elastic(), null).json();
        assertThat(cat.findValuesAsText("index")).contains("secret-index").noneMatch(i -> i.startsWith(".keygate-security"));
    }
}
