package io.keygate.core.apikey.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code _query/api_key}, rewritten for the security index: only Elasticsearch's
 * allowlisted query types, every field name translated ({@link QueryFields}: the API key, role or user fields), every option checked
 * against the options that query type has. The output is a new tree; nothing the client wrote reaches
 * the backend untranslated.
 */
public final class ApiKeyQueryTranslator {
    private ApiKeyQueryTranslator() {}

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Query types Elasticsearch knows but the API key query refuses (so the reason matches ES's). */
    private static final Set<String> KNOWN_ELSEWHERE = Set.of("match_none", "match_phrase", "match_phrase_prefix",
            "match_bool_prefix", "multi_match", "query_string", "regexp", "fuzzy", "nested", "has_child", "has_parent",
            "parent_id", "script", "script_score", "function_score", "dis_max", "boosting", "constant_score", "more_like_this",
            "geo_shape", "geo_distance", "geo_bounding_box", "geo_polygon", "span_term", "span_or", "span_near", "span_not",
            "span_first", "span_multi", "span_containing", "span_within", "field_masking_span", "intervals", "distance_feature",
            "rank_feature", "percolate", "pinned", "wrapper", "terms_set", "combined_fields", "shape", "knn", "sparse_vector",
            "semantic", "text_expansion", "weighted_tokens", "rule");

    private static final Set<String> BOOL_OPTIONS = Set.of("must", "should", "must_not", "filter", "minimum_should_match",
            "boost", "_name", "adjust_pure_negative");
    private static final Set<String> TERM_OPTIONS = Set.of("value", "boost", "case_insensitive", "_name");
    private static final Set<String> PREFIX_OPTIONS = Set.of("value", "boost", "case_insensitive", "rewrite", "_name");
    private static final Set<String> WILDCARD_OPTIONS = Set.of("value", "wildcard", "boost", "case_insensitive", "rewrite", "_name");
    private static final Set<String> MATCH_OPTIONS = Set.of("query", "operator", "analyzer", "fuzziness", "prefix_length",
            "max_expansions", "fuzzy_transpositions", "fuzzy_rewrite", "lenient", "zero_terms_query",
            "auto_generate_synonyms_phrase_query", "minimum_should_match", "boost", "_name");
    private static final Set<String> RANGE_OPTIONS = Set.of("gt", "gte", "lt", "lte", "from", "to", "include_lower",
            "include_upper", "format", "time_zone", "boost", "_name", "relation");
    private static final Set<String> SQS_OPTIONS = Set.of("query", "fields", "default_operator", "analyzer", "flags",
            "lenient", "minimum_should_match", "quote_field_suffix", "analyze_wildcard", "auto_generate_synonyms_phrase_query",
            "fuzzy_transpositions", "fuzzy_max_expansions", "fuzzy_prefix_length", "boost", "_name");

    /** The translated query of {@code _query/api_key}; {@code null} or {@code {}} is {@code match_all}. */
    public static ObjectNode translate(JsonNode query) {
        return translate(query, ApiKeyFields.API_KEYS);
    }

    /** The translated query over the given fields; {@code null} or {@code {}} is {@code match_all}. */
    public static ObjectNode translate(JsonNode query, QueryFields fields) {
        ObjectNode out = NODES.objectNode();
        if (query == null || query.isNull() || (query.isObject() && query.isEmpty())) {
            out.putObject("match_all");
            return out;
        }
        if (!query.isObject()) throw parsing("[_na] query malformed, must start with start_object");
        if (query.size() != 1) {
            Iterator<String> names = query.fieldNames();
            names.next();
            throw parsing("[" + names.next() + "] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
        }
        Map.Entry<String, JsonNode> clause = query.properties().iterator().next();
        String type = clause.getKey();
        JsonNode body = clause.getValue();
        switch (type) {
            case "bool" -> out.set("bool", bool(body, fields));
            case "match_all" -> out.set("match_all", options(type, body, Set.of("boost", "_name")));
            case "ids" -> out.set("ids", ids(body));
            case "term" -> out.set("term", fieldQuery(type, body, TERM_OPTIONS, "value", fields));
            case "prefix" -> out.set("prefix", fieldQuery(type, body, PREFIX_OPTIONS, "value", fields));
            case "wildcard" -> out.set("wildcard", fieldQuery(type, body, WILDCARD_OPTIONS, "value", fields));
            case "match" -> out.set("match", fieldQuery(type, body, MATCH_OPTIONS, "query", fields));
            case "terms" -> out.set("terms", terms(body, fields));
            case "exists" -> out.set("exists", exists(body, fields));
            case "range" -> out.set("range", range(body, fields));
            case "simple_query_string" -> {
                ObjectNode sqs = simpleQueryString(body, fields);
                if (sqs == null) {
                    out.putObject("match_none");
                } else {
                    out.set("simple_query_string", sqs);
                }
            }
            default -> {
                if (KNOWN_ELSEWHERE.contains(type)) {
                    throw EsException.illegalArgument("Query type [" + type + "] is not currently supported in this context");
                }
                throw parsing("unknown query [" + type + "]");
            }
        }
        return out;
    }

    private static ObjectNode bool(JsonNode body, QueryFields fields) {
        requireObject("bool", body);
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey();
            if (!BOOL_OPTIONS.contains(key)) throw parsing("[bool] query does not support [" + key + "]");
            JsonNode v = e.getValue();
            switch (key) {
                case "must", "should", "must_not", "filter" -> {
                    ArrayNode clauses = out.putArray(key);
                    if (v.isArray()) {
                        for (JsonNode q : v) clauses.add(translate(q, fields));
                    } else {
                        clauses.add(translate(v, fields));
                    }
                }
                default -> out.set(key, scalar("bool", key, v));
            }
        }
        return out;
    }

    private static ObjectNode ids(JsonNode body) {
        requireObject("ids", body);
        ObjectNode out = options("ids", body, Set.of("values", "boost", "_name"));
        JsonNode values = body.get("values");
        if (values != null && !values.isArray()) throw parsing("[ids] query does not support [values] as a " + values.getNodeType());
        if (values != null) {
            for (JsonNode v : values) {
                if (!v.isTextual()) throw parsing("[ids] query: [values] must contain only strings");
            }
        }
        return out;
    }

    /**
     * {@code {"<field>": value}} or {@code {"<field>": {"<valueKey>": value, options…}}}, the short and
     * long forms of term, prefix, wildcard and match; {@code boost} / {@code _name} may sit beside the field.
     */
    private static ObjectNode fieldQuery(String type, JsonNode body, Set<String> options, String valueKey, QueryFields fields) {
        requireObject(type, body);
        ObjectNode out = NODES.objectNode();
        String field = null;
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if ((key.equals("boost") || key.equals("_name")) && v.isValueNode()) {
                out.set(key, v);
                continue;
            }
            if (field != null) {
                throw parsing("[" + type + "] query doesn't support multiple fields, found [" + field + "] and [" + key + "]");
            }
            field = key;
            if (v.isObject()) {
                out.set(fields.translate(key), options(type, v, options));
            } else if (v.isValueNode() && !v.isNull()) {
                out.set(fields.translate(key), v);
            } else {
                throw parsing("[" + type + "] query malformed, no field or value");
            }
        }
        if (field == null) throw parsing("[" + type + "] query malformed, no field");
        JsonNode long_ = out.get(fields.translate(field));
        if (long_.isObject() && !long_.has(valueKey) && !(type.equals("wildcard") && long_.has("wildcard"))) {
            throw parsing("[" + type + "] query malformed, no " + valueKey + " specified");
        }
        return out;
    }

