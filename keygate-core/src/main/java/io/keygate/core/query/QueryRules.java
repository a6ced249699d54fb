package io.keygate.core.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;
import io.keygate.core.query.DslListener.Feature;
import io.keygate.core.query.DslListener.FieldUse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.keygate.core.query.DslWalker.F;
import static io.keygate.core.query.DslWalker.parsing;
import static io.keygate.core.query.DslWalker.requireObject;
import static io.keygate.core.query.DslWalker.text;
import static io.keygate.core.query.DslWalker.token;

/**
 * The allow-list of query types: for each, where it holds sub-queries, which of its keys are field names, and which
 * parts read other documents (lookups). Names and keys as OpenSearch's query builders parse them (server, and the
 * percolator, parent-join, mapper-extras and geo modules); {@code pinned} and {@code shape} as Elasticsearch's.
 */
final class QueryRules {

    private QueryRules() {}

    /** Copies the query's inner object, adding the fields it names itself to {@code fields}. */
    @FunctionalInterface
    interface Rule {
        ObjectNode copy(DslWalker w, String type, ObjectNode inner, List<String> fields);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> NAME_BOOST = Set.of("boost", "_name");
    private static final Set<String> GEO_PARAMS = Set.of("boost", "_name", "distance", "distance_type", "unit",
            "validation_method", "ignore_malformed", "coerce", "ignore_unmapped", "optimize_bbox", "type");
    private static final Set<String> SHAPE_PARAMS = Set.of("boost", "_name", "ignore_unmapped");
    private static final Set<String> DECAY_PARAMS = Set.of("multi_value_mode", "weight", "filter");
    private static final Set<String> SCORE_FUNCTIONS = Set.of("script_score", "random_score", "field_value_factor",
            "gauss", "exp", "linear", "weight");
    private static final Set<String> INTERVAL_RULES = Set.of("match", "any_of", "all_of", "prefix", "wildcard",
            "fuzzy", "regexp");
    private static final Set<String> INTERVAL_FILTERS = Set.of("containing", "contained_by", "not_containing",
            "not_contained_by", "overlapping", "not_overlapping", "before", "after");

    static final Map<String, Rule> RULES = new HashMap<>();

