package io.keygate.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.query.DslListener.Feature;
import io.keygate.core.query.DslListener.FieldUse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.keygate.core.query.DslWalker.F;
import static io.keygate.core.query.DslWalker.parsing;
import static io.keygate.core.query.DslWalker.requireObject;
import static io.keygate.core.query.DslWalker.token;

/**
 * The allow-list of aggregation types and where they hold queries, fields and scripts, as OpenSearch's
 * {@code AggregatorFactories.parseAggregators} and the builders of the server and its modules (aggs-matrix-stats,
 * parent-join, geo) parse them.
 */
final class AggregationRules {

    private AggregationRules() {}

    /** Aggregations reading a field or a script per document ({@code ValuesSourceAggregationBuilder}). */
    static final Set<String> VALUE_SOURCE = Set.of("avg", "sum", "min", "max", "value_count", "stats",
            "extended_stats", "cardinality", "percentiles", "percentile_ranks", "median_absolute_deviation",
            "geo_bounds", "geo_centroid", "terms", "rare_terms", "histogram", "date_histogram",
            "auto_date_histogram", "variable_width_histogram", "range", "date_range", "ip_range", "geo_distance",
            "geohash_grid", "geotile_grid", "missing", "diversified_sampler", "significant_terms",
            "significant_text");
    /** Pipeline aggregations: they read other aggregations' results, never documents. */
    static final Set<String> PIPELINE = Set.of("avg_bucket", "sum_bucket", "min_bucket", "max_bucket",
            "stats_bucket", "extended_stats_bucket", "percentiles_bucket", "derivative", "cumulative_sum",
            "bucket_script", "bucket_selector", "bucket_sort", "serial_diff", "moving_fn", "moving_avg");
    /** Everything else this class knows. */
    static final Set<String> SPECIAL = Set.of("filter", "filters", "adjacency_matrix", "global", "nested",
            "reverse_nested", "children", "parent", "sampler", "composite", "multi_terms", "weighted_avg",
            "matrix_stats", "top_hits", "scripted_metric");

    /** The value of {@code aggs}/{@code aggregations}: named aggregations. */
    static JsonNode aggregations(DslWalker w, JsonNode aggs) {
        if (!aggs.isObject()) {
            throw parsing("Unexpected token " + token(aggs) + " in [aggs].");
        }
        w.enter();
        try {
            ObjectNode out = F.objectNode();
            for (Map.Entry<String, JsonNode> e : aggs.properties()) {
                out.set(e.getKey(), aggregation(w, e.getKey(), e.getValue()));
            }
            return out;
        } finally {
            w.exit();
        }
    }

