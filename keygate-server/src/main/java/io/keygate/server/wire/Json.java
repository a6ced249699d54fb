package io.keygate.server.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/** One shared Jackson mapper and the few conversions the server needs. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static Buffer toBuffer(Object value) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** Parses a request body; an empty body is an empty object. Malformed JSON is the client's mistake: 400. */
    public static JsonNode parseBody(Buffer body) {
        return parseBody(body == null ? null : body.getBytes());
    }

    /** As {@link #parseBody(Buffer)}, of bytes already copied out. */
    public static JsonNode parseBody(byte[] body) {
        if (body == null || body.length == 0) return object();
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? object() : node;
        } catch (IOException e) {
            throw EsException.parse("request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    public static JsonNode parse(Buffer body) {
        try {
            return MAPPER.readTree(body.getBytes());
        } catch (IOException e) {
            throw new IllegalStateException("backend sent invalid JSON", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