    static {
        // leaves without a field
        for (String t : List.of("match_all", "match_none", "ids")) {
            RULES.put(t, (w, type, in, f) -> copyRest(w, in, Map.of()));
        }
        RULES.put("parent_id", (w, type, in, f) -> {
            w.listener.feature(Feature.JOIN_QUERY, type);
            return copyRest(w, in, Map.of());
        });
        RULES.put("script", (w, type, in, f) -> {
            w.listener.feature(Feature.SCRIPT, "script query");
            return in.deepCopy();
        });
        // leaves keyed by their field: {"term": {"user": ...}}
        for (String t : List.of("term", "range", "prefix", "wildcard", "regexp", "fuzzy", "match", "match_phrase",
                "match_phrase_prefix", "match_bool_prefix", "common", "span_term", "span_gap")) {
            RULES.put(t, fieldKeyed(NAME_BOOST, null));
        }
        for (String t : List.of("geo_distance", "geo_bounding_box", "geo_polygon")) {
            RULES.put(t, fieldKeyed(GEO_PARAMS, null));
        }
        for (String t : List.of("geo_shape", "xy_shape", "shape")) {
            RULES.put(t, fieldKeyed(SHAPE_PARAMS, QueryRules::shapeField));
        }
        RULES.put("terms", fieldKeyed(Set.of("boost", "_name", "value_type"), QueryRules::termsField));
        RULES.put("terms_set", fieldKeyed(NAME_BOOST, (w, type, field, v) -> {
            if (v.has("minimum_should_match_script")) {
                w.listener.feature(Feature.SCRIPT, "terms_set minimum_should_match_script");
            }
            if (v.path("minimum_should_match_field").isTextual()) {
                w.listener.field(v.get("minimum_should_match_field").asText(), FieldUse.QUERY);
            }
            return w.scan(v);
        }));
        RULES.put("intervals", fieldKeyed(NAME_BOOST, (w, type, field, v) -> intervalsRule(w, v)));
        RULES.put("knn", fieldKeyed(NAME_BOOST, (w, type, field, v) ->
                v.isObject() ? copyRest(w, (ObjectNode) v, Map.of("filter", QueryRules::sub)) : v.deepCopy()));
        // leaves naming a field in a parameter
        for (String t : List.of("exists", "distance_feature", "rank_feature")) {
            RULES.put(t, (w, type, in, f) -> {
                addTextField(in, "field", f);
                return copyRest(w, in, Map.of());
            });
        }
        RULES.put("multi_match", (w, type, in, f) -> fieldsList(w, in, f, "fields"));
        RULES.put("simple_query_string", (w, type, in, f) -> fieldsList(w, in, f, "fields"));
        RULES.put("query_string", (w, type, in, f) -> {
            w.listener.feature(Feature.QUERY_STRING, type);
            addTextField(in, "default_field", f);
            return fieldsList(w, in, f, "fields");
        });
        RULES.put("more_like_this", QueryRules::moreLikeThis);
        RULES.put("percolate", (w, type, in, f) -> {
            addTextField(in, "field", f);
            if (in.has("id") || in.has("index")) {
                w.listener.feature(Feature.LOOKUP, type);
                w.listener.lookup(new Lookup(text(in, "index", null), text(in, "id", null), type));
            }
            return copyRest(w, in, Map.of("document", QueryRules::copy, "documents", QueryRules::copy));
        });
        RULES.put("pinned", (w, type, in, f) -> copyRest(w, in, Map.of("organic", QueryRules::sub,
                "docs", (ww, v) -> {
                    for (JsonNode d : v) {
                        ww.listener.feature(Feature.LOOKUP, "pinned");
                        ww.listener.lookup(new Lookup(text(d, "_index", null), text(d, "_id", null), "pinned"));
                    }
                    return v.deepCopy();
                })));
        // compound queries
        RULES.put("bool", (w, type, in, f) -> copyRest(w, in, Map.of("must", QueryRules::subOrArray,
                "filter", QueryRules::subOrArray, "should", QueryRules::subOrArray,
                "must_not", QueryRules::subOrArray)));
        RULES.put("dis_max", (w, type, in, f) -> copyRest(w, in, Map.of("queries", QueryRules::subArray)));
        RULES.put("hybrid", (w, type, in, f) -> copyRest(w, in, Map.of("queries", QueryRules::subArray)));
        RULES.put("boosting", (w, type, in, f) -> copyRest(w, in, Map.of("positive", QueryRules::sub,
                "negative", QueryRules::sub)));
        RULES.put("constant_score", (w, type, in, f) -> copyRest(w, in, Map.of("filter", QueryRules::sub)));
        RULES.put("nested", (w, type, in, f) -> {
            if (in.path("path").isTextual()) {
                w.listener.field(in.get("path").asText(), FieldUse.NESTED_PATH);
            }
            return copyRest(w, in, Map.of("query", QueryRules::sub, "inner_hits", DslWalker::innerHits));
        });
        for (String t : List.of("has_child", "has_parent")) {
            RULES.put(t, (w, type, in, f) -> {
                w.listener.feature(Feature.JOIN_QUERY, type);
                return copyRest(w, in, Map.of("query", QueryRules::sub, "inner_hits", DslWalker::innerHits));
            });
        }
        RULES.put("function_score", QueryRules::functionScore);
        RULES.put("script_score", (w, type, in, f) -> {
            w.listener.feature(Feature.SCRIPT, "script_score query");
            return copyRest(w, in, Map.of("query", QueryRules::sub, "script", QueryRules::copy));
        });
        // span queries
        RULES.put("span_first", (w, type, in, f) -> copyRest(w, in, Map.of("match", QueryRules::sub)));
        RULES.put("span_multi", (w, type, in, f) -> copyRest(w, in, Map.of("match", QueryRules::sub)));
        RULES.put("span_near", (w, type, in, f) -> copyRest(w, in, Map.of("clauses", QueryRules::subArray)));
        RULES.put("span_or", (w, type, in, f) -> copyRest(w, in, Map.of("clauses", QueryRules::subArray)));
        RULES.put("span_not", (w, type, in, f) -> copyRest(w, in, Map.of("include", QueryRules::sub,
                "exclude", QueryRules::sub)));
        for (String t : List.of("span_containing", "span_within")) {
            RULES.put(t, (w, type, in, f) -> copyRest(w, in, Map.of("big", QueryRules::sub,
                    "little", QueryRules::sub)));
        }
        RULES.put("field_masking_span", (w, type, in, f) -> {
            addTextField(in, "field", f);
            return copyRest(w, in, Map.of("query", QueryRules::sub));
        });
    }

