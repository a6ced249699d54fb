package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application privileges as Elasticsearch has them (Kibana-style applications rely on them): names an application
 * defines, each standing for action patterns, stored through {@code /_security/privilege}, granted by roles and API
 * keys, and answered by {@code _has_privileges}. Application names here start with {@code apit} so that other tests'
 * privileges do not meet these.
 */
class ApplicationPrivilegesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void privilegesArePutReadUpdatedAndDeletedAsInElasticsearch() {
        TestKeygate.Response one = call("PUT", "/_security/privilege", elastic(), """
            {"apitone":{"p1":{"application":"apitone","name":"p1","actions":["data:read/*","action:login"],
                              "metadata":{"key1":"val1a","key2":"val2a"}}}}""");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(json("{\"apitone\":{\"p1\":{\"created\":true}}}"));

        TestKeygate.Response several = call("POST", "/_security/privilege", elastic(), """
            {"apitone":{"p2":{"actions":["data:read/*","action:login"],"metadata":{"key1":"val1b"}},
                        "p3":{"actions":["data:write/*","action:login"]}},
             "apittwo":{"p1":{"actions":["*"]}}}""");
        assertThat(several.json()).isEqualTo(json("""
            {"apitone":{"p2":{"created":true},"p3":{"created":true}},"apittwo":{"p1":{"created":true}}}"""));

        // putting it again replaces it: created false, the new metadata only
        assertThat(call("PUT", "/_security/privilege", elastic(), """
            {"apitone":{"p1":{"actions":["data:read/*","action:login"],"metadata":{"key3":"val3"}}}}""").json())
                .isEqualTo(json("{\"apitone\":{\"p1\":{\"created\":false}}}"));
        assertThat(call("GET", "/_security/privilege/apitone/p1", elastic(), null).json()).isEqualTo(json("""
            {"apitone":{"p1":{"application":"apitone","name":"p1","actions":["data:read/*","action:login"],
                              "metadata":{"key3":"val3"}}}}"""));

        assertThat(names(call("GET", "/_security/privilege/apitone/p1,p2", elastic(), null).json().path("apitone")))
                .containsExactlyInAnyOrder("p1", "p2");
        assertThat(names(call("GET", "/_security/privilege/apitone", elastic(), null).json().path("apitone")))
                .containsExactlyInAnyOrder("p1", "p2", "p3");
        JsonNode all = call("GET", "/_security/privilege", elastic(), null).json();
        assertThat(all.path("apittwo").path("p1")).isEqualTo(json("""
            {"application":"apittwo","name":"p1","actions":["*"],"metadata":{}}"""));
        assertThat(names(all.path("apitone"))).containsExactlyInAnyOrder("p1", "p2", "p3");
        // a trailing wildcard names several applications
        assertThat(names(call("GET", "/_security/privilege/apit*", elastic(), null).json())).contains("apitone", "apittwo");

