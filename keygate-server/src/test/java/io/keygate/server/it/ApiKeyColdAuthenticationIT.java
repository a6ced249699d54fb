package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many keys this node has never seen, used at the same moment (a fleet of shippers starting): their documents are read
 * together, and each request is still answered for its own key, with its own secret checked.
 */
class ApiKeyColdAuthenticationIT {

    private record Key(String id, String encoded) {}

    private record Attempt(String label, String authorization, String expectedKeyId, String expectedRefusal) {}

    private static Key create(String name) {
        TestKeygate.Response r = call("POST", "/_security/api_key?refresh=false", elastic(),
                "{\"name\":\"" + name + "\",\"role_descriptors\":{\"r\":{\"indices\":[{\"names\":[\"cold-*\"],\"privileges\":[\"read\"]}]}}}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return new Key(r.json().path("id").asText(), r.json().path("encoded").asText());
    }

    private static String apiKey(String id, String secret) {
        return "ApiKey " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static double metric(String name) {
        for (String line : call("GET", "/_keygate/metrics", elastic(), null).text().split("\n")) {
            if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
        }
        throw new AssertionError("no metric " + name);
    }

    @Test
    void manyNewKeysAtOnceEachAuthenticateAsThemselvesAndAWrongSecretAmongThemIsRefused() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 120; i++) keys.add(create("cold-" + run + "-" + i));

        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            attempts.add(new Attempt("key " + i, "ApiKey " + k.encoded(), k.id(), null));
            if (i % 10 == 0) attempts.add(new Attempt("key " + i + " again", "ApiKey " + k.encoded(), k.id(), null));
        }
        Key victim = keys.get(7); // its right secret and a wrong one are in the same burst: one read, two answers
        attempts.add(new Attempt("wrong secret", apiKey(victim.id(), "AAAAAAAAAAAAAAAAAAAAAA"), null,
                "API key: invalid credentials for API key [" + victim.id() + "]"));
        Key fresh = create("cold-" + run + "-wrong-only"); // never authenticated with its right secret
        attempts.add(new Attempt("wrong secret of an unused key", apiKey(fresh.id(), "BBBBBBBBBBBBBBBBBBBBBB"), null,
                "API key: invalid credentials for API key [" + fresh.id() + "]"));
        attempts.add(new Attempt("unknown id", apiKey("nosuchcoldkey" + run, "secret"), null,
                "API key: unable to find apikey with id nosuchcoldkey" + run));
        attempts.add(new Attempt("a user document's id", apiKey("reserved-user-elastic", "x"), null,
                "API key: unable to find apikey with id reserved-user-elastic"));
        java.util.Collections.shuffle(attempts, new java.util.Random(42));

        double readsBefore = metric("keygate_authc_api_key_reads_total");
        double keysBefore = metric("keygate_authc_api_key_reads_keys_total");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TestKeygate.Response>> answers = new ArrayList<>();
            for (Attempt a : attempts) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return call("GET", "/_security/_authenticate", a.authorization(), null);
                }));
            }
            go.countDown();
            for (int i = 0; i < attempts.size(); i++) {
                Attempt a = attempts.get(i);
                TestKeygate.Response r = answers.get(i).get();
                if (a.expectedRefusal() == null) {
                    assertThat(r.status()).as(a.label() + ": " + r.text()).isEqualTo(200);
                    JsonNode me = r.json();
                    assertThat(me.path("authentication_type").asText()).isEqualTo("api_key");
                    assertThat(me.path("api_key").path("id").asText()).as(a.label()).isEqualTo(a.expectedKeyId());
                    assertThat(me.path("username").asText()).isEqualTo("elastic");
                } else {
                    assertThat(r.status()).as(a.label() + ": " + r.text()).isEqualTo(401);
                    assertThat(r.json().path("error").path("additional_unsuccessful_credentials").asText()).as(a.label())
                            .isEqualTo(a.expectedRefusal());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double reads = metric("keygate_authc_api_key_reads_total") - readsBefore;
        double keysRead = metric("keygate_authc_api_key_reads_keys_total") - keysBefore;
        System.out.println("[cold keys] " + attempts.size() + " requests, " + keysRead + " key documents read in " + reads + " _mget");
        // 32 requests at a time: while one read is out the others wait and go together
        assertThat(keysRead).isGreaterThanOrEqualTo(keys.size() + 3); // each new id at least once
        assertThat(reads).isLessThan(keysRead);
        // the key whose wrong secret was refused still works, and the wrong secret stays refused
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + victim.encoded(), null).status()).isEqualTo(200);
        assertThat(call("GET", "/_security/_authenticate", apiKey(victim.id(), "AAAAAAAAAAAAAAAAAAAAAA"), null).status()).isEqualTo(401);
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + fresh.encoded(), null).status()).isEqualTo(200);
    }
}
