package io.keygate.server.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** A fresh Keygate JVM from start to SIGTERM: no event loop blocked at start, no background work left running at stop. */
class NodeLifecycleIT {

    @Test
    void startServeAndStopCleanly() throws Exception {
        List<String> output;
        try (ChildKeygate node = ChildKeygate.start("keygate.security.changes.poll_interval=5ms",
                "keygate.authz.index_catalog.refresh_interval=5ms")) {
            // the first authorized requests of the JVM, as a load balancer's health check and a shipper send them
            long start = System.nanoTime();
            assertThat(TestKeygate.call(node.url(), "GET", "/", elastic(), null, "application/json").status()).isEqualTo(200);
            assertThat(TestKeygate.call(node.url(), "GET", "/_cluster/health", elastic(), null, "application/json").status()).isEqualTo(200);
            System.out.println("[lifecycle] first requests answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            Thread.sleep(2_500); // the blocked-thread checker reports after 2 s
            node.close(); // SIGTERM, while the change feed and the catalog poll every 5 ms
            output = node.output();
        }
        assertThat(output).anyMatch(l -> l.contains("[keygate] stopping"));
        assertThat(output).noneMatch(l -> l.contains("BlockedThreadChecker"));
        assertThat(output).noneMatch(l -> l.contains("Client is closed") || l.contains("Unhandled exception"));
        // background work stopped before the backend client closed: nothing tried to reach the backend after
        List<String> afterStop = output.subList(output.indexOf("[keygate] stopping"), output.size());
        assertThat(afterStop).noneMatch(l -> l.contains("WARN") || l.contains("ERROR"));
    }
}
