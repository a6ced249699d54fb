package io.keygate.server.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.keygate.server.it.AuthzFixture.assertForbidden;
import static io.keygate.server.it.AuthzFixture.exists;
import static io.keygate.server.it.TestKeygate.backend;
import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elasticsearch's cluster-level index actions and request interceptors: templates need cluster privileges, and an
 * index, alias, rollover or resize may create only names the caller may create, never widening anyone's access.
 * Each test checks what the backend holds afterwards.
 */
class InterceptorsIT {
    private static final String PW = "interceptors-it-pw";
    /** {@code all} on {@code own-*}, nothing else. */
    private static final String OWNER = "icpt_owner";
    /** cluster {@code manage_index_templates}, no index privileges. */
    private static final String TEMPLATER = "icpt_templater";
    /** {@code manage}+{@code read} on {@code wide-src*}, {@code all} on {@code wide-dst*}. */
    private static final String WIDENER = "icpt_widener";

    @BeforeAll
    static void setUp() {
        TestKeygate.node();
        user(OWNER, "{\"indices\":[{\"names\":[\"own-*\"],\"privileges\":[\"all\"]}]}");
        user(TEMPLATER, "{\"cluster\":[\"manage_index_templates\"]}");
        user(WIDENER, "{\"indices\":[{\"names\":[\"wide-src*\"],\"privileges\":[\"manage\",\"read\"]},"
                + "{\"names\":[\"wide-dst*\"],\"privileges\":[\"all\"]}]}");
        backendOk("PUT", "/own-roll-000001", "{\"aliases\":{\"own-roll\":{\"is_write_index\":true}}}");
        for (String src : List.of("own-src", "wide-src")) {
            backendOk("PUT", "/" + src, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
            backendOk("PUT", "/" + src + "/_doc/1?refresh=true", "{\"msg\":\"source\"}");
            backendOk("PUT", "/" + src + "/_block/write", null);
        }
    }

    private static void user(String name, String role) {
        assertThat(call("PUT", "/_security/role/" + name, elastic(), role).status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/" + name, elastic(),
                "{\"password\":\"" + PW + "\",\"roles\":[\"" + name + "\"]}").status()).isEqualTo(200);
    }

    private static void backendOk(String method, String path, String body) {
        TestKeygate.Response r = backend(method, path, body);
        assertThat(r.status()).as(path + ": " + r.text()).isIn(200, 201);
    }

    private static String as(String user) {
        return basic(user, PW);
    }

    private static void assertDeniedAction(TestKeygate.Response r, String action) {
        assertForbidden(r);
        assertThat(r.json().path("error").path("reason").asText()).startsWith("action [" + action + "] is unauthorized");
    }

    // -- 1. templates are cluster actions

    @Test
    void indexPrivilegesDoNotReachTemplates() {
        String tap = "{\"index_patterns\":[\"victim-*\"],\"priority\":900,\"template\":{\"aliases\":{\"own-tap\":{}}}}";
        assertDeniedAction(call("PUT", "/_index_template/tap", as(OWNER), tap), "indices:admin/index_template/put");
        assertThat(backend("GET", "/_index_template/tap", null).status()).isEqualTo(404);
        assertDeniedAction(call("PUT", "/_template/tap", as(OWNER),
                "{\"index_patterns\":[\"victim-*\"],\"aliases\":{\"own-tap\":{}}}"), "indices:admin/template/put");
        assertThat(backend("GET", "/_template/tap", null).status()).isEqualTo(404);
        assertDeniedAction(call("GET", "/_index_template", as(OWNER), null), "indices:admin/index_template/get");
        assertDeniedAction(call("GET", "/_template", as(OWNER), null), "indices:admin/template/get");
        assertDeniedAction(call("POST", "/_index_template/_simulate_index/victim-1", as(OWNER), null),
                "indices:admin/index_template/simulate_index");
        assertThat(call("PUT", "/_index_template/tap", as(OWNER), tap).json().path("error").path("reason").asText())
                .endsWith("this action is granted by the cluster privileges [manage_index_templates,manage,all]");
    }

