package io.keygate.server.backend;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    @Test
    void picksDistinctPortsThatCanBeBound() throws Exception {
        List<Integer> ports = FreePorts.pick(2);
        assertThat(ports).hasSize(2).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(1, 65535));
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
