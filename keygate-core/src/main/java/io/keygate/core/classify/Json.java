package io.keygate.core.classify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.keygate.core.error.EsException;

import java.io.IOException;

/** The shared streaming JSON setup: strict duplicate detection, as Elasticsearch's own parser has. */
final class Json {

    private Json() {}

    /**
     * Elasticsearch rejects duplicate keys ({@code es.json.strict_duplicate_detection}, default true); so do we, so that
     * {@code {"_index":"allowed","_index":"secret"}} can never be read one way here and another way by the backend.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    /** Elasticsearch's name for a token ({@code XContentParser.Token}). */
    static String tokenName(JsonToken t) {
        if (t == null) {
            return "null";
        }
        return switch (t) {
            case START_OBJECT -> "START_OBJECT";
            case END_OBJECT -> "END_OBJECT";
            case START_ARRAY -> "START_ARRAY";
            case END_ARRAY -> "END_ARRAY";
            case FIELD_NAME -> "FIELD_NAME";
            case VALUE_STRING -> "VALUE_STRING";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "VALUE_NUMBER";
            case VALUE_TRUE, VALUE_FALSE -> "VALUE_BOOLEAN";
            case VALUE_NULL -> "VALUE_NULL";
            case VALUE_EMBEDDED_OBJECT -> "VALUE_EMBEDDED_OBJECT";
            case NOT_AVAILABLE -> "NOT_AVAILABLE";
        };
    }

    /** A JSON syntax error as Elasticsearch reports it: 400 {@code x_content_parse_exception} {@code [line:col] message}. */
    static EsException parseError(IOException e) {
        String msg = e.getMessage();
        if (e instanceof JsonParseException jpe) {
            msg = jpe.getOriginalMessage();
            if (jpe.getLocation() != null) {
                msg = "[" + jpe.getLocation().getLineNr() + ":" + jpe.getLocation().getColumnNr() + "] " + msg;
            }
        }
        return EsException.badRequest("x_content_parse_exception", msg);
    }

    /** Reads a scalar as text (numbers and booleans too, as Elasticsearch's {@code parser.text()}). */
    static String text(JsonParser p) throws IOException {
        return p.getText();
    }
}
