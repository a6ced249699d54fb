package io.keygate.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.server.wire.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class NodeInfoRewriterTest {

    @ParameterizedTest
    @CsvSource({"/_nodes,true", "/_nodes/http,true", "/_nodes/_local/http,true", "/_nodes/stats,true",
            "/_nodes/hot_threads,false", "/_nodes/n1/hot_threads,false", "/_nodesx,false", "/_cat/nodes,false"})
    void nodesPaths(String path, boolean rewritten) {
        assertThat(NodeInfoRewriter.isNodes(path)).isEqualTo(rewritten);
    }

    @Test
    void nodesAnswerPublishesKeygateAndReadsMaster() {
        String backend = """
                {"_nodes":{"total":1},"cluster_name":"c","nodes":{"n1":{"name":"vm","transport_address":"10.0.0.5:9300",
                 "host":"10.0.0.5","ip":"10.0.0.5","roles":["cluster_manager","data","ingest"],
                 "http":{"bound_address":["10.0.0.5:9201","[::1]:9201"],"publish_address":"10.0.0.5:9201"},
                 "transport":{"bound_address":["10.0.0.5:9300"],"publish_address":"10.0.0.5:9300"}}}}""";
        JsonNode n = Json.parse(io.vertx.core.buffer.Buffer.buffer(NodeInfoRewriter.rewriteNodesJson(
                backend.getBytes(StandardCharsets.UTF_8), "192.168.1.2", "192.168.1.2:9200"))).path("nodes").path("n1");
        assertThat(n.path("roles").toString()).isEqualTo("[\"master\",\"data\",\"ingest\"]");
        assertThat(n.path("http").path("publish_address").asText()).isEqualTo("192.168.1.2:9200");
        assertThat(n.path("http").path("bound_address").toString()).isEqualTo("[\"192.168.1.2:9200\"]");
        assertThat(n.path("transport_address").asText()).isEqualTo("192.168.1.2:9200");
        assertThat(n.toString()).doesNotContain("10.0.0.5").doesNotContain("::1");
    }

    @Test
    void bothRolesCollapseToOneMaster() {
        String backend = "{\"nodes\":{\"n\":{\"roles\":[\"master\",\"cluster_manager\"]}}}";
        String out = new String(NodeInfoRewriter.rewriteNodesJson(backend.getBytes(StandardCharsets.UTF_8), "h", "h:1"),
                StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("{\"nodes\":{\"n\":{\"roles\":[\"master\"]}}}");
    }

    @Test
    void notJsonOrNoNodesIsLeftAlone() {
        byte[] error = "{\"error\":{\"type\":\"x\"},\"status\":400}".getBytes(StandardCharsets.UTF_8);
        assertThat(NodeInfoRewriter.rewriteNodesJson(error, "h", "h:1")).isEqualTo(error);
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
        assertThat(NodeInfoRewriter.rewriteNodesJson(garbage, "h", "h:1")).isEqualTo(garbage);
    }

    @Test
    void catJsonRenamesTheColumnAndHidesTheBackendsIp() {
        String backend = "[{\"ip\":\"10.0.0.5\",\"node.role\":\"dimr\",\"node.roles\":\"cluster_manager,data\",\"cluster_manager\":\"*\",\"name\":\"vm\"}]";
        String out = new String(NodeInfoRewriter.rewriteCatJson(backend.getBytes(StandardCharsets.UTF_8), "192.168.1.2"),
                StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("[{\"ip\":\"192.168.1.2\",\"node.role\":\"dimr\",\"node.roles\":\"master,data\",\"master\":\"*\",\"name\":\"vm\"}]");
    }

    @Test
    void catTextKeepsItsColumnsAligned() {
        String text = """
                ip        node.role node.roles                                        cluster_manager name
                127.0.0.1 dimr      cluster_manager,data,ingest,remote_cluster_client *               vm
                """;
        String out = NodeInfoRewriter.rewriteCatText(text);
        assertThat(out).isEqualTo("""
                ip        node.role node.roles                                        master          name
                127.0.0.1 dimr      master,data,ingest,remote_cluster_client          *               vm
                """);
    }

    @Test
    void ipv6AddressesAreBracketed() {
        assertThat(NodeInfoRewriter.address("::1", 9200)).isEqualTo("[::1]:9200");
        assertThat(NodeInfoRewriter.address("keygate.example.com", 443)).isEqualTo("keygate.example.com:443");
    }
}
