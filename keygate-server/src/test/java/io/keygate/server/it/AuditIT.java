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

    @Test
    void eachRefusedBulkItemIsAnAuditEvent() throws Exception {
        call("PUT", "/_security/role/audit_bulk", elastic(), "{\"indices\":[{\"names\":[\"audit-ok-*\"],\"privileges\":[\"create_doc\",\"create_index\"]}]}");
        call("PUT", "/_security/user/audit_bulk", elastic(), "{\"password\":\"audit-bulk-pass\",\"roles\":[\"audit_bulk\"]}");
        String ndjson = "{\"create\":{\"_index\":\"audit-ok-1\"}}\n{\"m\":1}\n"
                + "{\"create\":{\"_index\":\"audit-refused-1\"}}\n{\"m\":2}\n"
                + "{\"create\":{\"_index\":\"audit-refused-2\"}}\n{\"m\":3}\n";
        TestKeygate.Response r = call(TestKeygate.url(), "POST", "/_bulk", basic("audit_bulk", "audit-bulk-pass"), ndjson, "application/x-ndjson");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("items").get(1).path("create").path("status").asInt()).isEqualTo(403);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = Files.readAllLines(AUDIT_LOG).stream()
                .map(l -> { try { return json.readTree(l); } catch (Exception e) { throw new AssertionError(l, e); } }).toList();
        for (String index : List.of("audit-refused-1", "audit-refused-2")) {
            assertThat(events).as(index).anySatisfy(e -> {
                assertThat(e.path("event.action").asText()).isEqualTo("access_denied");
                assertThat(e.path("user.name").asText()).isEqualTo("audit_bulk");
                assertThat(e.path("keygate.authz.indices").asText()).isEqualTo(index);
                assertThat(e.path("keygate.authz.action").asText()).isEqualTo("indices:data/write/index:op_type/create");
            });
        }
        assertThat(events).noneSatisfy(e -> assertThat(e.path("keygate.authz.indices").asText()).isEqualTo("audit-ok-1"));
    }
}