    /** Copies one query; {@code wrapper} is decoded, checked, and replaced by the query it carries. */
    static JsonNode query(DslWalker w, JsonNode node) {
        if (!node.isObject()) {
            throw parsing("[_na] query malformed, must start with start_object");
        }
        if (node.isEmpty()) {
            throw parsing("query malformed, empty clause found");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        Map.Entry<String, JsonNode> entry = it.next();
        String type = entry.getKey();
        if (it.hasNext()) {
            throw parsing("[" + type + "] malformed query, expected [END_OBJECT] but found [FIELD_NAME]");
        }
        JsonNode inner = entry.getValue();
        w.enter();
        try {
            if (type.equals("wrapper")) {
                return wrapper(w, inner);
            }
            Rule rule = RULES.get(type);
            if (rule == null) {
                JsonNode copy = w.unknown("query type [" + type + "]", node);
                return w.listener.query(type, (ObjectNode) copy, List.of());
            }
            if (!inner.isObject()) {
                throw parsing("[" + type + "] query malformed, no start_object after query name");
            }
            List<String> fields = new ArrayList<>();
            ObjectNode copied = rule.copy(w, type, (ObjectNode) inner, fields);
            for (String f : fields) {
                w.listener.field(f, FieldUse.QUERY);
            }
            ObjectNode out = F.objectNode();
            out.set(type, copied);
            return w.listener.query(type, out, List.copyOf(fields));
        } finally {
            w.exit();
        }
    }

    /**
     * WrapperQueryBuilder: {@code {"wrapper":{"query":"<base64>"}}}. The backend decodes the base64 (Jackson's default
     * variant, as here), detects the content type and parses a query; we decode it the same way, accept JSON only, and
     * return the checked decoded query so that the wrapper never reaches the backend.
     */
    private static JsonNode wrapper(DslWalker w, JsonNode inner) {
        if (!inner.isObject()) {
            throw parsing("[wrapper] query malformed, no start_object after query name");
        }
        JsonNode source = null;
        for (Map.Entry<String, JsonNode> e : inner.properties()) {
            if (!e.getKey().equals("query")) {
                throw parsing("[wrapper] query does not support [" + e.getKey() + "]");
            }
            source = e.getValue();
        }
        if (source == null || source.isNull()) {
            throw parsing("[wrapper] query text is required");
        }
        if (!source.isTextual()) {
            throw parsing("[wrapper] query malformed");
        }
        byte[] bytes;
        try {
            bytes = source.binaryValue();
        } catch (IOException e) {
            throw parsing("[wrapper] query malformed: " + e.getMessage());
        }
        if (bytes == null || bytes.length == 0) {
            throw parsing("[wrapper] query text is required");
        }
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        if (i == bytes.length || bytes[i] != '{') {
            // SMILE, CBOR or YAML inside a wrapper: the backend would parse it; Keygate reads JSON only. Refused for
            // everyone, since what cannot be read cannot be scanned for lookups either.
            throw new UncheckedConstructException("wrapper query with non-JSON content");
        }
        if (!w.enterWrapper()) {
            w.exitWrapper();
            throw EsException.illegalArgument(
                    "[wrapper] queries nested deeper than [" + DslWalker.MAX_WRAPPER_DEPTH + "] levels");
        }
        try {
            JsonNode decoded;
            try {
                decoded = MAPPER.readTree(bytes);
            } catch (IOException e) {
                String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
                throw EsException.badRequest("x_content_parse_exception", "[wrapper] query content: " + msg);
            }
            return w.query(decoded);
        } finally {
            w.exitWrapper();
        }
    }

    // ---- rule builders ---------------------------------------------------------------------------------------

    @FunctionalInterface
    interface FieldValue {
        JsonNode copy(DslWalker w, String type, String field, JsonNode value);
    }

    @FunctionalInterface
    interface Part {
        JsonNode copy(DslWalker w, JsonNode value);
    }

    /** A leaf keyed by its field: every key that is not a parameter is a field name. */
    private static Rule fieldKeyed(Set<String> params, FieldValue value) {
        return (w, type, in, fields) -> {
            ObjectNode out = F.objectNode();
            for (Map.Entry<String, JsonNode> e : in.properties()) {
                String key = e.getKey();
                if (params.contains(key)) {
                    out.set(key, w.scan(e.getValue()));
                } else {
                    fields.add(key);
                    out.set(key, value == null ? w.scan(e.getValue()) : value.copy(w, type, key, e.getValue()));
                }
            }
            return out;
        };
    }

    /** Copies an object: the listed keys through their handler, every other value scanned by shape. */
    private static ObjectNode copyRest(DslWalker w, ObjectNode in, Map<String, Part> parts) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : in.properties()) {
            Part part = parts.get(e.getKey());
            out.set(e.getKey(), part == null ? w.scan(e.getValue()) : part.copy(w, e.getValue()));
        }
        return out;
    }

