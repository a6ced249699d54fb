package io.keygate.core.error;

import com.fasterxml.jackson.databind.JsonNode;

/** Elasticsearch's XContent token name for a parsed JSON value, as its parse errors name it (absent or null: {@code VALUE_NULL}). */
public final class XContentTokens {
    private XContentTokens() {}

    public static String of(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "VALUE_NULL";
        if (v.isObject()) return "START_OBJECT";
        if (v.isArray()) return "START_ARRAY";
        if (v.isTextual()) return "VALUE_STRING";
        if (v.isBoolean()) return "VALUE_BOOLEAN";
        if (v.isNumber()) return "VALUE_NUMBER";
        return "VALUE_EMBEDDED_OBJECT";
    }
}
