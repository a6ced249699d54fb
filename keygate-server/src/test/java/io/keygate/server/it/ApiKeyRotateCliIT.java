package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.keygate.server.it.ShippersCliIT.asElastic;
import static io.keygate.server.it.ShippersCliIT.header;
import static io.keygate.server.it.ShippersCliIT.keygate;
import static io.keygate.server.it.TestKeygate.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keygate apikey rotate}, run as a user runs it (its own process, the secret only in the environment): the new
 * secret printed as create prints it, the old one still working for the grace period, then only the new one.
 */
class ApiKeyRotateCliIT {

    private static int status(String beats) {
        return call("GET", "/_security/_authenticate", header(beats), null).status();
    }

    @Test
    void rotatesInBeatsFormAndBothSecretsWorkDuringTheGrace() throws Exception {
        String old = keygate(asElastic(), "apikey", "create", "-u", "elastic", "--name", "cli_rotated",
                "-t", "agent-writer", "--format", "beats").out().strip();
        String id = old.substring(0, old.indexOf(':'));
        assertThat(status(old)).isEqualTo(200);

        ShippersCliIT.Run run = keygate(asElastic(), "apikey", "rotate", "-u", "elastic", id, "--grace", "5s", "--format", "beats");
        assertThat(run.exit()).as(run.err()).isZero();
        String rotated = run.out().strip();
        System.out.println("[rotate cli] stdout: " + rotated + "\n[rotate cli] stderr: " + run.err().strip());
        assertThat(rotated).startsWith(id + ":").isNotEqualTo(old).matches("[A-Za-z0-9_-]+:[A-Za-z0-9_-]+");
        assertThat(run.err()).startsWith("rotated API key [cli_rotated] id [" + id + "]; the old secret works until ")
                .contains("left)");

        // the grace: both work, the key is the same one
        assertThat(status(rotated)).isEqualTo(200);
        assertThat(status(old)).isEqualTo(200);
        JsonNode me = call("GET", "/_security/_authenticate", header(rotated), null).json();
        assertThat(me.path("api_key").path("id").asText()).isEqualTo(id);
        assertThat(me.path("api_key").path("name").asText()).isEqualTo("cli_rotated");

        // after it: only the new one
        long deadline = System.currentTimeMillis() + 5_000 + 10_000;
        while (status(old) == 200 && System.currentTimeMillis() < deadline) Thread.sleep(200);
        assertThat(status(old)).isEqualTo(401);
        assertThat(status(rotated)).isEqualTo(200);
    }

    @Test
    void rotatesInJsonWithoutGraceAndReportsRefusals() {
        String created = keygate(asElastic(), "apikey", "create", "-u", "elastic", "--name", "cli_rotated_json",
                "--format", "encoded").out().strip();
        String id = new String(java.util.Base64.getDecoder().decode(created)).split(":")[0];

        ShippersCliIT.Run run = keygate(asElastic(), "apikey", "rotate", "-u", "elastic", "--grace", "0s", id);
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = new TestKeygate.Response(200, null, run.out()).json();
        System.out.println("[rotate cli] json: " + run.out().strip());
        assertThat(json.path("id").asText()).isEqualTo(id);
        assertThat(json.path("name").asText()).isEqualTo("cli_rotated_json");
        assertThat(json.path("api_key").asText()).isNotEmpty();
        assertThat(json.has("previous_secret_valid_until")).isFalse();
        assertThat(run.err()).isEmpty(); // json: the answer alone, as create prints it
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + created, null).status()).isEqualTo(401);
        assertThat(call("GET", "/_security/_authenticate", "ApiKey " + json.path("encoded").asText(), null).status()).isEqualTo(200);

        ShippersCliIT.Run tooLong = keygate(asElastic(), "apikey", "rotate", "-u", "elastic", "--grace", "60d", id);
        assertThat(tooLong.exit()).isEqualTo(1);
        assertThat(tooLong.err()).contains("(400)").contains("[grace_period] must be at most [30d]");
        ShippersCliIT.Run missing = keygate(asElastic(), "apikey", "rotate", "-u", "elastic", "no-such-key-id");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("(404)").contains("no API key found for ID [no-such-key-id]");
    }
}
