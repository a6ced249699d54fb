package io.keygate.core.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keygate.core.error.EsException;

import java.io.IOException;

/**
 * One JSON value parsed strictly (duplicate keys refused, as Elasticsearch's parser refuses them; nothing after the
 * value) into a tree, and that tree written back as compact JSON: the form Keygate checks is the form it forwards.
 * Numbers keep their exact decimal value.
 */
public final class CanonicalJson {

    private CanonicalJson() {}

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** @throws EsException 400 {@code x_content_parse_exception} for anything that is not exactly one JSON value */
    public static JsonNode parse(byte[] bytes, int offset, int length) {
        try {
            JsonNode node = MAPPER.readTree(bytes, offset, length);
            if (node == null || node.isMissingNode()) {
                throw EsException.badRequest("x_content_parse_exception", "request body is empty");
            }
            return node;
        } catch (IOException e) {
            throw parseError(e);
        }
    }

    public static JsonNode parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    static EsException parseError(IOException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n", 2)[0];
        if (e instanceof JsonParseException jpe && jpe.getLocation() != null) {
            msg = "[" + jpe.getLocation().getLineNr() + ":" + jpe.getLocation().getColumnNr() + "] " + msg;
        }
        return EsException.badRequest("x_content_parse_exception", msg);
    }
}
