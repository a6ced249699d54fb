package io.keygate.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a slow or greedy client may hold: at most {@code http.max_connections} open connections per node (one
 * more is closed as soon as it is accepted), and a connection that has not completed a request's headers
 * within {@code http.request_header_timeout} (from its opening, or from the end of its previous answer) is
 * closed, so that trickling bytes keeps nothing open for long. The idle timeout itself is the server's
 * ({@code http.idle_timeout}).
 */
public final class ConnectionLimits implements Handler<HttpConnection> {
    public static final String MAX_CONNECTIONS = "http.max_connections";
    public static final String REQUEST_HEADER_TIMEOUT = "http.request_header_timeout";
    public static final String IDLE_TIMEOUT = "http.idle_timeout";

    /**
     * One connection's state: its header timer (-1 when none runs), when that timer is due to close it (System.nanoTime),
     * and its requests still being answered. The timer is not cancelled and set again around every request (that was
     * 2 % of a proxied GET's CPU): it runs on, and when it fires it closes the connection only if no request is being
     * answered and the deadline, moved at the end of each answer, has passed; else it waits for the moved deadline.
     */
    private static final class Conn {
        long timer = -1;
        long deadline;
        int active;
    }

    private final Vertx vertx;
    private final int maxConnections;
    private final long headerTimeoutMillis;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final Map<HttpConnection, Conn> connections = new ConcurrentHashMap<>();

    public ConnectionLimits(Vertx vertx, int maxConnections, long headerTimeoutMillis) {
        this.vertx = vertx;
        this.maxConnections = maxConnections;
        this.headerTimeoutMillis = headerTimeoutMillis;
    }

    /** A new connection (on its event loop): counted, or closed when the node has as many as it may. */
    @Override
    public void handle(HttpConnection connection) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refused.incrementAndGet();
            connection.close();
            return;
        }
        Conn conn = new Conn();
        connections.put(connection, conn);
        connection.closeHandler(v -> {
            open.decrementAndGet();
            Conn c = connections.remove(connection);
            if (c != null && c.timer >= 0) vertx.cancelTimer(c.timer);
        });
        arm(connection, conn);
    }

    /** A request's headers are in: its connection's timer stops until its answer has gone out. */
    public void requestArrived(HttpServerRequest req) {
        HttpConnection connection = req.connection();
        Conn conn = connection == null ? null : connections.get(connection);
        if (conn == null) return;
        conn.active++; // the running timer, if any, now finds a request being answered and does not close
        req.response().bodyEndHandler(v -> {
            if (--conn.active == 0) arm(connection, conn);
        });
    }

    /** From now on the connection has {@code headerTimeoutMillis} to complete a request's headers. */
    private void arm(HttpConnection connection, Conn conn) {
        if (headerTimeoutMillis <= 0) return;
        conn.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(headerTimeoutMillis);
        if (conn.timer < 0) schedule(connection, conn, headerTimeoutMillis);
    }

    private void schedule(HttpConnection connection, Conn conn, long delayMillis) {
        conn.timer = vertx.setTimer(Math.max(1, delayMillis), id -> {
            conn.timer = -1;
            if (conn.active > 0) return; // armed again when its answer ends
            long left = conn.deadline - System.nanoTime();
            if (left <= 0) connection.close();
            else schedule(connection, conn, TimeUnit.NANOSECONDS.toMillis(left) + 1); // a request came and went since
        });
    }

    public int open() {
        return open.get();
    }

    public long refused() {
        return refused.get();
    }
}