    private static ObjectNode aggregation(DslWalker w, String name, JsonNode def) {
        if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0 || name.indexOf('>') >= 0) {
            throw parsing("Invalid aggregation name [" + name + "]. Aggregation names can contain any character"
                    + " except '[', ']', and '>'");
        }
        if (!def.isObject()) {
            throw parsing("Aggregation definition for [" + name + " starts with a [" + token(def)
                    + "], expected a [START_OBJECT].");
        }
        ObjectNode out = F.objectNode();
        String type = null;
        String subKey = null;
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : def.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals("aggs") || key.equals("aggregations")) {
                if (subKey != null) {
                    throw parsing("Found two sub aggregation definitions under [" + name + "]");
                }
                subKey = key;
                out.set(key, aggregations(w, v));
            } else if (key.equals("meta")) {
                requireObject(v, "meta");
                out.set(key, v.deepCopy());
            } else {
                if (type != null) {
                    throw parsing("Found two aggregation type definitions in [" + name + "]: [" + type + "] and ["
                            + key + "]");
                }
                type = key;
                if (!v.isObject()) {
                    throw parsing("Expected [START_OBJECT] under [" + key + "], but got a [" + token(v) + "] in ["
                            + name + "]");
                }
                out.set(key, body(w, key, (ObjectNode) v, fields));
            }
        }
        if (type == null) {
            throw parsing("Missing definition for aggregation [" + name + "]");
        }
        for (String f : fields) {
            w.listener.field(f, FieldUse.AGGREGATION);
        }
        w.listener.aggregation(name, type, out, List.copyOf(fields));
        return out;
    }

    private static JsonNode body(DslWalker w, String type, ObjectNode in, List<String> fields) {
        if (VALUE_SOURCE.contains(type)) {
            return valueSource(w, type, in, fields);
        }
        if (PIPELINE.contains(type)) {
            if (in.has("script")) {
                w.listener.feature(Feature.PIPELINE_SCRIPT, type);
            }
            return w.scan(in);
        }
        return switch (type) {
            case "filter" -> w.query(in);
            case "filters", "adjacency_matrix" -> filters(w, type, in);
            case "global" -> {
                w.listener.feature(Feature.GLOBAL_AGGREGATION, type);
                yield w.scan(in);
            }
            case "nested", "reverse_nested" -> {
                if (in.path("path").isTextual()) {
                    w.listener.field(in.get("path").asText(), FieldUse.NESTED_PATH);
                }
                yield w.scan(in);
            }
            case "children", "parent" -> {
                w.listener.feature(Feature.JOIN_AGGREGATION, type);
                yield w.scan(in);
            }
            case "sampler" -> w.scan(in);
            case "composite" -> composite(w, in, fields);
            case "multi_terms" -> {
                minDocCount(w, type, in);
                JsonNode terms = in.path("terms");
                for (JsonNode t : terms) {
                    valueSourceParts(w, type, t, fields);
                }
                yield w.scan(in);
            }
            case "weighted_avg" -> {
                valueSourceParts(w, type, in.path("value"), fields);
                valueSourceParts(w, type, in.path("weight"), fields);
                yield w.scan(in);
            }
            case "matrix_stats" -> {
                if (in.has("fields")) {
                    fields.addAll(DslWalker.stringOrArray(in.get("fields"), "fields"));
                }
                if (in.has("script")) {
                    w.listener.feature(Feature.SCRIPT, type);
                }
                yield w.scan(in);
            }
            case "top_hits" -> topHits(w, in);
            case "scripted_metric" -> {
                w.listener.feature(Feature.SCRIPT, type);
                yield in.deepCopy(); // scripts cannot read other indices
            }
            default -> w.unknown("aggregation type [" + type + "]", in);
        };
    }

    private static JsonNode valueSource(DslWalker w, String type, ObjectNode in, List<String> fields) {
        valueSourceParts(w, type, in, fields);
        if (type.equals("terms") || type.equals("significant_terms") || type.equals("significant_text")) {
            minDocCount(w, type, in);
        }
        if (type.startsWith("significant_")) {
            w.listener.feature(Feature.SIGNIFICANT_AGGREGATION, type);
            if (in.has("source_fields")) {
                fields.addAll(DslWalker.stringOrArray(in.get("source_fields"), "source_fields"));
            }
        }
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : in.properties()) {
            out.set(e.getKey(), e.getKey().equals("background_filter") ? w.query(e.getValue())
                    : e.getKey().equals("script") ? e.getValue().deepCopy() : w.scan(e.getValue()));
        }
        return out;
    }

    /** {@code field} and {@code script} of a values source (an aggregation, a composite source, a multi_terms term). */
    private static void valueSourceParts(DslWalker w, String type, JsonNode in, List<String> fields) {
        if (in.path("field").isTextual()) {
            fields.add(in.get("field").asText());
        }
        if (in.has("script")) {
            w.listener.feature(Feature.SCRIPT, type + " script");
        }
    }

    private static void minDocCount(DslWalker w, String type, JsonNode in) {
        JsonNode m = in.get("min_doc_count");
        if (m != null && (m.isNumber() && m.asLong() == 0 || m.isTextual() && m.asText().trim().equals("0"))) {
            w.listener.feature(Feature.MIN_DOC_COUNT_ZERO, type);
        }
    }

    /** filters: {filters: {name: query} | [query], other_bucket...}; adjacency_matrix: {filters: {name: query}}. */
    private static JsonNode filters(DslWalker w, String type, ObjectNode in) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : in.properties()) {
            JsonNode v = e.getValue();
            if (!e.getKey().equals("filters")) {
                out.set(e.getKey(), w.scan(v));
            } else if (v.isObject()) {
                ObjectNode fs = F.objectNode();
                for (Map.Entry<String, JsonNode> f : v.properties()) {
                    fs.set(f.getKey(), w.query(f.getValue()));
                }
                out.set("filters", fs);
            } else if (v.isArray() && type.equals("filters")) {
                ArrayNode fs = F.arrayNode();
                for (JsonNode q : v) {
                    fs.add(w.query(q));
                }
                out.set("filters", fs);
            } else {
                throw parsing("[" + type + "] filters must be an object, found [" + token(v) + "]");
            }
        }
        return out;
    }

    /** composite: sources [{name: {terms|histogram|date_histogram|geotile_grid: {field|script ...}}}]. */
    private static JsonNode composite(DslWalker w, ObjectNode in, List<String> fields) {
        JsonNode sources = in.path("sources");
        for (JsonNode source : sources) {
            for (JsonNode named : source) {
                for (Map.Entry<String, JsonNode> kind : named.properties()) {
                    if (!Set.of("terms", "histogram", "date_histogram", "geotile_grid").contains(kind.getKey())) {
                        w.unknown("composite source [" + kind.getKey() + "]", kind.getValue());
                    }
                    valueSourceParts(w, "composite", kind.getValue(), fields);
                }
            }
        }
        return w.scan(in);
    }

    private static JsonNode topHits(DslWalker w, ObjectNode in) {
        w.enter();
        try {
            return w.searchLike(in, DslWalker.TOP_HITS_KEYS, "top_hits", Set.of());
        } finally {
            w.exit();
        }
    }
}
