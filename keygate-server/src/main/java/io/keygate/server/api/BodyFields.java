package io.keygate.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.error.EsException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Small, strict readers for request-body fields: wrong types and unknown fields are the client's 400. */
public final class BodyFields {
    private BodyFields() {}

    public static void onlyKnown(JsonNode body, Set<String> known, String what) {
        if (!body.isObject()) throw EsException.parse("failed to parse " + what + ". expected an object but found [" + body.getNodeType().name().toLowerCase() + "]");
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) throw EsException.parse("failed to parse " + what + ". unexpected field [" + name + "]");
        }
    }

    public static String string(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw EsException.parse("[" + field + "] must be a string but found [" + v.getNodeType().name().toLowerCase() + "]");
        return v.asText();
    }

    /** A string or an array of strings, as Elasticsearch accepts for list fields. */
    public static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) throw EsException.parse("[" + field + "] must be a string or an array of strings");
        for (JsonNode item : v) {
            if (!item.isTextual()) throw EsException.parse("[" + field + "] must contain only strings");
            out.add(item.asText());
        }
        return out;
    }

    public static Boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw EsException.parse("[" + field + "] must be a boolean");
        return v.asBoolean();
    }

    public static JsonNode object(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw EsException.parse("[" + field + "] must be an object");
        return v;
    }
}