    private static JsonNode copy(DslWalker w, JsonNode v) {
        return v.deepCopy();
    }

    private static JsonNode sub(DslWalker w, JsonNode v) {
        return w.query(v);
    }

    private static JsonNode subOrArray(DslWalker w, JsonNode v) {
        return v.isArray() ? subArray(w, v) : w.query(v);
    }

    private static JsonNode subArray(DslWalker w, JsonNode v) {
        if (!v.isArray()) {
            throw parsing("[" + token(v) + "] expected an array of queries");
        }
        ArrayNode out = F.arrayNode();
        for (JsonNode q : v) {
            out.add(w.query(q));
        }
        return out;
    }

    private static void addTextField(ObjectNode in, String key, List<String> fields) {
        JsonNode v = in.get(key);
        if (v != null && v.isTextual()) {
            fields.add(v.asText());
        }
    }

    /** multi_match / query_string / simple_query_string / more_like_this {@code fields}: names with optional ^boost. */
    private static ObjectNode fieldsList(DslWalker w, ObjectNode in, List<String> fields, String key) {
        JsonNode list = in.get(key);
        if (list != null) {
            for (String f : DslWalker.stringOrArray(list, key)) {
                int caret = f.lastIndexOf('^');
                fields.add(caret > 0 ? f.substring(0, caret) : f);
            }
        }
        return copyRest(w, in, Map.of(key, QueryRules::copy));
    }