    private static ObjectNode terms(JsonNode body, QueryFields fields) {
        requireObject("terms", body);
        ObjectNode out = NODES.objectNode();
        String field = null;
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if ((key.equals("boost") || key.equals("_name")) && v.isValueNode()) {
                out.set(key, v);
                continue;
            }
            if (v.isObject()) {
                throw EsException.illegalArgument("terms query with terms lookup is not currently supported in this context");
            }
            if (!v.isArray()) throw parsing("[terms] query does not support [" + key + "]");
            if (field != null) {
                throw parsing("[terms] query does not support multiple fields");
            }
            field = key;
            for (JsonNode item : v) {
                if (!item.isValueNode() || item.isNull()) throw parsing("[terms] query: no value specified for terms query");
            }
            out.set(fields.translate(key), v);
        }
        if (field == null) throw parsing("[terms] query requires a field name, followed by array of terms or a document lookup specification");
        return out;
    }

    private static ObjectNode exists(JsonNode body, QueryFields fields) {
        requireObject("exists", body);
        ObjectNode out = options("exists", body, Set.of("field", "boost", "_name"));
        JsonNode field = body.get("field");
        if (field == null || !field.isTextual()) throw parsing("[exists] must be provided with a [field]");
        out.put("field", fields.translate(field.asText()));
        return out;
    }

    private static ObjectNode range(JsonNode body, QueryFields fields) {
        requireObject("range", body);
        ObjectNode out = NODES.objectNode();
        String field = null;
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if ((key.equals("boost") || key.equals("_name")) && v.isValueNode()) {
                out.set(key, v);
                continue;
            }
            if (!v.isObject()) throw parsing("[range] query malformed, after field missing start object");
            if (field != null) {
                throw parsing("[range] query doesn't support multiple fields, found [" + field + "] and [" + key + "]");
            }
            field = key;
            if (v.has("relation")) {
                throw EsException.illegalArgument("range query with relation is not currently supported in this context");
            }
            out.set(fields.translate(key), options("range", v, RANGE_OPTIONS));
        }
        if (field == null) throw parsing("[range] query malformed, no field");
        return out;
    }

    /** Fields (and patterns) translated one by one; null when no allowed field remains (matches nothing). */
    private static ObjectNode simpleQueryString(JsonNode body, QueryFields known) {
        requireObject("simple_query_string", body);
        ObjectNode out = options("simple_query_string", body, SQS_OPTIONS);
        if (!body.path("query").isTextual()) throw parsing("[simple_query_string] query text missing");
        JsonNode fields = body.get("fields");
        ArrayNode requested = NODES.arrayNode();
        if (fields == null || fields.isNull() || (fields.isArray() && fields.isEmpty())) {
            requested.add("*");
        } else if (fields.isArray()) {
            for (JsonNode f : fields) {
                if (!f.isTextual()) throw parsing("[simple_query_string] [fields] must contain only strings");
                requested.add(f);
            }
        } else {
            throw parsing("[simple_query_string] [fields] must be an array");
        }
        Map<String, Float> translated = new java.util.LinkedHashMap<>();
        boolean all = false;
        for (JsonNode f : requested) {
            String spec = f.asText();
            float boost = 1f;
            int caret = spec.lastIndexOf('^');
            String name = spec;
            if (caret > 0) {
                name = spec.substring(0, caret);
                try {
                    boost = Float.parseFloat(spec.substring(caret + 1));
                } catch (NumberFormatException e) {
                    throw parsing("[simple_query_string] invalid boost in field [" + spec + "]");
                }
            }
            if (name.equals("*")) all = true;
            float b = boost;
            for (String stored : known.translatePattern(name)) translated.merge(stored, b, (x, y) -> x * y);
        }
        if (translated.isEmpty()) return null;
        ArrayNode outFields = out.putArray("fields");
        translated.forEach((name, boost) -> outFields.add(boost == 1f ? name : name + "^" + boost));
        if (all) out.put("lenient", true);
        return out;
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** A copy of the object with only the listed keys, each a scalar or (for a few) an array of scalars. */
    static ObjectNode options(String type, JsonNode body, Set<String> allowed) {
        requireObject(type, body);
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (!allowed.contains(e.getKey())) throw parsing("[" + type + "] query does not support [" + e.getKey() + "]");
            JsonNode v = e.getValue();
            if (v.isObject()) throw parsing("[" + type + "] query does not support an object as [" + e.getKey() + "]");
            if (v.isArray()) {
                for (JsonNode item : v) {
                    if (!item.isValueNode()) throw parsing("[" + type + "] [" + e.getKey() + "] must contain only values");
                }
            }
            out.set(e.getKey(), v);
        }
        return out;
    }

    private static JsonNode scalar(String type, String key, JsonNode v) {
        if (!v.isValueNode()) throw parsing("[" + type + "] query does not support an object or array as [" + key + "]");
        return v;
    }

    private static void requireObject(String type, JsonNode body) {
        if (body == null || !body.isObject()) throw parsing("[" + type + "] query malformed, no start_object after query name");
    }

    static EsException parsing(String reason) {
        return EsException.badRequest("parsing_exception", reason);
    }
}
