package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Elasticsearch's newer security endpoints (issue 17, point 2), answered as Elasticsearch answers them. */
class NewerSecurityEndpointsIT {

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void rolesArePutAndDeletedInBulkWithOneAnswerPerRole() {
        String body = "{\"roles\":{"
                + "\"nse_admin\":{\"cluster\":[\"all\"],\"metadata\":{\"key1\":\"val1\"},\"indices\":[{\"names\":\"*\",\"privileges\":[\"all\"]}]},"
                + "\"nse_described\":{\"description\":\"Allows all security-related operations\",\"cluster\":[\"manage_security\"]}}}";
        TestKeygate.Response put = call("POST", "/_security/role", elastic(), body);
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(texts(put.json().path("created"))).containsExactly("nse_admin", "nse_described");
        assertThat(put.json().has("errors")).isFalse();
        JsonNode got = call("GET", "/_security/role/nse_described", elastic(), null).json().path("nse_described");
        assertThat(got.path("description").asText()).isEqualTo("Allows all security-related operations");

        // the same roles again change nothing; a changed one is updated; reserved and invalid ones fail alone
        TestKeygate.Response again = call("POST", "/_security/role", elastic(), "{\"roles\":{"
                + "\"nse_admin\":{\"cluster\":[\"all\"],\"metadata\":{\"key1\":\"val1\"},\"indices\":[{\"names\":\"*\",\"privileges\":[\"all\"]}]},"
                + "\"nse_described\":{\"description\":\"changed\",\"cluster\":[\"manage_security\"]},"
                + "\"superuser\":{\"cluster\":[\"all\"]},"
                + "\"nse_bad\":{\"cluster\":[\"no_such_privilege\"]}}}");
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(texts(again.json().path("noop"))).containsExactly("nse_admin");
        assertThat(texts(again.json().path("updated"))).containsExactly("nse_described");
        assertThat(again.json().has("created")).isFalse();
        assertThat(again.json().path("errors").path("count").asInt()).isEqualTo(2);
        assertThat(again.json().path("errors").path("details").path("superuser").path("reason").asText())
                .contains("Role [superuser] is reserved and may not be used.");
        assertThat(again.json().path("errors").path("details").path("nse_bad").path("type").asText())
                .isEqualTo("action_request_validation_exception");
        assertThat(call("GET", "/_security/role/nse_bad", elastic(), null).status()).isEqualTo(404);

        TestKeygate.Response deleted = call("DELETE", "/_security/role", elastic(),
                "{\"names\":[\"nse_admin\",\"nse_described\",\"nse_never_was\",\"superuser\"]}");
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(texts(deleted.json().path("deleted"))).containsExactly("nse_admin", "nse_described");
        assertThat(texts(deleted.json().path("not_found"))).containsExactly("nse_never_was");
        assertThat(deleted.json().path("errors").path("details").path("superuser").path("reason").asText())
                .isEqualTo("role [superuser] is reserved and cannot be deleted");
        assertThat(call("GET", "/_security/role/nse_admin", elastic(), null).status()).isEqualTo(404);
    }

    @Test
    void rolesAreQueriedByNameDescriptionAndMetadataButBuiltInOnesAreNotListed() {
        assertThat(call("POST", "/_security/role", elastic(), "{\"roles\":{"
                + "\"nse_q_reader\":{\"description\":\"reads the logs\",\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"read\"]}],"
                + "\"metadata\":{\"team\":\"blue\"}},"
                + "\"nse_q_writer\":{\"description\":\"writes the logs\",\"indices\":[{\"names\":[\"logs-*\"],\"privileges\":[\"write\"]}],"
                + "\"metadata\":{\"team\":\"red\"}}}}").status()).isEqualTo(200);

        JsonNode all = call("POST", "/_security/_query/role", elastic(),
                "{\"query\":{\"prefix\":{\"name\":\"nse_q_\"}},\"sort\":[\"name\"]}").json();
        assertThat(all.path("total").asInt()).isEqualTo(2);
        assertThat(all.path("roles").get(0).path("name").asText()).isEqualTo("nse_q_reader");
        assertThat(all.path("roles").get(0).path("indices").get(0).path("privileges").get(0).asText()).isEqualTo("read");
        assertThat(all.path("roles").get(0).path("_sort").get(0).asText()).isEqualTo("nse_q_reader");

        JsonNode blue = call("POST", "/_security/_query/role", elastic(), "{\"query\":{\"term\":{\"metadata.team\":\"blue\"}}}").json();
        assertThat(blue.path("count").asInt()).isEqualTo(1);
        assertThat(blue.path("roles").get(0).path("name").asText()).isEqualTo("nse_q_reader");

        JsonNode writes = call("GET", "/_security/_query/role", elastic(),
                "{\"query\":{\"bool\":{\"must\":[{\"match\":{\"description\":\"writes\"}},{\"prefix\":{\"name\":\"nse_q_\"}}]}}}").json();
        assertThat(writes.path("roles").get(0).path("name").asText()).isEqualTo("nse_q_writer");
        assertThat(writes.path("total").asInt()).isEqualTo(1);

        JsonNode builtin = call("POST", "/_security/_query/role", elastic(), "{\"query\":{\"term\":{\"name\":\"superuser\"}}}").json();
        assertThat(builtin.path("total").asInt()).isZero();

        TestKeygate.Response cluster = call("POST", "/_security/_query/role", elastic(), "{\"query\":{\"term\":{\"cluster\":\"all\"}}}");
        assertThat(cluster.status()).isEqualTo(400);
        assertThat(cluster.json().path("error").path("reason").asText()).isEqualTo("Field [cluster] is not allowed for querying or aggregation");
        call("DELETE", "/_security/role", elastic(), "{\"names\":[\"nse_q_reader\",\"nse_q_writer\"]}");
    }

