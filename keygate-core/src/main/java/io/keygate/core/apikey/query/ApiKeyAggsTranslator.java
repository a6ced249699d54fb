package io.keygate.core.apikey.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;

import java.util.Map;
import java.util.Set;

import static io.keygate.core.apikey.query.ApiKeyQueryTranslator.NODES;
import static io.keygate.core.apikey.query.ApiKeyQueryTranslator.parsing;

/**
 * The aggregations of {@code _query/api_key}, rewritten for the security index: Elasticsearch's
 * allowlist ({@code terms}, {@code range}, {@code date_range}, {@code missing}, {@code cardinality},
 * {@code value_count}, {@code composite}, {@code filter}, {@code filters}), fields translated, no
 * scripts, no pipeline aggregations, and never {@code global} (which would escape the query's
 * doc-type and owner filters). Aggregation names are the client's and stay as written, so the
 * backend's answer needs no translation back.
 */
public final class ApiKeyAggsTranslator {
    private ApiKeyAggsTranslator() {}

    private static final Set<String> FIELD_AGGS = Set.of("terms", "range", "date_range", "missing", "cardinality", "value_count");
    private static final Set<String> PIPELINE_AGGS = Set.of("avg_bucket", "max_bucket", "min_bucket", "sum_bucket",
            "stats_bucket", "extended_stats_bucket", "percentiles_bucket", "bucket_script", "bucket_selector", "bucket_sort",
            "cumulative_sum", "cumulative_cardinality", "derivative", "moving_fn", "moving_percentiles", "serial_diff",
            "normalize", "inference", "bucket_count_ks_test", "bucket_correlation", "change_point");
    private static final Set<String> COMPOSITE_SOURCES = Set.of("terms", "histogram", "date_histogram");

    /** The translated aggregations object ({@code name → definition}). */
    public static ObjectNode translate(JsonNode aggs) {
        if (!aggs.isObject()) throw parsing("Expected [START_OBJECT] under [aggregations], but got a [" + aggs.getNodeType() + "]");
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : aggs.properties()) {
            out.set(e.getKey(), aggregation(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static ObjectNode aggregation(String name, JsonNode def) {
        if (!def.isObject()) throw parsing("Expected [START_OBJECT] under [" + name + "], but got a [" + def.getNodeType() + "]");
        ObjectNode out = NODES.objectNode();
        String type = null;
        for (Map.Entry<String, JsonNode> e : def.properties()) {
            String key = e.getKey();
            JsonNode body = e.getValue();
            switch (key) {
                case "aggs", "aggregations" -> {
                    if (out.has("aggs")) throw parsing("Found two sub aggregation definitions under [" + name + "]");
                    out.set("aggs", translate(body));
                }
                case "meta" -> {
                    if (!body.isObject()) throw parsing("[meta] of aggregation [" + name + "] must be an object");
                    out.set("meta", body);
                }
                default -> {
                    if (type != null) {
                        throw parsing("Found two aggregation type definitions in [" + name + "]: [" + type + "] and [" + key + "]");
                    }
                    type = key;
                    out.set(key, body(name, key, body));
                }
            }
        }
        if (type == null) throw parsing("Missing definition for aggregation [" + name + "]");
        return out;
    }

    private static JsonNode body(String name, String type, JsonNode body) {
        if (PIPELINE_AGGS.contains(type)) throw EsException.illegalArgument("Unsupported aggregation of type [" + type + "]");
        if (FIELD_AGGS.contains(type)) return fieldAgg(name, type, body);
        return switch (type) {
            case "composite" -> composite(name, body);
            case "filter" -> ApiKeyQueryTranslator.translate(body);
            case "filters" -> filters(name, body);
            default -> throw EsException.illegalArgument("Unsupported API Keys agg [" + name + "] of type [" + type + "]");
        };
    }

    private static ObjectNode fieldAgg(String name, String type, JsonNode body) {
        if (!body.isObject()) throw parsing("[" + type + "] aggregation [" + name + "] must be an object");
        if (body.has("script")) throw EsException.illegalArgument("Unsupported script value source for [" + name + "] agg");
        ObjectNode out = body.deepCopy();
        JsonNode field = body.get("field");
        if (field == null || !field.isTextual()) {
            throw EsException.illegalArgument("Required one of fields [field, script], but none were specified. ");
        }
        out.put("field", ApiKeyFields.translateForAggregation(field.asText(), name));
        return out;
    }

    private static ObjectNode composite(String name, JsonNode body) {
        if (!body.isObject()) throw parsing("[composite] aggregation [" + name + "] must be an object");
        ObjectNode out = body.deepCopy();
        JsonNode sources = body.get("sources");
        if (sources == null || !sources.isArray()) throw parsing("Required [sources]");
        ArrayNode translated = out.putArray("sources");
        for (JsonNode source : sources) {
            if (!source.isObject() || source.size() != 1) throw parsing("[composite] each source must be an object with one name");
            Map.Entry<String, JsonNode> named = source.properties().iterator().next();
            JsonNode def = named.getValue();
            if (!def.isObject() || def.size() != 1) throw parsing("[composite] source [" + named.getKey() + "] must have one type");
            Map.Entry<String, JsonNode> typed = def.properties().iterator().next();
            if (!COMPOSITE_SOURCES.contains(typed.getKey())) {
                throw parsing("Invalid source type: " + typed.getKey());
            }
            JsonNode inner = typed.getValue();
            if (!inner.isObject()) throw parsing("[composite] source [" + named.getKey() + "] must be an object");
            if (inner.has("script")) {
                throw EsException.illegalArgument("Unsupported script value source for [" + named.getKey()
                        + "] of composite agg [" + name + "]");
            }
            JsonNode field = inner.get("field");
            if (field == null || !field.isTextual()) {
                throw EsException.illegalArgument("Required one of fields [field, script], but none were specified. ");
            }
            ObjectNode copy = inner.deepCopy();
            copy.put("field", ApiKeyFields.translateForAggregation(field.asText(), name));
            translated.addObject().putObject(named.getKey()).set(typed.getKey(), copy);
        }
        return out;
    }

    private static ObjectNode filters(String name, JsonNode body) {
        if (!body.isObject()) throw parsing("[filters] aggregation [" + name + "] must be an object");
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            switch (key) {
                case "filters" -> {
                    if (v.isArray()) {
                        ArrayNode list = out.putArray("filters");
                        for (JsonNode q : v) list.add(ApiKeyQueryTranslator.translate(q));
                    } else if (v.isObject()) {
                        ObjectNode keyed = out.putObject("filters");
                        for (Map.Entry<String, JsonNode> f : v.properties()) {
                            keyed.set(f.getKey(), ApiKeyQueryTranslator.translate(f.getValue()));
                        }
                    } else {
                        throw parsing("[filters] must be an object or an array");
                    }
                }
                case "other_bucket", "other_bucket_key", "keyed" -> {
                    if (!v.isValueNode()) throw parsing("[filters] [" + key + "] must be a value");
                    out.set(key, v);
                }
                default -> throw parsing("Unknown key for a " + v.getNodeType() + " in [" + name + "]: [" + key + "].");
            }
        }
        if (!out.has("filters")) throw parsing("[filters] cannot be empty.");
        return out;
    }
}
