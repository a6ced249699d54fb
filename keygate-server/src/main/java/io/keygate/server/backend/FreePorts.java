package io.keygate.server.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on the loopback interface, found by letting the kernel pick (bind port 0). */
final class FreePorts {
    private FreePorts() {
    }

    /**
     * {@code count} distinct ports free right now. All sockets stay open until every port is picked,
     * so the kernel cannot hand out the same one twice; another process may still take one before
     * the backend binds it (the caller retries then).
     */
    static List<Integer> pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, loopback);
                sockets.add(s);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on the loopback interface", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted cannot lose anything
                }
            }
        }
    }
}
