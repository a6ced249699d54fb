package io.keygate.core.classify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Alias listings as Elasticsearch answers them to a user who may see only some names: {@code GetAliasesRequest}
 * resolves its indices to the authorized ones and its aliases to the authorized alias names, so a pair (index, alias) is
 * listed only when the caller holds {@code indices:admin/aliases/get} on both. The server cannot make the backend do
 * that (an alias segment of authorized names would be unbounded), so it filters the answer with these functions.
 */
public final class AliasListings {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private AliasListings() {}

    /** Which listing a route is, by template; {@code null} for any other route. */
    public enum Kind { GET_ALIASES, CAT_ALIASES }

    public static Kind kind(Classification c) {
        String r = c.route();
        if (r == null) return null;
        return switch (r) {
            case "/_alias", "/{index}/_alias", "/_alias/{alias}", "/{index}/_alias/{alias}", "/_aliases" -> Kind.GET_ALIASES;
            case "/_cat/aliases", "/_cat/aliases/{alias}" -> Kind.CAT_ALIASES;
            default -> null;
        };
    }

    /** {@code GET /_alias}: {@code {"index":{"aliases":{"name":{…}}}}} with unseen indices and aliases left out. */
    public static byte[] filterGetAliases(byte[] json, BiPredicate<String, String> visible, java.util.function.Predicate<String> indexVisible) {
        JsonNode root = read(json);
        if (!(root instanceof ObjectNode out)) return json;
        for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> index = it.next();
            if (!indexVisible.test(index.getKey())) {
                it.remove();
                continue;
            }
            if (index.getValue().path("aliases") instanceof ObjectNode aliases) {
                List<String> hidden = new ArrayList<>();
                aliases.fieldNames().forEachRemaining(a -> { if (!visible.test(index.getKey(), a)) hidden.add(a); });
                aliases.remove(hidden);
            }
        }
        return write(out);
    }

    /**
     * {@code GET /_cat/aliases}: a JSON array of {@code {"alias","index",…}} rows ({@code format=json}), or text rows whose
     * first two columns are alias and index (after a header line with {@code v}).
     */
    public static byte[] filterCat(byte[] body, boolean json, boolean header, BiPredicate<String, String> visible) {
        if (json) {
            JsonNode root = read(body);
            if (!(root instanceof ArrayNode rows)) return body;
            ArrayNode out = MAPPER.createArrayNode();
            for (JsonNode row : rows) {
                if (visible.test(row.path("index").asText(), row.path("alias").asText())) out.add(row);
            }
            return write(out);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) continue;
            String[] cols = line.trim().split("\\s+");
            boolean keep = (header && i == 0) || (cols.length >= 2 && visible.test(cols[1], cols[0]));
            if (keep) out.append(line).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw EsException.parse("cannot read the alias listing: " + e.getMessage());
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
