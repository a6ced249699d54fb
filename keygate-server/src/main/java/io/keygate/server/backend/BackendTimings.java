package io.keygate.server.backend;

/**
 * Where the time the backend takes to answer goes (the metrics). Callers pass the {@link System#nanoTime()} they took
 * when they asked for the backend request, so that recording allocates nothing on a proxied request's path.
 */
public interface BackendTimings {
    /** Who asked: a client's request forwarded by the proxy, or one of Keygate's own calls (security index, catalog). */
    enum Source { PROXY, KEYGATE }

    /** The backend's answer's headers arrived with {@code status}. */
    void answered(Source source, long startNanos, int status);

    /** No answer: the backend could not be reached, or the connection broke before the answer's headers. */
    void failed(Source source, long startNanos);

    BackendTimings NONE = new BackendTimings() {
        @Override
        public void answered(Source source, long startNanos, int status) { }

        @Override
        public void failed(Source source, long startNanos) { }
    };
}