    /** terms: an array of values, or a lookup {index, id, path, routing} into another document. */
    private static JsonNode termsField(DslWalker w, String type, String field, JsonNode v) {
        if (!v.isObject()) {
            return w.scan(v);
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!Set.of("index", "id", "path", "routing").contains(e.getKey())) {
                // OpenSearch 3's lookup by query, or something newer: not something Keygate reads
                w.unknown("terms lookup key [" + e.getKey() + "]", e.getValue());
            } else if (!e.getValue().isValueNode()) {
                throw parsing("[terms_lookup] " + e.getKey() + " doesn't support values of type: "
                        + token(e.getValue()));
            }
        }
        String index = text(v, "index", null);
        if (index == null && w.strict) {
            throw parsing("[terms] query lookup element requires specifying the index.");
        }
        w.listener.feature(Feature.LOOKUP, "terms lookup");
        w.listener.lookup(new Lookup(index, text(v, "id", null), "terms"));
        return v.deepCopy();
    }

    /** geo_shape / xy_shape / shape: {@code indexed_shape} reads a document, from {@code shapes} unless named. */
    private static JsonNode shapeField(DslWalker w, String type, String field, JsonNode v) {
        if (v.isObject() && v.has("indexed_shape")) {
            JsonNode s = v.get("indexed_shape");
            requireObject(s, "indexed_shape");
            w.listener.feature(Feature.LOOKUP, type + " indexed_shape");
            w.listener.lookup(new Lookup(text(s, "index", "shapes"), text(s, "id", null), type));
            ObjectNode out = F.objectNode();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                out.set(e.getKey(), e.getKey().equals("indexed_shape") ? s.deepCopy() : w.scan(e.getValue()));
            }
            return out;
        }
        return w.scan(v);
    }

    /** more_like_this: fields, like/unlike items (text, {_index, _id | doc, ...}, or arrays of them). */
    private static ObjectNode moreLikeThis(DslWalker w, String type, ObjectNode in, List<String> fields) {
        JsonNode list = in.get("fields");
        if (list != null) {
            fields.addAll(DslWalker.stringOrArray(list, "fields"));
        }
        Part items = (ww, v) -> {
            for (JsonNode item : v.isArray() ? v : List.of(v)) {
                if (item.isObject()) {
                    // an item without _index reads the searched indices; an artificial doc still reads the mapping
                    ww.listener.feature(Feature.LOOKUP, "more_like_this item");
                    ww.listener.lookup(new Lookup(text(item, "_index", null), text(item, "_id", null), type));
                } else if (!item.isTextual()) {
                    throw parsing("[more_like_this] query does not support [" + token(item) + "] as like item");
                }
            }
            return v.deepCopy();
        };
        return copyRest(w, in, Map.of("fields", QueryRules::copy, "like", items, "unlike", items));
    }

    /** function_score: query, filter, and score functions (inline or in {@code functions}), each with a filter. */
    private static ObjectNode functionScore(DslWalker w, String type, ObjectNode in, List<String> fields) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : in.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals("query") || key.equals("filter")) {
                out.set(key, w.query(v));
            } else if (key.equals("functions")) {
                if (!v.isArray()) {
                    throw parsing("failed to parse [function_score] query. [functions] must be an array");
                }
                ArrayNode fs = F.arrayNode();
                for (JsonNode fn : v) {
                    requireObject(fn, "functions");
                    ObjectNode fo = F.objectNode();
                    for (Map.Entry<String, JsonNode> p : fn.properties()) {
                        fo.set(p.getKey(), p.getKey().equals("filter") ? w.query(p.getValue())
                                : scoreFunction(w, p.getKey(), p.getValue(), fields));
                    }
                    fs.add(fo);
                }
                out.set(key, fs);
            } else {
                out.set(key, scoreFunction(w, key, v, fields));
            }
        }
        return out;
    }

    private static JsonNode scoreFunction(DslWalker w, String key, JsonNode v, List<String> fields) {
        switch (key) {
            case "script_score" -> {
                w.listener.feature(Feature.SCRIPT, "function_score script_score");
                return v.deepCopy();
            }
            case "field_value_factor", "random_score" -> {
                if (v.path("field").isTextual()) {
                    fields.add(v.get("field").asText());
                }
                return w.scan(v);
            }
            case "gauss", "exp", "linear" -> {
                requireObject(v, key);
                for (String name : (Iterable<String>) v::fieldNames) {
                    if (!DECAY_PARAMS.contains(name)) {
                        fields.add(name);
                    }
                }
                return w.scan(v);
            }
            default -> {
                if (SCORE_FUNCTIONS.contains(key) || !v.isContainerNode()) {
                    return v.deepCopy(); // weight, score_mode, boost_mode, max_boost, min_score, boost, _name
                }
                return w.unknown("function_score function [" + key + "]", v);
            }
        }
    }

    /** An intervals rule: match, any_of, all_of, prefix, wildcard, fuzzy, regexp, each with an optional filter. */
    private static JsonNode intervalsRule(DslWalker w, JsonNode v) {
        requireObject(v, "intervals");
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String rule = e.getKey();
            if (!INTERVAL_RULES.contains(rule)) {
                out.set(rule, w.unknown("intervals rule [" + rule + "]", e.getValue()));
                continue;
            }
            JsonNode body = e.getValue();
            requireObject(body, rule);
            ObjectNode o = F.objectNode();
            for (Map.Entry<String, JsonNode> p : body.properties()) {
                switch (p.getKey()) {
                    case "intervals" -> {
                        ArrayNode rules = F.arrayNode();
                        for (JsonNode r : p.getValue()) {
                            rules.add(intervalsRule(w, r));
                        }
                        o.set("intervals", rules);
                    }
                    case "filter" -> o.set("filter", intervalsFilter(w, p.getValue()));
                    case "use_field" -> {
                        w.listener.field(p.getValue().asText(), FieldUse.QUERY);
                        o.set("use_field", p.getValue().deepCopy());
                    }
                    default -> o.set(p.getKey(), w.scan(p.getValue()));
                }
            }
            out.set(rule, o);
        }
        return out;
    }

    private static JsonNode intervalsFilter(DslWalker w, JsonNode v) {
        requireObject(v, "filter");
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (INTERVAL_FILTERS.contains(e.getKey())) {
                out.set(e.getKey(), intervalsRule(w, e.getValue()));
            } else if (e.getKey().equals("script")) {
                w.listener.feature(Feature.SCRIPT, "intervals filter script");
                out.set("script", e.getValue().deepCopy());
            } else {
                out.set(e.getKey(), w.unknown("intervals filter [" + e.getKey() + "]", e.getValue()));
            }
        }
        return out;
    }
}
