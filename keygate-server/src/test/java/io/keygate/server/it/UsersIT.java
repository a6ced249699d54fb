package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Native users through {@code /_security/user}, with Elasticsearch's shapes and Basic authentication. */
class UsersIT {

    @Test
    void createAuthenticateChangePasswordDisableDelete() {
        TestKeygate.Response created = call("PUT", "/_security/user/jacknich", elastic(),
                "{\"password\":\"l0ng-n0t-e@sy-p@ss\",\"roles\":[\"admin\",\"other_role1\"],\"full_name\":\"Jack Nicholson\","
                        + "\"email\":\"jacknich@example.com\",\"metadata\":{\"intelligence\":7}}");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().path("created").asBoolean()).isTrue();
        assertThat(call("PUT", "/_security/user/jacknich", elastic(), "{\"roles\":[\"admin\"]}").json().path("created").asBoolean()).isFalse();

        JsonNode got = call("GET", "/_security/user/jacknich", elastic(), null).json().path("jacknich");
        assertThat(got.path("username").asText()).isEqualTo("jacknich");
        assertThat(got.path("roles").toString()).isEqualTo("[\"admin\"]");
        assertThat(got.path("enabled").asBoolean()).isTrue();
        assertThat(got.has("password")).isFalse();

        JsonNode me = call("GET", "/_security/_authenticate", basic("jacknich", "l0ng-n0t-e@sy-p@ss"), null).json();
        assertThat(me.path("username").asText()).isEqualTo("jacknich");
        assertThat(me.path("authentication_realm").path("type").asText()).isEqualTo("native");

        assertThat(call("POST", "/_security/user/_password", basic("jacknich", "l0ng-n0t-e@sy-p@ss"),
                "{\"password\":\"an0ther-p@ss\"}").status()).isEqualTo(200);
        assertThat(call("GET", "/_security/_authenticate", basic("jacknich", "l0ng-n0t-e@sy-p@ss"), null).status()).isEqualTo(401);
        assertThat(call("GET", "/_security/_authenticate", basic("jacknich", "an0ther-p@ss"), null).status()).isEqualTo(200);

        assertThat(call("PUT", "/_security/user/jacknich/_disable", elastic(), null).status()).isEqualTo(200);
        assertThat(call("GET", "/_security/_authenticate", basic("jacknich", "an0ther-p@ss"), null).status()).isEqualTo(401);
        assertThat(call("PUT", "/_security/user/jacknich/_enable", elastic(), null).status()).isEqualTo(200);
        assertThat(call("GET", "/_security/_authenticate", basic("jacknich", "an0ther-p@ss"), null).status()).isEqualTo(200);

        assertThat(call("DELETE", "/_security/user/jacknich", elastic(), null).json().path("found").asBoolean()).isTrue();
        TestKeygate.Response again = call("DELETE", "/_security/user/jacknich", elastic(), null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().path("found").asBoolean()).isFalse();
        assertThat(call("GET", "/_security/user/jacknich", elastic(), null).status()).isEqualTo(404);
        assertThat(call("GET", "/_security/_authenticate", basic("jacknich", "an0ther-p@ss"), null).status()).isEqualTo(401);
    }

    @Test
    void validationErrorsAreElasticsearchs400s() {
        TestKeygate.Response reserved = call("PUT", "/_security/user/elastic", elastic(), "{\"password\":\"whatever1\",\"roles\":[]}");
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(reserved.json().path("error").path("reason").asText())
                .isEqualTo("Validation Failed: 1: Username [elastic] is reserved and may not be used.;");
        TestKeygate.Response shortPw = call("PUT", "/_security/user/shorty", elastic(), "{\"password\":\"abc\",\"roles\":[]}");
        assertThat(shortPw.json().path("error").path("type").asText()).isEqualTo("action_request_validation_exception");
        assertThat(shortPw.json().path("error").path("reason").asText()).contains("passwords must be at least [6] characters long");
        TestKeygate.Response unknown = call("PUT", "/_security/user/shorty", elastic(), "{\"password\":\"abcdef\",\"roles\":[],\"colour\":\"red\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").path("reason").asText()).contains("unexpected field [colour]");
        assertThat(call("GET", "/_security/user/shorty", elastic(), null).status()).isEqualTo(404);
    }

    @Test
    void listingIncludesTheReservedSuperuser() {
        JsonNode all = call("GET", "/_security/user", elastic(), null).json();
        assertThat(all.path("elastic").path("roles").toString()).isEqualTo("[\"superuser\"]");
        assertThat(all.path("elastic").path("metadata").path("_reserved").asBoolean()).isTrue();
    }

    @Test
    void aViewerMayReadButNotWriteOrManageUsers() {
        call("PUT", "/users-viewable/_doc/1?refresh=true", elastic(), "{\"a\":1}");
        call("PUT", "/_security/user/plain", elastic(), "{\"password\":\"plain-pass\",\"roles\":[\"viewer\"]}");
        assertThat(call("GET", "/users-viewable/_search", basic("plain", "plain-pass"), null).status()).isEqualTo(200);
        TestKeygate.Response write = call("PUT", "/users-viewable/_doc/2", basic("plain", "plain-pass"), "{\"a\":2}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().path("error").path("reason").asText()).startsWith(
                "action [indices:data/write/index] is unauthorized for user [plain] with effective roles [viewer], this action is granted by");
        assertThat(call("PUT", "/_security/user/other", basic("plain", "plain-pass"), "{\"password\":\"xxxxxx\",\"roles\":[]}").status())
                .isEqualTo(403);
    }
}