        assertThat(call("DELETE", "/_security/privilege/apitone/p1", elastic(), null).json())
                .isEqualTo(json("{\"apitone\":{\"p1\":{\"found\":true}}}"));
        TestKeygate.Response some = call("DELETE", "/_security/privilege/apitone/p1,p2,p3,p0", elastic(), null);
        assertThat(some.status()).isEqualTo(200);
        assertThat(some.json()).isEqualTo(json("""
            {"apitone":{"p0":{"found":false},"p1":{"found":false},"p2":{"found":true},"p3":{"found":true}}}"""));
        TestKeygate.Response none = call("DELETE", "/_security/privilege/apitone/p1", elastic(), null);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json()).isEqualTo(json("{\"apitone\":{\"p1\":{\"found\":false}}}"));

        // names asked for and none there: 404 with an empty object; an application without privileges: 200 {}
        TestKeygate.Response gone = call("GET", "/_security/privilege/apitone/p1,p2,p3", elastic(), null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json()).isEqualTo(json("{}"));
        TestKeygate.Response emptyApp = call("GET", "/_security/privilege/apitone", elastic(), null);
        assertThat(emptyApp.status()).isEqualTo(200);
        assertThat(emptyApp.json()).isEqualTo(json("{}"));
        assertThat(call("GET", "/_security/privilege", elastic(), null).json().has("apittwo")).isTrue();
        call("DELETE", "/_security/privilege/apittwo/p1", elastic(), null);
    }

    @Test
    void badPrivilegesAre400sSayingWhy() {
        TestKeygate.Response badNames = call("PUT", "/_security/privilege", elastic(), """
            {"ap":{"Read":{"actions":["login"]}}}""");
        assertThat(badNames.status()).isEqualTo(400);
        assertThat(badNames.json().at("/error/type").asText()).isEqualTo("action_request_validation_exception");
        assertThat(badNames.json().at("/error/reason").asText()).isEqualTo("Validation Failed: "
                + "1: An application name prefix must be at least 3 characters long (found 'ap');"
                + "2: Application privilege names must match the pattern ^[a-z][a-zA-Z0-9_.-]*$ (found 'Read');"
                + "3: action [login] must contain one of [ '/' , '*' , ':' ];");

        TestKeygate.Response noActions = call("PUT", "/_security/privilege", elastic(), "{\"apitbad\":{\"read\":{}}}");
        assertThat(noActions.json().at("/error/reason").asText())
                .isEqualTo("Validation Failed: 1: Application privileges must have at least one action;");
        TestKeygate.Response unknownField = call("PUT", "/_security/privilege", elastic(), """
            {"apitbad":{"read":{"actions":["a:b"],"colour":"red"}}}""");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().at("/error/reason").asText()).isEqualTo("[application-privilege] unknown field [colour]");
        TestKeygate.Response mismatch = call("PUT", "/_security/privilege", elastic(), """
            {"apitbad":{"read":{"name":"write","actions":["a:b"]}}}""");
        assertThat(mismatch.json().at("/error/reason").asText())
                .isEqualTo("privilege name [write] in source does not match the provided name [read]");
        assertThat(call("PUT", "/_security/privilege", elastic(), "{}").json().at("/error/reason").asText())
                .isEqualTo("Validation Failed: 1: At least one application privilege must be provided;");
        assertThat(call("GET", "/_security/privilege/apitbad", elastic(), null).json()).isEqualTo(json("{}"));
    }

    @Test
    void builtinPrivilegesListWhatKeygateKnows() {
        TestKeygate.Response builtin = call("GET", "/_security/privilege/_builtin", elastic(), null);
        assertThat(builtin.status()).isEqualTo(200);
        List<String> cluster = strings(builtin.json().path("cluster"));
        List<String> index = strings(builtin.json().path("index"));
        assertThat(cluster).contains("all", "manage", "manage_security", "read_security", "manage_own_api_key", "monitor").isSorted();
        assertThat(index).contains("all", "read", "write", "create_doc", "view_index_metadata").isSorted();
    }

    @Test
    void managingPrivilegesNeedsManageSecurityAndReadingThemReadSecurity() {
        call("PUT", "/_security/role/apit_reader", elastic(), "{\"cluster\":[\"read_security\"]}");
        call("PUT", "/_security/role/apit_admin", elastic(), "{\"cluster\":[\"manage_security\"]}");
        call("PUT", "/_security/user/apit_reader", elastic(), "{\"password\":\"apit-password\",\"roles\":[\"apit_reader\"]}");
        call("PUT", "/_security/user/apit_admin", elastic(), "{\"password\":\"apit-password\",\"roles\":[\"apit_admin\"]}");
        call("PUT", "/_security/user/apit_nobody", elastic(), "{\"password\":\"apit-password\",\"roles\":[]}");
        String reader = basic("apit_reader", "apit-password");
        String admin = basic("apit_admin", "apit-password");
        String nobody = basic("apit_nobody", "apit-password");

        assertThat(call("PUT", "/_security/privilege", admin, "{\"apitauthz\":{\"read\":{\"actions\":[\"data:read/*\"]}}}").status())
                .isEqualTo(200);
        assertThat(call("GET", "/_security/privilege/apitauthz", reader, null).json().path("apitauthz").has("read")).isTrue();
        assertThat(call("GET", "/_security/privilege/_builtin", reader, null).status()).isEqualTo(200);
        TestKeygate.Response put = call("PUT", "/_security/privilege", reader, "{\"apitauthz\":{\"write\":{\"actions\":[\"data:write/*\"]}}}");
        assertThat(put.status()).isEqualTo(403);
        assertThat(put.json().at("/error/reason").asText())
                .startsWith("action [cluster:admin/xpack/security/privilege/put] is unauthorized for user [apit_reader]");
        assertThat(call("DELETE", "/_security/privilege/apitauthz/read", reader, null).json().at("/error/reason").asText())
                .startsWith("action [cluster:admin/xpack/security/privilege/delete] is unauthorized for user [apit_reader]");
        assertThat(call("GET", "/_security/privilege", nobody, null).json().at("/error/reason").asText())
                .startsWith("action [cluster:admin/xpack/security/privilege/get] is unauthorized for user [apit_nobody]");
        assertThat(call("POST", "/_security/privilege/apitauthz/_clear_cache", reader, null).status()).isEqualTo(403);
        TestKeygate.Response cleared = call("POST", "/_security/privilege/apitauthz/_clear_cache", admin, null);
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().at("/_nodes/failed").asInt()).isZero();
        assertThat(call("POST", "/_security/privilege/*/_clear_cache", elastic(), null).json().at("/_nodes/failed").asInt()).isZero();
        assertThat(call("DELETE", "/_security/privilege/apitauthz/read", admin, null).status()).isEqualTo(200);
    }

    @Test
    void rolesAndApiKeysCarryApplicationPrivilegesValidatedAsInElasticsearch() {
        TestKeygate.Response role = call("PUT", "/_security/role/apit_kibana_like", elastic(), """
            {"applications":[{"application":"apitkibana-*","privileges":["feature_discover.all","ui:*"],"resources":["space:default"]}]}""");
        assertThat(role.status()).isEqualTo(200);
        assertThat(call("GET", "/_security/role/apit_kibana_like", elastic(), null).json().at("/apit_kibana_like/applications"))
                .isEqualTo(json("""
                    [{"application":"apitkibana-*","privileges":["feature_discover.all","ui:*"],"resources":["space:default"]}]"""));

        TestKeygate.Response badApp = call("PUT", "/_security/role/apit_bad", elastic(), """
            {"applications":[{"application":"*app","privileges":["read me"],"resources":["*"]}]}""");
        assertThat(badApp.status()).isEqualTo(400);
        assertThat(badApp.json().at("/error/reason").asText()).isEqualTo("Validation Failed: "
                + "1: Application name patterns only support trailing wildcards (found '*app');"
                + "2: Application privilege names and actions must match the pattern ^\\p{Graph}*$ (found 'read me');");
        TestKeygate.Response noResources = call("PUT", "/_security/role/apit_bad", elastic(), """
            {"applications":[{"application":"apitapp","privileges":["read"],"resources":[]}]}""");
        assertThat(noResources.status()).isEqualTo(400);
        assertThat(noResources.json().at("/error/reason").asText()).isEqualTo("application privileges must refer to at least one resource");
        assertThat(call("GET", "/_security/role/apit_bad", elastic(), null).status()).isEqualTo(404);

        TestKeygate.Response key = call("POST", "/_security/api_key", elastic(), """
            {"name":"apit-key","role_descriptors":{"r":{"applications":[{"application":"apitapp","privileges":["read"],"resources":["*"]}]}}}""");
        assertThat(key.status()).isEqualTo(200);
        JsonNode stored = call("GET", "/_security/api_key?id=" + key.json().path("id").asText(), elastic(), null).json();
        assertThat(stored.at("/api_keys/0/role_descriptors/r/applications")).isEqualTo(json("""
            [{"application":"apitapp","privileges":["read"],"resources":["*"]}]"""));
        TestKeygate.Response badKey = call("POST", "/_security/api_key", elastic(), """
            {"name":"apit-bad","role_descriptors":{"r":{"applications":[{"application":"ap","privileges":["read"],"resources":["*"]}]}}}""");
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.json().at("/error/reason").asText())
                .contains("An application name prefix must be at least 3 characters long (found 'ap')");
    }

    /** Elasticsearch's own API key test: a key granting the stored name {@code read}, limited by an owner holding all. */
    @Test
    void hasPrivilegesResolvesStoredNamesForAnApiKeyLimitedByItsOwner() {
        call("PUT", "/_security/privilege", elastic(), """
            {"apitmyapp":{"read":{"actions":["data:read/*"]},"write":{"actions":["data:write/*"]}}}""");
        call("PUT", "/_security/role/apit_key_admin", elastic(), """
            {"cluster":["manage_api_key"],"indices":[{"names":"*","privileges":["all"]}],
             "applications":[{"application":"apitmyapp","privileges":["*"],"resources":["*"]}]}""");
        call("PUT", "/_security/user/apit_key_user", elastic(), "{\"password\":\"apit-password\",\"roles\":[\"apit_key_admin\"]}");
        String user = basic("apit_key_user", "apit-password");
        TestKeygate.Response key = call("POST", "/_security/api_key", user, """
            {"name":"apit-has-privileges","expiration":"1d","role_descriptors":{
               "role-a":{"cluster":["all"],"index":[{"names":["index-a"],"privileges":["read"]}],
                         "applications":[{"application":"apitmyapp","privileges":["read"],"resources":["*"]}]},
               "role-b":{"cluster":["manage"],"index":[{"names":["index-b"],"privileges":["all"]}]}}}""");
        String apiKey = "ApiKey " + key.json().path("encoded").asText();
        String check = """
            {"index":[{"names":["*","index-a"],"privileges":["read","index","write"]},
                      {"names":["index-a","index-b"],"privileges":["read","write"]}],
             "application":[{"application":"apitmyapp","resources":["*","some-other-res"],
                              "privileges":["data:read/me","data:write/me"]}]}""";

        JsonNode asKey = call("POST", "/_security/user/_has_privileges", apiKey, check).json();
        assertThat(asKey.path("username").asText()).isEqualTo("apit_key_user");
        assertThat(asKey.path("has_all_requested").asBoolean()).isFalse();
        assertThat(asKey.path("index")).isEqualTo(json("""
            {"*":{"read":false,"index":false,"write":false},"index-a":{"read":true,"index":false,"write":false},
             "index-b":{"read":true,"write":true}}"""));
        assertThat(asKey.path("application")).isEqualTo(json("""
            {"apitmyapp":{"*":{"data:read/me":true,"data:write/me":false},
                          "some-other-res":{"data:read/me":true,"data:write/me":false}}}"""));

        // the owner itself holds every action of the application; a name asked for means its stored actions
        JsonNode asUser = call("GET", "/_security/user/_has_privileges", user, """
            {"application":[{"application":"apitmyapp","resources":["x"],"privileges":["write","data:write/me"]}]}""").json();
        assertThat(asUser.path("has_all_requested").asBoolean()).isTrue();
        JsonNode elasticCheck = call("POST", "/_security/user/_has_privileges", elastic(), """
            {"application":[{"application":"apitanything","resources":["*"],"privileges":["whatever","a:b"]}]}""").json();
        assertThat(elasticCheck.path("has_all_requested").asBoolean()).as("superuser holds every application privilege").isTrue();

        TestKeygate.Response wildcard = call("POST", "/_security/user/_has_privileges", user, """
            {"application":[{"application":"apit*","resources":["*"],"privileges":["read"]}]}""");
        assertThat(wildcard.status()).isEqualTo(400);
        assertThat(wildcard.json().at("/error/reason").asText())
                .isEqualTo("Validation Failed: 1: Application names may not contain '*' (found 'apit*');");
    }

    @Test
    void aChangedPrivilegeChangesWhatRolesGrantOnEveryNode() throws Exception {
        call("PUT", "/_security/privilege", elastic(), "{\"apitchange\":{\"read\":{\"actions\":[\"data:read/*\"]}}}");
        call("PUT", "/_security/role/apit_change", elastic(), """
            {"applications":[{"application":"apitchange","privileges":["read"],"resources":["*"]}]}""");
        call("PUT", "/_security/user/apit_change", elastic(), "{\"password\":\"apit-password\",\"roles\":[\"apit_change\"]}");
        String user = basic("apit_change", "apit-password");
        String check = "{\"application\":[{\"application\":\"apitchange\",\"resources\":[\"r\"],\"privileges\":[\"data:read/x\"]}]}";
        String secondUrl = "http://127.0.0.1:" + second.port();
        assertThat(call("POST", "/_security/user/_has_privileges", user, check).json().path("has_all_requested").asBoolean()).isTrue();
        // the second node reads (and caches) the privileges too
        assertThat(TestKeygate.call(secondUrl, "POST", "/_security/user/_has_privileges", user, check, "application/json")
                .json().path("has_all_requested").asBoolean()).isTrue();

        call("PUT", "/_security/privilege", elastic(), "{\"apitchange\":{\"read\":{\"actions\":[\"data:view/*\"]}}}");
        // at once on the node that took the change
        assertThat(call("POST", "/_security/user/_has_privileges", user, check).json().path("has_all_requested").asBoolean()).isFalse();
        // shortly after on the other one
        long deadline = System.currentTimeMillis() + 10_000;
        boolean granted = true;
        while (granted && System.currentTimeMillis() < deadline) {
            granted = TestKeygate.call(secondUrl, "POST", "/_security/user/_has_privileges", user, check, "application/json")
                    .json().path("has_all_requested").asBoolean();
            if (granted) Thread.sleep(100);
        }
        assertThat(granted).as("the other node sees the changed privilege").isFalse();

        call("DELETE", "/_security/privilege/apitchange/read", elastic(), null);
        assertThat(call("POST", "/_security/user/_has_privileges", user,
                "{\"application\":[{\"application\":\"apitchange\",\"resources\":[\"r\"],\"privileges\":[\"data:view/x\"]}]}")
                .json().at("/application/apitchange/r/data:view~1x").asBoolean()).as("a deleted name grants nothing").isFalse();
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

}