    @Test
    void usersAreQueriedAmongNativeUsersOnly() {
        assertThat(call("PUT", "/_security/role/nse_users_admin", elastic(), "{\"cluster\":[\"manage_security\"]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/nse_users_admin", elastic(),
                "{\"password\":\"x-pack-test-password\",\"roles\":[\"nse_users_admin\"]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/nse_qu_1", elastic(),
                "{\"password\":\"x-pack-test-password\",\"roles\":[\"nse-test-role-1\"],\"full_name\":\"Test User 1\"}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/nse_qu_2", elastic(),
                "{\"password\":\"x-pack-test-password\",\"roles\":[\"nse-test-role-2\"],\"full_name\":\"Test User 2\"}").status()).isEqualTo(200);
        String admin = basic("nse_users_admin", "x-pack-test-password");

        JsonNode wildcard = call("POST", "/_security/_query/user", admin, "{\"query\":{\"wildcard\":{\"roles\":\"nse-test-role-*\"}}}").json();
        assertThat(wildcard.path("total").asInt()).isEqualTo(2);

        JsonNode page = call("POST", "/_security/_query/user?with_profile_uid=true", admin,
                "{\"query\":{\"wildcard\":{\"roles\":\"nse-test-role-*\"}},\"sort\":[{\"username\":{\"order\":\"desc\"}}],\"from\":1,\"size\":1}").json();
        assertThat(page.path("total").asInt()).isEqualTo(2);
        assertThat(page.path("count").asInt()).isEqualTo(1);
        JsonNode user = page.path("users").get(0);
        assertThat(user.path("username").asText()).isEqualTo("nse_qu_1");
        assertThat(user.path("full_name").asText()).isEqualTo("Test User 1");
        assertThat(user.has("password")).isFalse();

        // the reserved elastic user is not a native user: not listed, as in Elasticsearch
        JsonNode elasticUser = call("POST", "/_security/_query/user", admin, "{\"query\":{\"term\":{\"username\":\"elastic\"}}}").json();
        assertThat(elasticUser.path("total").asInt()).isZero();

        TestKeygate.Response sortByName = call("POST", "/_security/_query/user", admin, "{\"sort\":[\"full_name\"]}");
        assertThat(sortByName.status()).isEqualTo(400);
        assertThat(sortByName.json().path("error").path("reason").asText()).isEqualTo("sorting is not supported for field [full_name]");

        TestKeygate.Response denied = call("POST", "/_security/_query/user", basic("nse_qu_1", "x-pack-test-password"), "{}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("error").path("reason").asText())
                .startsWith("action [cluster:admin/xpack/security/user/query] is unauthorized for user [nse_qu_1]");
        for (String u : List.of("nse_users_admin", "nse_qu_1", "nse_qu_2")) call("DELETE", "/_security/user/" + u, elastic(), null);
        call("DELETE", "/_security/role/nse_users_admin", elastic(), null);
    }

    @Test
    void everyUserReadsItsOwnPrivilegesButAnApiKeyWithItsOwnRolesIsPointedElsewhere() {
        assertThat(call("PUT", "/_security/role/nse_priv", elastic(), "{\"cluster\":[\"monitor\",\"manage_own_api_key\"],"
                + "\"indices\":[{\"names\":[\"nse-b\",\"nse-a\"],\"privileges\":[\"read\"]}],\"run_as\":[\"someone\"]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/user/nse_priv", elastic(), "{\"password\":\"s3cr3t-pw\",\"roles\":[\"nse_priv\"]}").status())
                .isEqualTo(200);
        String user = basic("nse_priv", "s3cr3t-pw");
        TestKeygate.Response mine = call("GET", "/_security/user/_privileges", user, null);
        assertThat(mine.status()).as(mine.text()).isEqualTo(200);
        assertThat(texts(mine.json().path("cluster"))).containsExactly("manage_own_api_key", "monitor");
        assertThat(texts(mine.json().path("indices").get(0).path("names"))).containsExactly("nse-a", "nse-b");
        assertThat(mine.json().path("indices").get(0).path("allow_restricted_indices").asBoolean()).isFalse();
        assertThat(texts(mine.json().path("run_as"))).containsExactly("someone");

        JsonNode superuser = call("GET", "/_security/user/_privileges", elastic(), null).json();
        assertThat(texts(superuser.path("cluster"))).containsExactly("all");

        String scoped = call("POST", "/_security/api_key", user, "{\"name\":\"nse-scoped\",\"role_descriptors\":{\"r\":{\"cluster\":[\"monitor\"]}}}")
                .json().path("encoded").asText();
        TestKeygate.Response keyAsks = call("GET", "/_security/user/_privileges", "ApiKey " + scoped, null);
        assertThat(keyAsks.status()).isEqualTo(400);
        assertThat(keyAsks.json().path("error").path("reason").asText()).isEqualTo("Cannot retrieve privileges for API keys with assigned role "
                + "descriptors. Please use the Get API key information API https://ela.st/es-api-get-api-key");
        String plain = call("POST", "/_security/api_key", user, "{\"name\":\"nse-plain\"}").json().path("encoded").asText();
        TestKeygate.Response plainAsks = call("GET", "/_security/user/_privileges", "ApiKey " + plain, null);
        assertThat(plainAsks.status()).as(plainAsks.text()).isEqualTo(200);
        assertThat(texts(plainAsks.json().path("cluster"))).containsExactly("manage_own_api_key", "monitor");
        call("DELETE", "/_security/user/nse_priv", elastic(), null);
        call("DELETE", "/_security/role/nse_priv", elastic(), null);
    }

    @Test
    void securityStatsReportThisNodesEmptyDlsBitSetCache() {
        TestKeygate.Response stats = call("GET", "/_security/stats", elastic(), null);
        assertThat(stats.status()).as(stats.text()).isEqualTo(200);
        JsonNode nodes = stats.json().path("nodes");
        assertThat(nodes.size()).isEqualTo(1);
        JsonNode node = nodes.elements().next();
        assertThat(node.size()).isEqualTo(1);
        JsonNode cache = node.path("roles").path("dls").path("bit_set_cache");
        assertThat(cache.size()).isEqualTo(8);
        assertThat(cache.path("count").asLong()).isZero();
    }

    @Test
    void keysAreGrantedInBulkOnOneSetOfCredentials() {
        assertThat(call("PUT", "/_security/role/nse_granter", elastic(), "{\"cluster\":[\"grant_api_key\"]}").status()).isEqualTo(200);
        assertThat(call("PUT", "/_security/role/nse_target", elastic(), "{\"cluster\":[\"manage_token\"]}").status()).isEqualTo(200);
        call("PUT", "/_security/user/nse_granter", elastic(), "{\"password\":\"x-pack-test-password\",\"roles\":[\"nse_granter\"]}");
        call("PUT", "/_security/user/nse_target", elastic(), "{\"password\":\"x-pack-test-password-2\",\"roles\":[\"nse_target\"]}");
        String granter = basic("nse_granter", "x-pack-test-password");

        TestKeygate.Response granted = call("POST", "/_security/api_key/_bulk_grant", granter, "{\"grant_type\":\"password\","
                + "\"username\":\"nse_target\",\"password\":\"x-pack-test-password-2\","
                + "\"api_keys\":[{\"name\":\"bulk-key-1\",\"expiration\":\"1d\",\"metadata\":{\"managed\":true}},{\"name\":\"bulk-key-2\"}]}");
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        JsonNode created = granted.json().path("created");
        assertThat(created.size()).isEqualTo(2);
        assertThat(created.get(0).path("name").asText()).isEqualTo("bulk-key-1");
        assertThat(created.get(0).has("expiration")).isTrue();
        assertThat(created.get(1).path("name").asText()).isEqualTo("bulk-key-2");
        JsonNode me = call("GET", "/_security/_authenticate", "ApiKey " + created.get(0).path("encoded").asText(), null).json();
        assertThat(me.path("username").asText()).isEqualTo("nse_target");
        assertThat(me.path("api_key").path("name").asText()).isEqualTo("bulk-key-1");

        TestKeygate.Response forbidden = call("POST", "/_security/api_key/_bulk_grant", basic("nse_target", "x-pack-test-password-2"),
                "{\"grant_type\":\"password\",\"username\":\"nse_granter\",\"password\":\"x-pack-test-password\",\"api_keys\":[{\"name\":\"x\"}]}");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().path("error").path("reason").asText()).isEqualTo("action [cluster:admin/xpack/security/api_key/grant/bulk] "
                + "is unauthorized for user [nse_target] with effective roles [nse_target], this action is granted by the cluster "
                + "privileges [grant_api_key,manage_api_key,manage_security,all]");

        TestKeygate.Response empty = call("POST", "/_security/api_key/_bulk_grant", granter,
                "{\"grant_type\":\"password\",\"username\":\"nse_target\",\"password\":\"x-pack-test-password-2\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("error").path("type").asText()).isEqualTo("action_request_validation_exception");
        assertThat(empty.json().path("error").path("reason").asText()).isEqualTo("Validation Failed: 1: [api_keys] must not be empty;");
        call("DELETE", "/_security/user/nse_granter", elastic(), null);
        call("DELETE", "/_security/user/nse_target", elastic(), null);
    }

    @Test
    void aRoleStoredBeforeRoleQueriesIsFoundOnceANodeHasStarted() throws Exception {
        // a role document as an earlier Keygate wrote it: the descriptor only, no query fields
        assertThat(TestKeygate.backend("PUT", "/.keygate-security/_doc/role-nse_legacy?refresh=true",
                "{\"doc_type\":\"role\",\"role_name\":\"nse_legacy\",\"changed_time\":1,"
                        + "\"role\":{\"cluster\":[\"monitor\"],\"description\":\"an old legacy role\",\"metadata\":{\"era\":\"old\"}}}")
                .status()).isIn(200, 201);
        String query = "{\"query\":{\"term\":{\"metadata.era\":\"old\"}}}";
        assertThat(call("POST", "/_security/_query/role", elastic(), query).json().path("total").asInt()).isZero();
        try (io.keygate.server.KeygateNode next = io.keygate.server.KeygateNode.start(io.keygate.server.config.Settings.of(
                java.util.Map.of("http.port", "0", "backend.hosts", TestKeygate.backendUrl())), null, line -> { })) {
            assertThat(TestKeygate.backend("POST", "/.keygate-security/_refresh", null).status()).isEqualTo(200);
            JsonNode found = call("POST", "/_security/_query/role", elastic(), query).json();
            assertThat(found.path("total").asInt()).isEqualTo(1);
            assertThat(found.path("roles").get(0).path("description").asText()).isEqualTo("an old legacy role");
        }
        call("DELETE", "/_security/role/nse_legacy", elastic(), null);
    }

    /** Elasticsearch's PBKDF2 password hash of a password, computed with the JDK alone. */
    private static String pbkdf2(String password) throws Exception {
        byte[] salt = "sixteen-byte-slt".getBytes();
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 10_000, 256)).getEncoded();
        return "{PBKDF2}10000$" + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(key);
    }

    @Test
    void aPbkdf2PasswordHashLetsTheUserInAndAClearTextOneIsRefused() throws Exception {
        TestKeygate.Response put = call("PUT", "/_security/user/nse_hashed", elastic(),
                "{\"password_hash\":\"" + pbkdf2("correct horse battery staple") + "\",\"roles\":[]}");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(call("GET", "/_security/_authenticate", basic("nse_hashed", "correct horse battery staple"), null).status()).isEqualTo(200);
        assertThat(call("GET", "/_security/_authenticate", basic("nse_hashed", "wrong horse battery staple"), null).status()).isEqualTo(401);

        for (String path : List.of("/_security/user/nse_hashed", "/_security/user/nse_hashed/_password")) {
            TestKeygate.Response clear = call("PUT", path, elastic(), "{\"password_hash\":\"correct horse battery staple\",\"roles\":[]}"
                    .replace(",\"roles\":[]", path.endsWith("_password") ? "" : ",\"roles\":[]"));
            assertThat(clear.status()).as(path + " " + clear.text()).isEqualTo(400);
            assertThat(clear.json().path("error").path("type").asText()).isEqualTo("illegal_argument_exception");
            assertThat(clear.json().path("error").path("reason").asText()).startsWith("The provided password hash is not a hash or it could "
                    + "not be resolved to a supported hash algorithm. The supported password hash algorithms are [bcrypt, bcrypt4,");
        }
        assertThat(call("GET", "/_security/_authenticate", basic("nse_hashed", "correct horse battery staple"), null).status()).isEqualTo(200);
        call("DELETE", "/_security/user/nse_hashed", elastic(), null);
    }
}
