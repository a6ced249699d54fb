package io.keygate.core.context;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.keygate.core.error.EsException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads and replaces string values at a fixed object path ({@code _scroll_id}, {@code pit.id}) in a JSON document,
 * leaving every other byte as it was: a search response is relayed with only its context id swapped, without
 * re-encoding its hits (numbers, escapes and field order stay the backend's).
 */
public final class JsonStrings {
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private JsonStrings() {}

    /** A string (or each string of an array) found at the path. */
    private record Hit(int start, int end, String value) {}

    /** The strings at {@code path} (a string value, or the strings of an array value); empty when absent. */
    public static List<String> read(byte[] json, String... path) {
        List<String> out = new ArrayList<>();
        for (Hit h : find(json, path)) out.add(h.value);
        return out;
    }

    /** {@code json} with every string at {@code path} replaced by {@code replace(value)}; the same bytes when absent. */
    public static byte[] replace(byte[] json, UnaryOperator<String> replace, String... path) {
        List<Hit> hits = find(json, path);
        if (hits.isEmpty()) return json;
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 64 * hits.size());
        int at = 0;
        for (Hit h : hits) {
            out.write(json, at, h.start - at);
            out.write('"');
            byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(replace.apply(h.value));
            out.write(quoted, 0, quoted.length);
            out.write('"');
            at = h.end;
        }
        out.write(json, at, json.length - at);
        return out.toByteArray();
    }

    private static List<Hit> find(byte[] json, String... path) {
        List<Hit> hits = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return hits;
            walk(p, path, 0, hits);
        } catch (IOException e) {
            throw EsException.parse("cannot read the JSON body: " + e.getMessage());
        }
        return hits;
    }

    /** At an object start; consumes the object. */
    private static void walk(JsonParser p, String[] path, int depth, List<Hit> hits) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (!name.equals(path[depth])) {
                p.skipChildren();
            } else if (depth == path.length - 1) {
                if (t == JsonToken.VALUE_STRING) {
                    hits.add(string(p));
                } else if (t == JsonToken.START_ARRAY) {
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t == JsonToken.VALUE_STRING) hits.add(string(p));
                        else p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            } else if (t == JsonToken.START_OBJECT) {
                walk(p, path, depth + 1, hits);
            } else {
                p.skipChildren();
            }
        }
    }

    private static Hit string(JsonParser p) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        String value = p.getText();
        p.finishToken();
        int end = (int) p.currentLocation().getByteOffset();
        return new Hit(start, end, value);
    }
}
