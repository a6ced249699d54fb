package io.keygate.server.cli.check;

import io.keygate.server.cli.check.ShipperConfig.Output;
import io.keygate.server.cli.check.ShipperConfig.Shipper;
import io.keygate.server.cli.check.ShipperNeeds.Need;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShipperConfigTest {
    @TempDir
    Path dir;

    private ShipperConfig read(String name, String text, Map<String, String> env) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return ShipperConfig.read(file, env::get);
    }

    @Test
    void nestedAndDottedYamlReadAlike() throws IOException {
        ShipperConfig nested = read("apm-server.yml", """
                apm-server:
                  rum: {enabled: true}
                output:
                  elasticsearch:
                    hosts: ["https://kg:9200", "https://kg2:9200"]
                    api_key: "id:secret"
                monitoring:
                  elasticsearch:
                    username: beats_system
                    password: "${MON_PW:changeme}"
                """, Map.of());
        assertThat(nested.shipper()).isEqualTo(Shipper.APM_SERVER);
        assertThat(nested.outputs()).extracting(Output::section).containsExactly("output.elasticsearch", "monitoring.elasticsearch");
        Output out = nested.outputs().getFirst();
        assertThat(out.hosts()).containsExactly("https://kg:9200", "https://kg2:9200");
        assertThat(out.apiKey()).isEqualTo("id:secret");
        assertThat(nested.outputs().get(1).password()).isEqualTo("changeme");
        assertThat(Preflight.authorization(out)).isEqualTo("ApiKey aWQ6c2VjcmV0");

        ShipperConfig dotted = read("x.yml", """
                apm-server.rum.enabled: true
                output.elasticsearch.hosts: ["https://kg:9200"]
                output.elasticsearch.api_key: "${KEY}"
                """, Map.of("KEY", "id:secret"));
        assertThat(dotted.shipper()).isEqualTo(Shipper.APM_SERVER);
        assertThat(dotted.outputs().getFirst().apiKey()).isEqualTo("id:secret");
        assertThat(dotted.outputs().getFirst().unresolved()).isEmpty();
        // RUM on: source maps become an (optional) need
        assertThat(ShipperNeeds.of(dotted, dotted.outputs().getFirst())).extracting(Need::role)
                .containsExactly("apm_writer", "apm_sourcemap", "apm_agent_config");
    }

    @Test
    void unresolvedReferencesAreListed() throws IOException {
        ShipperConfig c = read("filebeat.yml", "output.elasticsearch: {hosts: [kg], password: '${NOPE}', username: u}\n", Map.of());
        assertThat(c.shipper()).isEqualTo(Shipper.FILEBEAT);
        assertThat(c.outputs().getFirst().unresolved()).containsExactly("NOPE");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "filebeat.yml   | filebeat.inputs: []                                     | [monitor, read_ilm, read_pipeline] | filebeat-*",
            "filebeat.yml   | setup.ilm.enabled: false                                | [monitor, read_pipeline]           | filebeat-*",
            "metricbeat.yml | metricbeat.modules: []                                  | [monitor, read_ilm]                | metricbeat-*",
            "beat.yml       | {heartbeat.monitors: [], output.elasticsearch.index: 'hb-%{[agent.version]}'} | [monitor, read_ilm] | hb-*"})
    void beatsNeedWhatTheirConfigSays(String file, String yaml, String cluster, String pattern) throws IOException {
        ShipperConfig c = read(file, yaml + "\noutput.elasticsearch.hosts: [kg]\n", Map.of());
        Need need = ShipperNeeds.of(c, c.outputs().getFirst()).getFirst();
        assertThat(need.cluster().toString()).isEqualTo(cluster);
        assertThat(need.index().getFirst().names()).containsExactly(pattern);
        assertThat(need.index().getFirst().privileges()).containsExactly("create_doc", "auto_configure");
    }

    @Test
    void monitoringNeedsTheMonitoringIndices() throws IOException {
        ShipperConfig c = read("metricbeat.yml", "metricbeat.modules: []\nmonitoring.elasticsearch.hosts: [kg]\n", Map.of());
        Need need = ShipperNeeds.of(c, c.outputs().getFirst()).getFirst();
        assertThat(need.descriptor().toString()).isEqualTo(
                "{\"metricbeat_monitoring\":{\"cluster\":[\"monitor\"],\"index\":[{\"names\":[\".monitoring-beats-*\"],"
                        + "\"privileges\":[\"create_index\",\"create_doc\"]}]}}");
    }

    @Test
    void logstashPipelinesYieldEachElasticsearchOutput() throws IOException {
        ShipperConfig c = read("pipeline.conf", """
                input { elasticsearch { hosts => ["in:9200"] } }
                output {
                  # elasticsearch { hosts => ["commented:9200"] }
                  if "x" in [tags] {
                    elasticsearch { hosts => ["a:9200", 'b:9200'] api_key => "${LS_KEY}" data_stream => true }
                  }
                  elasticsearch {
                    hosts => "c:9200"
                    user => logstash_writer
                    password => "p#1 }"
                    index => "logstash-%{+yyyy.MM.dd}"
                    action => create
                    manage_template => false
                  }
                  stdout { codec => rubydebug }
                }
                """, Map.of("LS_KEY", "k:v"));
        assertThat(c.shipper()).isEqualTo(Shipper.LOGSTASH);
        assertThat(c.outputs()).hasSize(2);
        Output ds = c.outputs().getFirst();
        assertThat(ds.hosts()).containsExactly("a:9200", "b:9200");
        assertThat(ds.apiKey()).isEqualTo("k:v");
        Need dsNeed = ShipperNeeds.of(c, ds).getFirst();
        assertThat(dsNeed.index().getFirst().names()).containsExactly("logs-generic-default");
        assertThat(dsNeed.index().getFirst().privileges()).containsExactly("auto_configure", "create_doc");

        Output idx = c.outputs().get(1);
        assertThat(idx.username()).isEqualTo("logstash_writer");
        assertThat(idx.password()).isEqualTo("p#1 }");
        Need idxNeed = ShipperNeeds.of(c, idx).getFirst();
        assertThat(idxNeed.cluster()).containsExactly("monitor");
        assertThat(idxNeed.index().getFirst().names()).containsExactly("logstash-*");
        assertThat(idxNeed.index().getFirst().privileges()).containsExactly("create_index", "create_doc");
    }

    @Test
    void filesItCannotReadAreSaidSo() {
        assertThatThrownBy(() -> read("random.yml", "a: b\n", Map.of())).hasMessageContaining("cannot tell which shipper");
        assertThatThrownBy(() -> read("notes.txt", "hello\n", Map.of())).hasMessageContaining("neither a Beats/APM Server YAML");
        assertThatThrownBy(() -> read("p.conf", "output { stdout {} }\n", Map.of())).hasMessageContaining("no elasticsearch output");
    }

    @Test
    void eventFieldsInIndexNamesBecomeWildcards() {
        assertThat(List.of("logstash-%{+yyyy.MM.dd}", "%{[@metadata][beat]}-%{[@metadata][version]}", "plain"))
                .map(ShipperNeeds::pattern).containsExactly("logstash-*", "*-*", "plain");
    }
}
