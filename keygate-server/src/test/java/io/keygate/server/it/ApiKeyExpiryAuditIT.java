package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** The audit log notes each API key's expiry once: {@code api_key_expired}, with the key, its owner and when. */
class ApiKeyExpiryAuditIT {
    private static final Path AUDIT_LOG = Path.of(System.getProperty("keygate.logs", "target/it-logs"), "keygate_audit.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> expiryEvents(String keyId) throws Exception {
        return Files.readAllLines(AUDIT_LOG).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).filter(e -> e.path("event.action").asText().equals("api_key_expired"))
                .filter(e -> e.path("keygate.api_key.id").asText().equals(keyId)).toList();
    }

    @Test
    void aKeyThatExpiresIsNotedExactlyOnce() throws Exception {
        TestKeygate.node();
        JsonNode created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"expiring-audited\",\"expiration\":\"2s\"}").json();
        String id = created.path("id").asText();
        long expiration = created.path("expiration").asLong();
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + created.path("encoded").asText(), null).status()).isEqualTo(200);
        assertThat(expiryEvents(id)).isEmpty();

        // the check runs every keygate.security.authc.api_key.expiry_check.interval (1s in the tests)
        long deadline = System.currentTimeMillis() + 15_000;
        while (expiryEvents(id).isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(200);
        List<JsonNode> events = expiryEvents(id);
        assertThat(events).hasSize(1);
        JsonNode e = events.get(0);
        assertThat(e.path("keygate.api_key.name").asText()).isEqualTo("expiring-audited");
        assertThat(e.path("user.name").asText()).isEqualTo("elastic");
        assertThat(e.path("keygate.realm").asText()).isEqualTo("reserved");
        assertThat(Instant.parse(e.path("keygate.api_key.expiration").asText()).toEpochMilli()).isEqualTo(expiration);
        assertThat(e.path("event.category").asText()).isEqualTo("iam");
        assertThat(e.path("message").asText()).contains("api key [" + id + "] of [elastic] expired at [");
        assertThat(Instant.parse(e.path("@timestamp").asText()).toEpochMilli()).isGreaterThanOrEqualTo(expiration);
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + created.path("encoded").asText(), null).status()).isEqualTo(401);

        // later checks look back over the same expiration (their window overlaps): still one event
        Thread.sleep(4_000);
        assertThat(expiryEvents(id)).hasSize(1);
    }

    @Test
    void aKeyInvalidatedBeforeItExpiresIsNotNotedAsExpired() throws Exception {
        JsonNode created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"invalidated-first\",\"expiration\":\"2s\"}").json();
        String id = created.path("id").asText();
        assertThat(call("DELETE", "/_security/api_key", elastic(), "{\"ids\":[\"" + id + "\"]}").status()).isEqualTo(200);
        Thread.sleep(5_000); // its expiration passed, and several checks ran
        assertThat(expiryEvents(id)).isEmpty();
    }
}
