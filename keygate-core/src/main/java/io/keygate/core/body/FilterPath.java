package io.keygate.core.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.classify.Glob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code filter_path} response filtering, for answers Keygate composes itself (a bulk answer with
 * refused items put back): comma-separated dotted paths, {@code *} within a name, {@code **} for any depth, a leading
 * {@code -} to exclude. Arrays are transparent (a path applies to each element); objects left empty disappear.
 */
public final class FilterPath {
    private final List<List<String>> includes = new ArrayList<>();
    private final List<List<String>> excludes = new ArrayList<>();

    private FilterPath(String spec) {
        for (String raw : spec.split(",")) {
            String p = raw.trim();
            if (p.isEmpty()) continue;
            boolean exclude = p.startsWith("-");
            List<String> segments = Arrays.asList((exclude ? p.substring(1) : p).split("\\."));
            (exclude ? excludes : includes).add(segments);
        }
    }

    /** @return null when there is nothing to filter */
    public static FilterPath parse(String spec) {
        if (spec == null || spec.isBlank()) return null;
        FilterPath f = new FilterPath(spec);
        return f.includes.isEmpty() && f.excludes.isEmpty() ? null : f;
    }

    /** The filtered copy of {@code node}; an empty object when nothing matches, as Elasticsearch answers {@code {}}. */
    public JsonNode apply(JsonNode node) {
        JsonNode kept = includes.isEmpty() ? node.deepCopy() : include(node, includes);
        if (kept == null) return JsonNodeFactory.instance.objectNode();
        JsonNode out = excludes.isEmpty() ? kept : exclude(kept, excludes);
        return out == null ? JsonNodeFactory.instance.objectNode() : out;
    }

    /** The parts of {@code node} some path reaches; null when none. A path that ends here keeps the whole node. */
    private static JsonNode include(JsonNode node, List<List<String>> paths) {
        for (List<String> p : paths) if (p.isEmpty()) return node.deepCopy();
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : node) {
                JsonNode kept = include(e, paths);
                if (kept != null) out.add(kept);
            }
            return out.isEmpty() ? null : out;
        }
        if (!node.isObject()) return null;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            List<List<String>> rest = new ArrayList<>();
            for (List<String> p : paths) {
                String head = p.get(0);
                if (head.equals("**")) {
                    rest.add(p); // ** may match more levels
                    if (p.size() > 1 && Glob.matches(p.get(1), f.getKey())) rest.add(p.subList(2, p.size()));
                } else if (Glob.matches(head, f.getKey())) {
                    rest.add(p.subList(1, p.size()));
                }
            }
            if (rest.isEmpty()) continue;
            JsonNode kept = include(f.getValue(), rest);
            if (kept != null) out.set(f.getKey(), kept);
        }
        return out.isEmpty() ? null : out;
    }

    private static JsonNode exclude(JsonNode node, List<List<String>> paths) {
        for (List<String> p : paths) if (p.isEmpty()) return null;
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : node) {
                JsonNode kept = exclude(e, paths);
                if (kept != null) out.add(kept);
            }
            return out;
        }
        if (!node.isObject()) return node;
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            List<List<String>> rest = new ArrayList<>();
            for (List<String> p : paths) {
                if (p.get(0).equals("**")) {
                    rest.add(p);
                    if (p.size() > 1 && Glob.matches(p.get(1), f.getKey())) rest.add(p.subList(2, p.size()));
                } else if (Glob.matches(p.get(0), f.getKey())) {
                    rest.add(p.subList(1, p.size()));
                }
            }
            JsonNode kept = rest.isEmpty() ? f.getValue() : exclude(f.getValue(), rest);
            if (kept != null) out.set(f.getKey(), kept);
        }
        return out;
    }
}
