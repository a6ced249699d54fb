package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Authentication failures and access denials land in the ECS JSON audit log, without secrets. */
class AuditIT {
    private static final Path AUDIT_LOG = Path.of(System.getProperty("keygate.logs", "target/it-logs"), "keygate_audit.json");

    @Test
    void failedLoginAndDeniedAccessAreAuditedWithoutTheSecret() throws Exception {
        String secret = "wrong-" + UUID.randomUUID();
        assertThat(call("GET", "/", basic("elastic", secret), null).status()).isEqualTo(401);
        call("PUT", "/_security/user/audited", elastic(), "{\"password\":\"audited-pass\",\"roles\":[\"viewer\"]}");
        assertThat(call("DELETE", "/audit-target", basic("audited", "audited-pass"), null).status()).isEqualTo(403);

        List<String> lines = Files.readAllLines(AUDIT_LOG);
        assertThat(String.join("\n", lines)).doesNotContain(secret).doesNotContain("audited-pass");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = lines.stream().map(l -> { try { return json.readTree(l); } catch (Exception e) { throw new AssertionError(l, e); } }).toList();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("event.action").asText()).isEqualTo("authentication_failed");
            assertThat(e.path("url.path").asText()).isEqualTo("/");
            assertThat(e.path("source.ip").asText()).isEqualTo("127.0.0.1");
            assertThat(e.path("keygate.credentials").asText()).isEqualTo("Basic");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("event.action").asText()).isEqualTo("access_denied");
            assertThat(e.path("user.name").asText()).isEqualTo("audited");
            assertThat(e.path("url.path").asText()).isEqualTo("/audit-target");
            assertThat(e.path("message").asText()).contains("action [indices:admin/delete] is unauthorized for user [audited]");
        });
    }
}
