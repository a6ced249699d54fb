package io.keygate.core.classify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.keygate.core.error.EsException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the documents a search body makes the backend read from other indices: a {@code terms} lookup
 * ({@code {"index":..,"id":..,"path":..}}), {@code geo_shape}/{@code shape} {@code indexed_shape}, {@code percolate}
 * ({@code index} + {@code id}) and {@code more_like_this} {@code like}/{@code unlike} documents ({@code _index} +
 * {@code _id}). Elasticsearch authorizes each as an {@code indices:data/read/get}; the server does the same with the
 * names found here. Read by shape, anywhere in the body: an object with a string {@code index} and an {@code id} or
 * {@code path}, or with a string {@code _index} and an {@code _id}, is a lookup (which may over-match, never under-match).
 */
public final class SearchBodyClassifier {

    private SearchBodyClassifier() {}

    /** The index names the body looks documents up in, in order, without duplicates; empty for a plain search. */
    public static List<String> lookupIndices(byte[] body, int offset, int length) {
        List<String> out = new ArrayList<>();
        if (body == null || length == 0) {
            return out;
        }
        try (JsonParser p = Json.FACTORY.createParser(body, offset, length)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return out;
            }
            scan(p, t, out);
        } catch (IOException e) {
            throw Json.parseError(e);
        }
        return out;
    }

    private static void scan(JsonParser p, JsonToken t, List<String> out) throws IOException {
        if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                scan(p, t, out);
            }
        } else if (t == JsonToken.START_OBJECT) {
            Map<String, String> scalars = new HashMap<>();
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                t = p.nextToken();
                if (t.isScalarValue()) {
                    scalars.put(key, t == JsonToken.VALUE_NULL ? null : p.getText());
                } else {
                    scalars.putIfAbsent(key, null);
                    scan(p, t, out);
                }
            }
            String index = scalars.get("index");
            if (index != null && (scalars.containsKey("id") || scalars.containsKey("path"))) {
                add(out, index);
            }
            String underscore = scalars.get("_index");
            if (underscore != null && scalars.containsKey("_id")) {
                add(out, underscore);
            }
        }
    }

    private static void add(List<String> out, String index) {
        if (index.isEmpty()) {
            throw EsException.illegalArgument("a lookup in the search body names an empty index");
        }
        if (!out.contains(index)) {
            out.add(index);
        }
    }
}
