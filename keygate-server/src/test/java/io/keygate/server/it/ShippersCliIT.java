package io.keygate.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.server.Keygate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.keygate.server.it.TestKeygate.call;
import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code keygate apikey} and {@code keygate check} commands, run as a user runs them: a separate process talking
 * to the running Keygate over its public API, secrets only in the environment.
 */
class ShippersCliIT {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run keygate(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8", "-cp", System.getProperty("java.class.path"),
                Keygate.class.getName()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().keySet().removeIf(k -> k.startsWith("KEYGATE_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Map<String, String> asElastic() {
        return Map.of("KEYGATE_PASSWORD", TestKeygate.ELASTIC_PASSWORD, "KEYGATE_URL", TestKeygate.url());
    }

    static String header(String beats) {
        return "ApiKey " + Base64.getEncoder().encodeToString(beats.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createsTheSeedsKeyInBeatsFormAndTheKeyWorks() {
        Run run = keygate(asElastic(), "apikey", "create", "--user", "elastic", "--name", "apm_host_cli",
                "--template", "apm-writer", "--expiration", "30d", "--format", "beats");
        assertThat(run.exit()).as(run.err()).isZero();
        String beats = run.out().strip();
        assertThat(beats).matches("[A-Za-z0-9_-]+:[A-Za-z0-9_-]+");
        assertThat(run.err()).contains("created API key [apm_host_cli]").contains("(in 30 days)");

        TestKeygate.Response write = call("POST", "/traces-apm-cli-default/_doc", header(beats), "{\"@timestamp\":\"2026-11-30T10:00:00Z\"}");
        assertThat(write.status()).as(write.text()).isEqualTo(201);
        // exactly the seed's descriptors: the same definition the web UI offers
        String id = beats.substring(0, beats.indexOf(':'));
        JsonNode key = call("GET", "/_security/api_key?id=" + id, elastic(), null).json().path("api_keys").get(0);
        JsonNode writer = key.path("role_descriptors").path("apm_writer");
        assertThat(writer.path("cluster").toString()).isEqualTo("[\"monitor\"]");
        assertThat(writer.path("indices").get(0).path("names").toString()).isEqualTo("[\"traces-apm*\",\"logs-apm*\",\"metrics-apm*\"]");
        assertThat(writer.path("indices").get(0).path("privileges").toString()).isEqualTo("[\"auto_configure\",\"create_doc\"]");
    }

    @Test
    void listsShowsAndInvalidatesKeys() {
        Run created = keygate(asElastic(), "apikey", "create", "-u", "elastic", "--name", "cli_lifecycle",
                "-t", "agent-writer", "--format", "json");
        assertThat(created.exit()).as(created.err()).isZero();
        JsonNode json = new TestKeygate.Response(200, null, created.out()).json();
        String id = json.path("id").asText();
        assertThat(json.path("encoded").asText()).isNotEmpty();

        Run list = keygate(asElastic(), "apikey", "list", "-u", "elastic", "--name", "cli_lifecycle");
        assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("NAME", "EXPIRES", "STATUS");
        assertThat(list.out()).contains(id).contains("cli_lifecycle").contains("never").contains("active");

        Run info = keygate(asElastic(), "apikey", "info", "-u", "elastic", id);
        assertThat(info.out()).contains("never expires").contains("\"agent_writer\"").contains("logs-*-*");

        Run invalidate = keygate(asElastic(), "apikey", "invalidate", "-u", "elastic", id); // ids may begin with '-'
        assertThat(invalidate.exit()).isZero();
        assertThat(invalidate.out()).contains("invalidated 1 key(s): " + id);
        assertThat(call("GET", "/", "ApiKey " + json.path("encoded").asText(), null).status()).isEqualTo(401);
        assertThat(keygate(asElastic(), "apikey", "list", "-u", "elastic", "--name", "cli_lifecycle").out()).contains("invalidated");
    }

    @Test
    void secretsNeverComeFromTheCommandLine() {
        Run withPassword = keygate(Map.of("KEYGATE_URL", TestKeygate.url()), "apikey", "list", "--user", "elastic",
                "--password", TestKeygate.ELASTIC_PASSWORD);
        assertThat(withPassword.exit()).isEqualTo(2);
        assertThat(withPassword.err()).contains("'--password'");
        Run none = keygate(Map.of("KEYGATE_URL", TestKeygate.url()), "apikey", "list");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no credentials: give --user");
        Run wrong = keygate(Map.of("KEYGATE_URL", TestKeygate.url(), "KEYGATE_PASSWORD", "wrong"), "apikey", "list", "-u", "elastic");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("(401): unable to authenticate user [elastic]");
        // an API key from the environment, Beats form
        Run beats = keygate(asElastic(), "apikey", "create", "-u", "elastic", "--name", "cli_as_key", "--format", "beats");
        Run asKey = keygate(Map.of("KEYGATE_URL", TestKeygate.url(), "KEYGATE_API_KEY", beats.out().strip()),
                "apikey", "info", beats.out().strip().split(":")[0]);
        assertThat(asKey.exit()).as(asKey.err()).isZero();
        assertThat(asKey.out()).contains("cli_as_key");
    }

    @Test
    void preflightPassesForTheSeedsDescriptors() throws IOException {
        String beats = keygate(asElastic(), "apikey", "create", "-u", "elastic", "--name", "apm_preflight_ok",
                "-t", "apm-writer", "--expiration", "30d", "--format", "beats").out().strip();
        Path config = dir.resolve("apm-server.yml");
        Files.writeString(config, """
                apm-server:
                  host: "0.0.0.0:8200"
                output.elasticsearch:
                  hosts: ["%s"]
                  api_key: "%s"
                """.formatted(TestKeygate.url(), beats));
        Run check = keygate(Map.of(), "check", config.toString());
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("apm-server.yml (APM Server)")
                .contains("✔ authenticates as API key [apm_preflight_ok]")
                .contains("✔ cluster monitor")
                .contains("✔ index auto_configure on traces-apm*", "✔ index create_doc on metrics-apm*")
                .contains("✔ key expires").contains("(in 30 days)")
                .contains("ready: every required privilege is held")
                .doesNotContain("✘");
    }

    @Test
    void preflightReportsAMissingAutoConfigureWithItsFix() throws IOException {
        String descriptors = """
                {"apm_writer":{"cluster":["monitor"],"index":[{"names":["traces-apm*","logs-apm*","metrics-apm*"],"privileges":["create_doc"]}]}}""";
        Run created = keygate(asElastic(), "apikey", "create", "-u", "elastic", "--name", "apm_preflight_bad",
                "--role-descriptors", descriptors, "--expiration", "3d", "--format", "beats");
        assertThat(created.exit()).as(created.err()).isZero();
        Path config = dir.resolve("apm-server.yml");
        Files.writeString(config, """
                output.elasticsearch.hosts: ["%s"]
                output.elasticsearch.api_key: "${APM_KEY}"
                apm-server.host: "0.0.0.0:8200"
                """.formatted(TestKeygate.url()));
        Run check = keygate(Map.of("APM_KEY", created.out().strip()), "check", config.toString());
        assertThat(check.exit()).as(check.out()).isEqualTo(1);
        assertThat(check.out())
                .contains("✔ index create_doc on traces-apm*")
                .contains("✘ index auto_configure on traces-apm*", "✘ index auto_configure on logs-apm*", "✘ index auto_configure on metrics-apm*")
                .contains("fix: the credential needs this role descriptor (template apm-writer):")
                .contains("{\"apm_writer\":{\"cluster\":[\"monitor\"],\"index\":[{\"names\":[\"traces-apm*\",\"logs-apm*\",\"metrics-apm*\"],"
                        + "\"privileges\":[\"auto_configure\",\"create_doc\"]}]}}")
                .contains("⚠ key expires").contains("close, rotate it soon")
                .contains("NOT ready");
    }

    @Test
    void preflightReadsFilebeatUsersAndLogstashPipelines() throws IOException {
        Path filebeat = dir.resolve("filebeat.yml");
        Files.writeString(filebeat, """
                filebeat.inputs:
                  - type: filestream
                    paths: ["/var/log/*.log"]
                setup.ilm.check_exists: false
                output.elasticsearch:
                  hosts: ["%s"]
                  username: "elastic"
                  password: "${ES_PASSWORD}"
                """.formatted(TestKeygate.url()));
        Run fb = keygate(Map.of("ES_PASSWORD", TestKeygate.ELASTIC_PASSWORD), "check", filebeat.toString());
        assertThat(fb.exit()).as(fb.out()).isZero();
        assertThat(fb.out()).contains("(Filebeat)").contains("✔ authenticates as user [elastic]")
                .contains("✔ cluster read_pipeline").contains("✔ index auto_configure on filebeat-*").doesNotContain("read_ilm");
        Run unset = keygate(Map.of(), "check", filebeat.toString());
        assertThat(unset.exit()).isEqualTo(1);
        assertThat(unset.out()).contains("✘ the config refers to [${ES_PASSWORD}], not set in this environment");

        String agentKey = keygate(asElastic(), "apikey", "create", "-u", "elastic", "--name", "logstash_ds",
                "-t", "agent-writer", "--format", "beats").out().strip();
        Path pipeline = dir.resolve("pipeline.conf");
        Files.writeString(pipeline, """
                input { beats { port => 5044 } }
                filter { mutate { add_field => { "x" => "y" } } }   # elasticsearch { } in a comment is ignored
                output {
                  if [type] == "nginx" {
                    elasticsearch {
                      hosts => ["%s"]
                      api_key => "%s"
                      data_stream => "true"
                      data_stream_dataset => "nginx"
                    }
                  } else {
                    elasticsearch {
                      hosts => ["%s"]
                      api_key => "%s"
                      index => "logstash-%%{+yyyy.MM.dd}"
                    }
                  }
                }
                """.formatted(TestKeygate.url(), agentKey, TestKeygate.url(), agentKey));
        Run ls = keygate(Map.of(), "check", pipeline.toString());
        assertThat(ls.exit()).as(ls.out()).isEqualTo(1);
        assertThat(ls.out()).contains("(Logstash)")
                .contains("✔ index auto_configure on logs-nginx-default")
                .contains("✘ index create_index on logstash-*").contains("✘ cluster manage_index_templates");
    }
}
