package io.keygate.server.it;

import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.keygate.server.it.TestKeygate.basic;
import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** An attacker guessing: usernames (by timing) and passwords or API key secrets (by brute force). */
class AuthenticationAbuseIT {
    private static final Path AUDIT_LOG = Path.of(System.getProperty("keygate.logs", "target/it-logs"), "keygate_audit.json");
    private static KeygateNode node;

    @BeforeAll
    static void start() throws Exception {
        TestKeygate.node();
        node = KeygateNode.start(Settings.of(Map.of("http.port", "0", "backend.hosts", TestKeygate.backendUrl(),
                "keygate.security.authc.lockout.max_failures", "3", "keygate.security.authc.lockout.duration", "3s")),
                null, line -> System.out.println("[lockout keygate] " + line));
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
    }

    private static int status(String authorization) {
        return TestKeygate.call("http://127.0.0.1:" + node.port(), "GET", "/_security/_authenticate", authorization, null,
                "application/json").status();
    }

    private static long micros(String authorization) {
        long start = System.nanoTime();
        assertThat(call("GET", "/_security/_authenticate", authorization, null).status()).isEqualTo(401);
        return (System.nanoTime() - start) / 1_000;
    }

    @Test
    void anUnknownUserTakesAsLongToRefuseAsAWrongPassword() {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "timing_user_" + i;
            call("PUT", "/_security/user/" + name, elastic(), "{\"password\":\"right-password\",\"roles\":[]}");
            known.add(name);
        }
        List<Long> existing = new ArrayList<>(), unknown = new ArrayList<>();
        for (int round = 0; round < 3; round++) { // 3 wrong guesses per user: under the lockout threshold
            for (String name : known) {
                existing.add(micros(basic(name, "wrong-" + round)));
                unknown.add(micros(basic("nobody_" + UUID.randomUUID(), "wrong-" + round)));
            }
        }
        long existingMedian = existing.stream().sorted().toList().get(existing.size() / 2);
        long unknownMedian = unknown.stream().sorted().toList().get(unknown.size() / 2);
        System.out.printf("[timing] median refusal: existing user %.1f ms, unknown user %.1f ms%n",
                existingMedian / 1000.0, unknownMedian / 1000.0);
        assertThat(unknownMedian).isGreaterThan(existingMedian / 2);
    }

    @Test
    void repeatedWrongPasswordsLockTheUsernameForAWhileButNotItsVerifiedClients() throws Exception {
        call("PUT", "/_security/user/brute_target", elastic(), "{\"password\":\"right-password\",\"roles\":[]}");
        call("PUT", "/_security/user/brute_running", elastic(), "{\"password\":\"right-password\",\"roles\":[]}");
        Thread.sleep(1_000); // the change feed has delivered the users' creation (it would evict a cached login)
        // a client already running (its credentials verified and cached on this node)
        assertThat(status(basic("brute_running", "right-password"))).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(status(basic("brute_target", "guess-" + i))).isEqualTo(401);
            assertThat(status(basic("brute_running", "guess-" + i))).isEqualTo(401);
        }
        // locked: even the right password is refused now, unless this node verified it before
        assertThat(status(basic("brute_target", "right-password"))).isEqualTo(401);
        assertThat(status(basic("brute_running", "right-password"))).isEqualTo(200);
        // other users are not affected
        assertThat(status(elastic())).isEqualTo(200);
        assertThat(Files.readString(AUDIT_LOG)).contains("\"event.action\":\"authentication_locked\"")
                .containsPattern("\"user.name\":\"brute_target\"[^\\n]*authentication_locked|authentication_locked[^\\n]*\"user.name\":\"brute_target\"");
        // and after the lockout, the right password works again
        Thread.sleep(3_500);
        assertThat(status(basic("brute_target", "right-password"))).isEqualTo(200);
    }

    @Test
    void repeatedWrongSecretsForOneApiKeyIdLockThatId() throws Exception {
        var created = call("POST", "/_security/api_key", elastic(), "{\"name\":\"brute-key\"}").json();
        String id = created.path("id").asText();
        String right = "ApiKey " + created.path("encoded").asText();
        for (int i = 0; i < 3; i++) {
            String wrong = java.util.Base64.getEncoder().encodeToString((id + ":wrongsecret" + i).getBytes());
            assertThat(status("ApiKey " + wrong)).isEqualTo(401);
        }
        assertThat(status(right)).isEqualTo(401);
        Thread.sleep(3_500);
        assertThat(status(right)).isEqualTo(200);
    }
}
