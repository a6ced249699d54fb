package io.keygate.server.it;

import io.keygate.server.KeygateNode;
import io.keygate.server.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/** Slow and greedy clients: a trickled request, an idle connection and one connection too many are closed. */
class HttpLimitsIT {
    private static KeygateNode node;

    @BeforeAll
    static void start() throws Exception {
        node = KeygateNode.start(Settings.of(Map.of("http.port", "0", "backend.hosts", TestKeygate.backendUrl(),
                "http.request_header_timeout", "1s", "http.idle_timeout", "3s", "http.max_connections", "4")),
                null, line -> System.out.println("[limits keygate] " + line));
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", node.port());
        s.setSoTimeout(15_000);
        return s;
    }

    /** How long until the server closes the connection (read gives -1 or a reset), in ms. */
    private static long millisUntilClosed(Socket s, Runnable meanwhile) throws IOException {
        long start = System.nanoTime();
        InputStream in = s.getInputStream();
        Thread t = new Thread(meanwhile);
        t.setDaemon(true);
        t.start();
        try {
            while (in.read() >= 0) {
                // answers, if any, are read and dropped
            }
        } catch (SocketException reset) {
            // closed
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Sends a request and reads until the server closes the connection; what came back (nothing if refused). */
    private static byte[] answerBytes(Socket s, String request) throws IOException {
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        try {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            int b;
            while ((b = in.read()) >= 0) received.write(b);
        } catch (SocketException closed) {
            // refused: closed or reset before or while we wrote
        }
        return received.toByteArray();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + elastic() + "\r\n\r\n";
    }

    @Test
    void aClientThatTricklesItsHeadersIsCutOffAtTheHeaderTimeout() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            byte[] request = get("/").getBytes(StandardCharsets.US_ASCII);
            long millis = millisUntilClosed(s, () -> {
                try {
                    for (int i = 0; i < request.length - 2; i++) { // never quite complete, one byte every 200 ms
                        out.write(request[i]);
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (Exception closed) {
                    // the server closed the connection
                }
            });
            System.out.println("[limits] trickling client closed after " + millis + " ms");
            assertThat(millis).isBetween(800L, 5_000L);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(get("/").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            long millis = millisUntilClosed(s, () -> { });
            System.out.println("[limits] idle connection closed " + millis + " ms after its request");
            assertThat(millis).isBetween(800L, 5_000L);
        }
    }

    @Test
    void oneConnectionMoreThanTheLimitIsClosedAndTheOthersAreServed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) held.add(connect());
            Thread.sleep(200);
            try (Socket extra = connect()) {
                // a complete request, which a connection within the limit answers: the fifth is closed unanswered
                byte[] answer = answerBytes(extra, get("/"));
                assertThat(new String(answer, StandardCharsets.US_ASCII)).isEmpty();
            }
            // the ones within the limit answer
            Socket first = held.getFirst();
            first.getOutputStream().write(get("/").getBytes(StandardCharsets.US_ASCII));
            first.getOutputStream().flush();
            String status = new String(first.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 200");
        } finally {
            for (Socket s : held) s.close();
        }
        // once they are gone, new connections are accepted again
        Thread.sleep(300);
        assertThat(TestKeygate.call("http://127.0.0.1:" + node.port(), "GET", "/", elastic(), null, "application/json").status())
                .isEqualTo(200);
    }
}
