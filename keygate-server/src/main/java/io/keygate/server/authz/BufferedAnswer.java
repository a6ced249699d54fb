package io.keygate.server.authz;

import io.keygate.core.authz.GetAnswers;
import io.keygate.core.error.EsException;
import io.keygate.server.http.Responses;
import io.keygate.server.proxy.Proxy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Forwards a request and answers with the backend's response after rewriting its body: for the few answers Keygate
 * must change (context ids, alias listings). Buffered, so used only there; everything else is streamed by {@link Proxy}.
 */
final class BufferedAnswer {
    private static final Set<String> NOT_RETURNED = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
            "te", "trailer", "upgrade", "x-elastic-product");

    private BufferedAnswer() {}

    /**
     * Sends {@code body} (or none) as {@code uri}; a 2xx answer's body goes through {@code rewrite}, anything else is
     * returned as it came. A rewrite that fails is a 502: the raw answer is never passed on instead.
     */
    static void send(Proxy proxy, HttpServerRequest req, String uri, Buffer body, UnaryOperator<byte[]> rewrite) {
        send(proxy, req, req.method(), uri, body, bytes -> new GetAnswers.Answer(-1, rewrite.apply(bytes)));
    }

    /**
     * As {@link #send(Proxy, HttpServerRequest, String, Buffer, UnaryOperator)}, with the backend request's method given
     * and a rewrite that may set the status too (-1: the backend's).
     */
    static void send(Proxy proxy, HttpServerRequest req, io.vertx.core.http.HttpMethod method, String uri, Buffer body,
                     java.util.function.Function<byte[], GetAnswers.Answer> rewrite) {
        long start = System.nanoTime();
        proxy.openRaw(req, method, uri).onSuccess(out -> {
            out.headers().remove("accept-encoding"); // the answer is rewritten: it must come back as plain bytes
            out.response().onFailure(e -> {
                        proxy.failed(start);
                        Responses.error(req, backendDown());
                    })
                    .onSuccess(resp -> {
                        proxy.answered(start, resp.statusCode());
                        relay(req, resp, rewrite);
                    });
            if (body == null) {
                out.end();
            } else {
                // the body is content Keygate checked (JSON); a client that sent none said no type
                if (out.headers().get("content-type") == null) out.headers().set("content-type", "application/json");
                out.end(body);
            }
        });
    }

    private static void relay(HttpServerRequest req, HttpClientResponse resp, java.util.function.Function<byte[], GetAnswers.Answer> rewrite) {
        resp.body().onFailure(e -> Responses.error(req, backendDown())).onSuccess(buf -> {
            byte[] bytes = buf.getBytes();
            int status = resp.statusCode();
            if (resp.statusCode() / 100 == 2 && bytes.length > 0) {
                try {
                    GetAnswers.Answer answer = rewrite.apply(bytes);
                    bytes = answer.body();
                    if (answer.status() > 0) status = answer.status();
                } catch (RuntimeException e) {
                    Responses.error(req, new EsException(502, "exception", "Keygate cannot read the backend's answer to "
                            + "rewrite it: " + e.getMessage()));
                    return;
                }
            }
            HttpServerResponse response = req.response();
            if (response.ended() || response.closed()) return;
            response.setStatusCode(status);
            for (var h : resp.headers()) {
                if (!NOT_RETURNED.contains(h.getKey().toLowerCase(Locale.ROOT))) response.headers().add(h.getKey(), h.getValue());
            }
            response.putHeader(Responses.PRODUCT_HEADER, "Elasticsearch");
            response.end(Buffer.buffer(bytes));
        });
    }

    private static EsException backendDown() {
        return new EsException(502, "connect_transport_exception", "the backend cluster is not reachable");
    }
}
