package io.keygate.core.classify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the indices a query DSL body reads besides the searched ones: {@code terms} lookup
 * ({@code {"terms":{"f":{"index":"x","id":"1","path":"p"}}}}), {@code more_like_this} {@code like}/{@code unlike}
 * documents ({@code _index}), {@code geo_shape}/{@code shape} {@code indexed_shape.index}, {@code percolate}
 * {@code index}, {@code pinned} {@code docs[]._index}. Elasticsearch authorizes each as an {@code indices:data/read/get}
 * request; the backend behind Keygate would not, so the server must authorize them (or refuse the body).
 *
 * <p>It over-approximates on purpose: any {@code index}/{@code _index} string under one of those query names is
 * reported. A false positive costs a possible 403, a miss would be a read past authorization.
 */
public final class SearchBodyScanner {

    private static final Set<String> READS_OTHER_INDICES = Set.of(
            "terms", "more_like_this", "geo_shape", "shape", "indexed_shape", "percolate", "pinned");

    private SearchBodyScanner() {}

    /** The index names the body references (as written), in order, without duplicates. */
    public static List<String> referencedIndices(byte[] body, int offset, int length) {
        Set<String> out = new LinkedHashSet<>();
        if (length == 0) {
            return List.of();
        }
        try (JsonParser p = Json.FACTORY.createParser(body, offset, length)) {
            Deque<String> names = new ArrayDeque<>();
            Deque<Boolean> inObject = new ArrayDeque<>();
            String field = null;
            int hot = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_OBJECT, START_ARRAY -> {
                        String name = !inObject.isEmpty() && inObject.peek() ? field : "[]";
                        names.push(name == null ? "" : name);
                        if (READS_OTHER_INDICES.contains(name)) {
                            hot++;
                        }
                        inObject.push(t == JsonToken.START_OBJECT);
                        field = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        inObject.pop();
                        if (READS_OTHER_INDICES.contains(names.pop())) {
                            hot--;
                        }
                    }
                    case VALUE_STRING -> {
                        if (hot > 0 && !inObject.isEmpty() && inObject.peek()
                                && ("index".equals(field) || "_index".equals(field))) {
                            out.add(p.getText());
                        }
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw Json.parseError(e);
        }
        return new ArrayList<>(out);
    }

    public static List<String> referencedIndices(byte[] body) {
        return referencedIndices(body, 0, body == null ? 0 : body.length);
    }
}
