package io.keygate.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.body.FilterPath;
import io.keygate.core.error.EsException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Map;

/** Writes answers the way Elasticsearch does: JSON bodies, its error envelope, its product header. */
public final class Responses {
    public static final String PRODUCT_HEADER = "X-Elastic-Product";
    public static final String JSON = "application/json; charset=UTF-8";

    private Responses() {}

    /**
     * An answer Keygate composes itself, shaped by the request's {@code filter_path} as Elasticsearch shapes every REST
     * answer (its security APIs', {@code GET /}, a merged bulk answer…); error envelopes go out whole.
     */
    public static void json(HttpServerRequest req, int status, Object body) {
        FilterPath filter = body instanceof JsonNode ? FilterPath.parse(req.params().get("filter_path")) : null;
        write(req, status, filter == null ? body : filter.apply((JsonNode) body));
    }

    private static void write(HttpServerRequest req, int status, Object body) {
        HttpServerResponse resp = req.response();
        if (resp.ended() || resp.closed()) return;
        resp.setStatusCode(status).putHeader("content-type", JSON);
        if (status != 401) resp.putHeader(PRODUCT_HEADER, "Elasticsearch");
        if (req.method().name().equals("HEAD")) {
            resp.putHeader("content-length", String.valueOf(Json.toBuffer(body).length())).end();
        } else {
            resp.end(Json.toBuffer(body));
        }
    }

    public static void error(HttpServerRequest req, Throwable failure) {
        EsException e = failure instanceof EsException es ? es : internal(failure);
        for (Map.Entry<String, List<String>> h : e.headers().entrySet()) {
            req.response().headers().add(h.getKey(), h.getValue());
        }
        write(req, e.status(), render(e));
    }

    /** {@code {"error":{"root_cause":[…],"type":…,"reason":…},"status":N}} */
    public static ObjectNode render(EsException e) {
        ObjectNode cause = describe(e);
        ObjectNode error = Json.object();
        error.putArray("root_cause").add(cause); // root_cause first, as Elasticsearch orders it
        error.setAll(cause.deepCopy());
        ObjectNode body = Json.object();
        body.set("error", error);
        body.put("status", e.status());
        return body;
    }

    private static ObjectNode describe(EsException e) {
        ObjectNode node = Json.object();
        node.put("type", e.type());
        node.put("reason", e.reason());
        e.metadata().forEach((k, v) -> node.set(k, Json.MAPPER.valueToTree(v)));
        if (!e.headers().isEmpty()) {
            node.set("header", Json.MAPPER.valueToTree(e.headers()));
        }
        return node;
    }

    private static EsException internal(Throwable failure) {
        // Our bug or the backend's failure, never the client's: say so without a stack trace.
        org.slf4j.LoggerFactory.getLogger(Responses.class).error("request failed", failure);
        return new EsException(500, "exception", "internal error; see the Keygate log");
    }
}
