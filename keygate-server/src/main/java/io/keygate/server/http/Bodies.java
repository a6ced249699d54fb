package io.keygate.server.http;

import io.keygate.core.error.EsException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a whole request body for Keygate's own APIs, refusing more than {@code http.max_content_length}. */
public final class Bodies {
    private Bodies() {}

    public static Future<Buffer> read(HttpServerRequest req, long max) {
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        req.handler(chunk -> {
            if (body.length() + chunk.length() > max) {
                req.handler(null);
                promise.tryFail(tooLarge(max));
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(promise::tryFail);
        req.endHandler(v -> promise.tryComplete(body));
        req.resume();
        return promise.future();
    }

    public static EsException tooLarge(long max) {
        return new EsException(413, "content_too_long_exception",
                "request body is too large; the limit [http.max_content_length] is [" + max + "] bytes");
    }
}
