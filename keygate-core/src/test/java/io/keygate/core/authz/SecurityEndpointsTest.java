package io.keygate.core.authz;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.error.EsException;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.core.role.RoleDescriptorParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may call which of Keygate's own endpoints, decided before any handler runs. */
class SecurityEndpointsTest {
    static final RoleCompiler COMPILER = new RoleCompiler();

    static Role role(String cluster) {
        try {
            String json = "{\"cluster\":[" + (cluster.isEmpty() ? "" : "\"" + String.join("\",\"", cluster.split(" ")) + "\"") + "]}";
            return COMPILER.compile(List.of(RoleDescriptorParser.parse("r", new ObjectMapper().readTree(json))));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0} {1} with [{2}] self={3} → {4}")
    @CsvSource(delimiter = '|', textBlock = """
        GET    | /_security/_authenticate                  |                    | false | FULL
        POST   | /_security/user/_has_privileges           |                    | false | FULL
        GET    | /_security/role                           |                    | false | DENIED
        GET    | /_security/role/{name}                    | read_security      | false | FULL
        PUT    | /_security/role/{name}                    | read_security      | false | DENIED
        PUT    | /_security/role/{name}                    | manage_security    | false | FULL
        DELETE | /_security/user/{username}                | monitor            | false | DENIED
        PUT    | /_security/user/_password                 |                    | true  | OWN_API_KEYS
        PUT    | /_security/user/{username}/_password      |                    | false | DENIED
        PUT    | /_security/user/{username}/_password      | manage_security    | false | FULL
        POST   | /_security/user/{username}/_disable       | manage_own_api_key | false | DENIED
        POST   | /_security/api_key                        | manage_own_api_key | false | FULL
        GET    | /_security/api_key                        | manage_own_api_key | false | OWN_API_KEYS
        DELETE | /_security/api_key                        | manage_api_key     | false | FULL
        PUT    | /_security/api_key/{id}                   |                    | false | DENIED
        POST   | /_security/_query/api_key                 | read_security      | false | FULL
        POST   | /_security/api_key/grant                  | manage_own_api_key | false | DENIED
        POST   | /_security/api_key/grant                  | grant_api_key      | false | FULL
        POST   | /_security/api_key/{ids}/_clear_cache     | manage_api_key     | false | DENIED
        POST   | /_security/api_key/{ids}/_clear_cache     | manage_security    | false | FULL
        POST   | /_security/role                           | read_security      | false | DENIED
        POST   | /_security/role                           | manage_security    | false | FULL
        DELETE | /_security/role                           | read_security      | false | DENIED
        POST   | /_security/_query/role                    | read_security      | false | FULL
        GET    | /_security/_query/user                    | read_security      | false | FULL
        POST   | /_security/_query/user                    | monitor            | false | DENIED
        GET    | /_security/user/_privileges               |                    | false | FULL
        GET    | /_security/stats                          | monitor            | false | FULL
        GET    | /_security/stats                          | read_security      | false | DENIED
        POST   | /_security/api_key/_bulk_grant            | grant_api_key      | false | FULL
        POST   | /_security/api_key/_bulk_grant            | manage_own_api_key | false | DENIED
        """)
    void decides(String method, String template, String cluster, boolean self, String expected) {
        SecurityEndpoints.Endpoint e = SecurityEndpoints.of(method, template);
        assertThat(e).as("every endpoint has a rule").isNotNull();
        Subject subject = Subject.user("u", List.of("r"));
        Role role = role(cluster == null ? "" : cluster);
        if (expected.equals("DENIED")) {
            assertThatThrownBy(() -> SecurityEndpoints.decide(subject, role, e, self))
                    .isInstanceOfSatisfying(EsException.class, x -> {
                        assertThat(x.status()).isEqualTo(403);
                        assertThat(x.reason()).startsWith("action [" + e.action() + "] is unauthorized for user [u]");
                    });
        } else {
            assertThat(SecurityEndpoints.decide(subject, role, e, self)).isEqualTo(Role.ClusterAccess.valueOf(expected));
        }
    }

    @Test
    void anApiKeyNeverChangesAPasswordAsItself() {
        SecurityEndpoints.Endpoint e = SecurityEndpoints.of("PUT", "/_security/user/_password");
        assertThatThrownBy(() -> SecurityEndpoints.decide(Subject.apiKey("k", "u"), role(""), e, true)).isInstanceOf(EsException.class);
    }

    @Test
    void anApiKeyReadsItselfWithoutPrivilegesAndNothingElse() {
        SecurityEndpoints.Endpoint get = SecurityEndpoints.of("GET", "/_security/api_key");
        assertThat(SecurityEndpoints.decide(Subject.apiKey("k", "u"), role(""), get, true)).isEqualTo(Role.ClusterAccess.OWN_API_KEYS);
        assertThatThrownBy(() -> SecurityEndpoints.decide(Subject.apiKey("k", "u"), role(""), get, false)).isInstanceOf(EsException.class);
        // a user naming a key is never "itself"
        assertThatThrownBy(() -> SecurityEndpoints.decide(Subject.user("u", List.of("r")), role(""), get, true)).isInstanceOf(EsException.class);
        SecurityEndpoints.Endpoint invalidate = SecurityEndpoints.of("DELETE", "/_security/api_key");
        assertThatThrownBy(() -> SecurityEndpoints.decide(Subject.apiKey("k", "u"), role(""), invalidate, true)).isInstanceOf(EsException.class);
    }

    @Test
    void headIsGet() {
        assertThat(SecurityEndpoints.of("HEAD", "/_security/_authenticate")).isEqualTo(SecurityEndpoints.of("GET", "/_security/_authenticate"));
        assertThat(SecurityEndpoints.of("PATCH", "/_security/role/{name}")).isNull();
    }
}
