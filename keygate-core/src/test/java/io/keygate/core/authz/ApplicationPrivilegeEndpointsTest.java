package io.keygate.core.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.core.error.EsException;
import io.keygate.core.role.Role;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who may manage and read application privileges: Elasticsearch's actions, held through its cluster privileges. */
class ApplicationPrivilegeEndpointsTest {

    @ParameterizedTest(name = "{0} {1} with [{2}] → {3}")
    @CsvSource(delimiter = '|', textBlock = """
        GET    | /_security/privilege                             | read_security   | cluster:admin/xpack/security/privilege/get         | FULL
        GET    | /_security/privilege/{application}               | read_security   | cluster:admin/xpack/security/privilege/get         | FULL
        GET    | /_security/privilege/{application}/{name}        | manage_security | cluster:admin/xpack/security/privilege/get         | FULL
        GET    | /_security/privilege/{application}/{name}        | manage          | cluster:admin/xpack/security/privilege/get         | DENIED
        GET    | /_security/privilege/_builtin                    | read_security   | cluster:admin/xpack/security/privilege/builtin/get | FULL
        GET    | /_security/privilege/_builtin                    | monitor         | cluster:admin/xpack/security/privilege/builtin/get | DENIED
        PUT    | /_security/privilege                             | read_security   | cluster:admin/xpack/security/privilege/put         | DENIED
        POST   | /_security/privilege                             | manage_security | cluster:admin/xpack/security/privilege/put         | FULL
        DELETE | /_security/privilege/{application}/{name}        | read_security   | cluster:admin/xpack/security/privilege/delete      | DENIED
        DELETE | /_security/privilege/{application}/{name}        | manage_security | cluster:admin/xpack/security/privilege/delete      | FULL
        POST   | /_security/privilege/{application}/_clear_cache  | read_security   | cluster:admin/xpack/security/privilege/cache/clear | DENIED
        POST   | /_security/privilege/{application}/_clear_cache  | manage_security | cluster:admin/xpack/security/privilege/cache/clear | FULL
        """)
    void decides(String method, String template, String cluster, String action, String expected) {
        SecurityEndpoints.Endpoint e = SecurityEndpoints.of(method, template);
        assertThat(e).as("every endpoint has a rule").isNotNull();
        assertThat(e.action()).isEqualTo(action);
        Subject subject = Subject.user("u", List.of("r"));
        Role role = SecurityEndpointsTest.role(cluster);
        if (expected.equals("DENIED")) {
            assertThatThrownBy(() -> SecurityEndpoints.decide(subject, role, e, false))
                    .isInstanceOfSatisfying(EsException.class, x -> {
                        assertThat(x.status()).isEqualTo(403);
                        assertThat(x.reason()).startsWith("action [" + action + "] is unauthorized for user [u]");
                    });
        } else {
            assertThat(SecurityEndpoints.decide(subject, role, e, false)).isEqualTo(Role.ClusterAccess.valueOf(expected));
        }
    }
}
