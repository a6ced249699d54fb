package io.keygate.core.classify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.keygate.core.error.EsException;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the index of every document of an {@code _mget} (or {@code _mtermvectors}) body: {@code docs[]._index}, falling
 * back to the URL index, or {@code ids[]} against the URL index. Everything else in the body is skipped unread.
 */
public final class MgetBodyClassifier {

    /** One requested document; {@code id} may be {@code null} (the backend reports that). */
    public record MgetItem(String index, String id) {}

    private final Clock clock;

    public MgetBodyClassifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param defaultIndex the URL index ({@link Classification#defaultIndex()}) or {@code null}
     * @throws EsException 400 for a malformed body or a document without index
     */
    public List<MgetItem> classify(byte[] body, String defaultIndex) {
        List<MgetItem> items = new ArrayList<>();
        if (body == null || body.length == 0) {
            return items;
        }
        List<String> missing = new ArrayList<>();
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return items;
            }
            if (t != JsonToken.START_OBJECT) {
                throw EsException.parse("request body must be a JSON object, found [" + Json.tokenName(t) + "]");
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                t = p.nextToken();
                if ("docs".equals(key) && t == JsonToken.START_ARRAY) {
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t != JsonToken.START_OBJECT) {
                            throw EsException.illegalArgument("docs array element should include an object");
                        }
                        String index = null, id = null;
                        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            t = p.nextToken();
                            if ("_index".equals(f) && t == JsonToken.VALUE_STRING) {
                                index = p.getText();
                            } else if ("_id".equals(f) && t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                                id = p.getText();
                            } else if ("_index".equals(f) && t != JsonToken.VALUE_NULL) {
                                throw EsException.illegalArgument("Malformed doc: [_index] must be a string but found ["
                                        + Json.tokenName(t) + "]");
                            } else {
                                p.skipChildren();
                            }
                        }
                        add(items, missing, index, id, defaultIndex);
                    }
                } else if ("ids".equals(key) && t == JsonToken.START_ARRAY) {
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (!t.isScalarValue()) {
                            throw EsException.illegalArgument("ids array element should only contain ids");
                        }
                        add(items, missing, null, p.getText(), defaultIndex);
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw EsException.parse("malformed request body");
            }
        } catch (IOException e) {
            throw Json.parseError(e);
        }
        if (!missing.isEmpty()) {
            throw EsException.validation(missing);
        }
        return items;
    }

    private void add(List<MgetItem> items, List<String> missing, String index, String id, String defaultIndex) {
        String i = index != null ? index : defaultIndex;
        if (i == null) {
            missing.add("index is missing for doc " + items.size());
            items.add(new MgetItem(null, id));
            return;
        }
        items.add(new MgetItem(IndexExpressions.parseSingleName(i, clock), id));
    }
}
