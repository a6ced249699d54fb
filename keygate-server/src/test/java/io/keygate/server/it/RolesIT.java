package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Native roles through {@code /_security/role}, validated and rendered as Elasticsearch does. */
class RolesIT {

    @Test
    void createReadUseAndDeleteARole() {
        TestKeygate.Response created = call("PUT", "/_security/role/roles_it_reader", elastic(),
                "{\"cluster\":[\"monitor\"],\"index\":[{\"names\":\"roles-it-*\",\"privileges\":[\"read\"]}]}");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().path("role").path("created").asBoolean()).isTrue();

        JsonNode role = call("GET", "/_security/role/roles_it_reader", elastic(), null).json().path("roles_it_reader");
        assertThat(role.path("cluster").toString()).isEqualTo("[\"monitor\"]");
        JsonNode group = role.path("indices").get(0);
        assertThat(group.path("names").toString()).isEqualTo("[\"roles-it-*\"]");
        assertThat(group.path("allow_restricted_indices").asBoolean()).isFalse();
        assertThat(role.path("run_as").isArray()).isTrue();
        assertThat(role.path("transient_metadata").path("enabled").asBoolean()).isTrue();

        call("PUT", "/roles-it-a/_doc/1?refresh=true", elastic(), "{\"v\":1}");
        call("PUT", "/_security/user/roles_it_user", elastic(), "{\"password\":\"roles-it-pass\",\"roles\":[\"roles_it_reader\"]}");
        String user = basic("roles_it_user", "roles-it-pass");
        assertThat(call("GET", "/roles-it-a/_doc/1", user, null).status()).isEqualTo(200);
        assertThat(call("GET", "/_cluster/health", user, null).status()).isEqualTo(200);

        JsonNode check = call("POST", "/_security/user/_has_privileges", user,
                "{\"cluster\":[\"monitor\",\"manage\"],\"index\":[{\"names\":[\"roles-it-a\",\"other\"],\"privileges\":[\"read\"]}]}").json();
        assertThat(check.path("username").asText()).isEqualTo("roles_it_user");
        assertThat(check.path("has_all_requested").asBoolean()).isFalse();
        assertThat(check.path("cluster").path("monitor").asBoolean()).isTrue();
        assertThat(check.path("cluster").path("manage").asBoolean()).isFalse();
        assertThat(check.path("index").path("roles-it-a").path("read").asBoolean()).isTrue();
        assertThat(check.path("index").path("other").path("read").asBoolean()).isFalse();

        assertThat(call("DELETE", "/_security/role/roles_it_reader", elastic(), null).json().path("found").asBoolean()).isTrue();
        // the change is seen at once on this node: the user now holds no privilege
        assertThat(call("GET", "/roles-it-a/_doc/1", user, null).status()).isEqualTo(403);
        assertThat(call("GET", "/_security/role/roles_it_reader", elastic(), null).status()).isEqualTo(404);
    }

    @Test
    void unknownPrivilegesAndFieldsAre400sNamingThem() {
        TestKeygate.Response badPrivilege = call("PUT", "/_security/role/roles_it_bad", elastic(),
                "{\"cluster\":[\"fly\"]}");
        assertThat(badPrivilege.status()).isEqualTo(400);
        assertThat(badPrivilege.json().path("error").path("type").asText()).isEqualTo("action_request_validation_exception");
        assertThat(badPrivilege.json().path("error").path("reason").asText()).startsWith("Validation Failed: 1: unknown cluster privilege [fly]");

        TestKeygate.Response badIndexPrivilege = call("PUT", "/_security/role/roles_it_bad", elastic(),
                "{\"indices\":[{\"names\":[\"x\"],\"privileges\":[\"teleport\"]}]}");
        assertThat(badIndexPrivilege.json().path("error").path("reason").asText()).contains("unknown index privilege [teleport]");

        TestKeygate.Response badField = call("PUT", "/_security/role/roles_it_bad", elastic(), "{\"colour\":[]}");
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.json().path("error").path("type").asText()).isEqualTo("parse_exception");
        assertThat(badField.json().path("error").path("reason").asText())
                .isEqualTo("failed to parse role [roles_it_bad]. unexpected field [colour]");
        assertThat(call("GET", "/_security/role/roles_it_bad", elastic(), null).status()).isEqualTo(404);
    }

    @Test
    void reservedRolesAreListedAndCannotBeChanged() {
        JsonNode all = call("GET", "/_security/role", elastic(), null).json();
        assertThat(all.path("superuser").path("metadata").path("_reserved").asBoolean()).isTrue();
        assertThat(call("PUT", "/_security/role/superuser", elastic(), "{\"cluster\":[]}").status()).isEqualTo(400);
        assertThat(call("DELETE", "/_security/role/superuser", elastic(), null).status()).isEqualTo(400);
    }
}