    @Test
    void manageIndexTemplatesReachesTemplates() {
        TestKeygate.Response put = call("PUT", "/_index_template/icpt-ok", as(TEMPLATER),
                "{\"index_patterns\":[\"icpt-ok-*\"],\"priority\":5}");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(backend("GET", "/_index_template/icpt-ok", null).status()).isEqualTo(200);
        assertThat(call("GET", "/_index_template", as(TEMPLATER), null).status()).isEqualTo(200);
        assertThat(call("PUT", "/_template/icpt-legacy", as(TEMPLATER), "{\"index_patterns\":[\"icpt-legacy-*\"]}").status())
                .isEqualTo(200);
        assertThat(call("DELETE", "/_index_template/icpt-ok", as(TEMPLATER), null).status()).isEqualTo(200);
        assertThat(backend("GET", "/_index_template/icpt-ok", null).status()).isEqualTo(404);
        // the template privilege is no index privilege
        assertForbidden(call("PUT", "/icpt-ok-1", as(TEMPLATER), null));
    }

    // -- 2. aliases and new names in bodies and paths

    @Test
    void creatingAnIndexWithSomeoneElsesAliasIsRefused() {
        TestKeygate.Response r = call("PUT", "/own-steal", as(OWNER), "{\"aliases\":{\"victims-alias\":{\"is_write_index\":true}}}");
        assertDeniedAction(r, "indices:admin/aliases");
        assertThat(r.json().path("error").path("reason").asText()).contains("on indices [victims-alias]");
        assertThat(exists("own-steal")).isFalse();
        assertThat(exists("victims-alias")).isFalse();

        TestKeygate.Response ok = call("PUT", "/own-fine", as(OWNER), "{\"aliases\":{\"own-fine-alias\":{}}}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(backend("GET", "/own-fine/_alias/own-fine-alias", null).status()).isEqualTo(200);
    }

    @Test
    void rolloverCreatesOnlyAuthorizedNames() {
        assertDeniedAction(call("POST", "/own-roll/_rollover/not-mine-x", as(OWNER), null), "indices:admin/create");
        assertThat(exists("not-mine-x")).isFalse();
        TestKeygate.Response stealing = call("POST", "/own-roll/_rollover/own-roll-000002", as(OWNER),
                "{\"aliases\":{\"victims-alias\":{}}}");
        assertDeniedAction(stealing, "indices:admin/aliases");
        assertThat(exists("own-roll-000002")).isFalse();
        assertThat(exists("victims-alias")).isFalse();

        TestKeygate.Response ok = call("POST", "/own-roll/_rollover/own-roll-000002", as(OWNER), null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(exists("own-roll-000002")).isTrue();
    }

    @Test
    void resizeTargetsNeedCreateAndMayNotWidenAccess() {
        assertDeniedAction(call("POST", "/own-src/_clone/victim-clone", as(OWNER), null), "indices:admin/create");
        assertThat(exists("victim-clone")).isFalse();
        assertDeniedAction(call("POST", "/own-src/_clone/own-clone", as(OWNER), "{\"aliases\":{\"victims-alias\":{}}}"),
                "indices:admin/aliases");
        assertThat(exists("own-clone")).isFalse();

        TestKeygate.Response widening = call("POST", "/wide-src/_clone/wide-dst-1", as(WIDENER), null);
        assertForbidden(widening);
        assertThat(widening.json().path("error").path("reason").asText())
                .isEqualTo("Resizing an index is not allowed when the target index has more permissions than the source index");
        assertThat(exists("wide-dst-1")).isFalse();

        TestKeygate.Response ok = call("POST", "/own-src/_clone/own-clone", as(OWNER), null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(exists("own-clone")).isTrue();
    }

    @Test
    void anAliasMayNotCarryMoreAccessThanItsIndex() {
        TestKeygate.Response body = call("POST", "/_aliases", as(WIDENER),
                "{\"actions\":[{\"add\":{\"index\":\"wide-src\",\"alias\":\"wide-dst-alias\"}}]}");
        assertForbidden(body);
        assertThat(body.json().path("error").path("reason").asText())
                .isEqualTo("Adding an alias is not allowed when the alias has more permissions than any of the indices");
        assertForbidden(call("PUT", "/wide-src/_alias/wide-dst-alias", as(WIDENER), null));
        assertThat(exists("wide-dst-alias")).isFalse();
        // an alias within the same privileges is fine
        assertThat(call("PUT", "/wide-src/_alias/wide-src-alias", as(WIDENER), null).status()).isEqualTo(200);
        assertThat(exists("wide-src-alias")).isTrue();
    }
}
