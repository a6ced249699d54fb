package io.keygate.server.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** Passes a request body through while counting it; past {@code max} bytes it stops and reports once. */
final class LimitedStream implements ReadStream<Buffer> {
    private final ReadStream<Buffer> source;
    private final long max;
    private final Runnable onExceeded;
    private long seen;
    private boolean exceeded;

    LimitedStream(ReadStream<Buffer> source, long max, Runnable onExceeded) {
        this.source = source;
        this.max = max;
        this.onExceeded = onExceeded;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(chunk -> {
            if (exceeded) return;
            seen += chunk.length();
            if (seen > max) {
                exceeded = true;
                onExceeded.run();
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) { source.exceptionHandler(handler); return this; }
    @Override public ReadStream<Buffer> pause() { source.pause(); return this; }
    @Override public ReadStream<Buffer> resume() { source.resume(); return this; }
    @Override public ReadStream<Buffer> fetch(long amount) { source.fetch(amount); return this; }
    @Override public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(v -> { if (!exceeded && endHandler != null) endHandler.handle(v); });
        return this;
    }
}
