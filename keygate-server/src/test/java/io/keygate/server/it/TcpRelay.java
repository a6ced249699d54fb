package io.keygate.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to the backend that a test can cut and restore (the backend "goes down" and "comes back"), or that keeps
 * one connection quiet: what is sent on it is read and never answered.
 */
final class TcpRelay implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private final java.util.concurrent.atomic.AtomicBoolean muteNext = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger mutedClosed = new java.util.concurrent.atomic.AtomicInteger();
    private int port;

    TcpRelay(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    synchronized TcpRelay start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        port = s.getLocalPort();
        server = s;
        Thread acceptor = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    if (muteNext.compareAndSet(true, false)) {
                        sockets.add(client);
                        swallow(client);
                        continue;
                    }
                    Socket backend = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(backend);
                    pipe(client, backend);
                    pipe(backend, client);
                } catch (IOException closed) {
                    // stopped
                }
            }
        }, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // one side went away
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "relay-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** The next connection accepted is read and never answered (nor passed on), until its client closes it. */
    void muteNextConnection() {
        muteNext.set(true);
    }

    /** How many muted connections their client has closed. */
    int mutedConnectionsClosed() {
        return mutedClosed.get();
    }

    private void swallow(Socket client) {
        Thread t = new Thread(() -> {
            try (InputStream in = client.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
                mutedClosed.incrementAndGet();
            } catch (IOException closed) {
                mutedClosed.incrementAndGet();
            }
        }, "relay-mute");
        t.setDaemon(true);
        t.start();
    }

    /** Cuts every connection and refuses new ones, as a stopped backend does. */
    synchronized void stop() throws IOException {
        server.close();
        for (Socket s : sockets) s.close();
        sockets.clear();
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
