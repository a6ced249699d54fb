package io.keygate.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;
import io.keygate.core.query.DslListener.Feature;
import io.keygate.core.query.DslListener.FieldUse;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a request body section by section, the way OpenSearch parses it, and tells a {@link DslListener} about every
 * query, aggregation, field, lookup and notable feature. Queries are handled by {@link QueryRules}, aggregations by
 * {@link AggregationRules}; this class holds the sections of a search body (sort, highlight, rescore, suggest, collapse,
 * fetch options) and the shared helpers.
 *
 * <p>Strict (everyone but a superuser): anything not on the allow-lists is refused with
 * {@link UncheckedConstructException}. Not strict: unknown parts are copied, but still scanned by shape for lookups and
 * {@code wrapper} queries ({@link #scan}), so that nothing reaches an index unseen.
 */
public final class DslWalker {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Queries and aggregations nested deeper than this are refused (the backend's own parser limits are higher). */
    static final int MAX_DEPTH = 100;
    /** A wrapper inside a wrapper inside ...: a few levels are plenty for any real client. */
    static final int MAX_WRAPPER_DEPTH = 5;

    /** OpenSearch's {@code SearchSourceBuilder} keys, in its own spelling. */
    static final Set<String> SEARCH_KEYS = Set.of("from", "size", "timeout", "terminate_after", "query", "post_filter",
            "min_score", "version", "seq_no_primary_term", "explain", "_source", "stored_fields", "docvalue_fields",
            "fields", "script_fields", "derived", "sort", "track_scores", "include_named_queries_score",
            "track_total_hits", "indices_boost", "aggregations", "aggs", "highlight", "suggest", "rescore", "stats",
            "ext", "profile", "search_after", "collapse", "slice", "pit", "search_pipeline", "verbose_pipeline");
    /** {@code InnerHitBuilder}'s keys. */
    static final Set<String> INNER_HITS_KEYS = Set.of("name", "ignore_unmapped", "from", "size", "explain", "version",
            "seq_no_primary_term", "track_scores", "stored_fields", "docvalue_fields", "fields", "script_fields",
            "_source", "sort", "highlight", "collapse");
    /** {@code TopHitsAggregationBuilder}'s keys. */
    static final Set<String> TOP_HITS_KEYS = Set.of("from", "size", "explain", "version", "seq_no_primary_term",
            "track_scores", "sort", "_source", "stored_fields", "docvalue_fields", "fields", "script_fields",
            "highlight");

    final boolean strict;
    final DslListener listener;
    private int depth;
    private int wrapperDepth;

    public DslWalker(boolean strict, DslListener listener) {
        this.strict = strict;
        this.listener = listener;
    }

    // ---- entry points ----------------------------------------------------------------------------------------

    /** Copies a whole request body of the given shape. */
    public ObjectNode body(ObjectNode body, BodyShape shape) {
        return switch (shape) {
            case SEARCH -> searchLike(body, SEARCH_KEYS, "body", Set.of());
            case DELETE_BY_QUERY -> searchLike(body, SEARCH_KEYS, "body", Set.of("conflicts", "max_docs"));
            case UPDATE_BY_QUERY -> searchLike(body, SEARCH_KEYS, "body", Set.of("conflicts", "max_docs", "script"));
            case COUNT, EXPLAIN, VALIDATE_QUERY -> queryOnly(body);
            case FIELD_CAPS -> fieldCaps(body);
            case QUERY -> asObject(query(body));
        };
    }

    /** Copies one query object ({@code {"type": {...}}}), wrapper queries replaced by what they carry. */
    public JsonNode query(JsonNode node) {
        return QueryRules.query(this, node);
    }

    // ---- the shapes ------------------------------------------------------------------------------------------

    /** RestActions.getQueryContent: an object whose only key is {@code query}. */
    private ObjectNode queryOnly(ObjectNode body) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (!e.getKey().equals("query")) {
                throw parsing("request does not support [" + e.getKey() + "]");
            }
            out.set("query", query(e.getValue()));
        }
        return out;
    }

    private ObjectNode fieldCaps(ObjectNode body) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            switch (key) {
                case "fields" -> {
                    for (String f : stringOrArray(v, "fields")) {
                        listener.field(f, FieldUse.FIELD_CAPS);
                    }
                    out.set(key, v.deepCopy());
                }
                case "index_filter" -> out.set(key, query(v));
                default -> out.set(key, unknown("field_caps body key [" + key + "]", v));
            }
        }
        return out;
    }

    /**
     * A search source, a {@code top_hits} body or an {@code inner_hits}: {@code allowed} are the keys it may hold,
     * {@code extra} the by-query actions' own keys.
     */
    ObjectNode searchLike(ObjectNode body, Set<String> allowed, String where, Set<String> extra) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (extra.contains(key)) {
                if (key.equals("script")) {
                    listener.feature(Feature.SCRIPT, "update_by_query script");
                }
                out.set(key, v.deepCopy());
                continue;
            }
            if (!allowed.contains(key)) {
                out.set(key, unknown(where + " key [" + key + "]", v));
                continue;
            }
            out.set(key, switch (key) {
                case "query", "post_filter" -> query(v);
                case "aggregations", "aggs" -> AggregationRules.aggregations(this, v);
                case "sort" -> sort(v);
                case "highlight" -> highlight(v);
                case "rescore" -> rescore(v);
                case "suggest" -> suggest(v);
                case "collapse" -> collapse(v);
                case "_source" -> source(v);
                case "stored_fields" -> fieldList(v, FieldUse.FETCH, key);
                case "docvalue_fields", "fields" -> fieldAndFormatList(v, key);
                case "script_fields" -> scriptFields(v);
                case "slice" -> slice(v);
                case "profile" -> {
                    if (v.asBoolean(false) || v.asText().equals("true")) {
                        listener.feature(Feature.PROFILE, "profile");
                    }
                    yield v.deepCopy();
                }
                case "derived" -> {
                    listener.feature(Feature.DERIVED_FIELDS, "derived");
                    listener.feature(Feature.SCRIPT, "derived");
                    yield scan(v);
                }
                case "ext" -> v.isObject() && v.isEmpty() ? v.deepCopy() : unknown("ext", v);
                case "search_pipeline" -> v.isTextual() || v.isNull() ? v.deepCopy()
                        : unknown("inline search_pipeline", v);
                case "indices_boost", "search_after", "pit", "stats" -> scan(v);
                default -> scalar(v, key);
            });
        }
        listener.fetchSection(out, where);
        return out;
    }

    // ---- sections --------------------------------------------------------------------------------------------

    /** {@code _source}: true/false, a pattern, patterns, or {includes|include, excludes|exclude}. */
    private JsonNode source(JsonNode v) {
        if (v.isBoolean() || v.isNull()) {
            return v.deepCopy();
        }
        if (v.isTextual() || v.isArray()) {
            stringOrArray(v, "_source").forEach(f -> listener.field(f, FieldUse.SOURCE));
            return v.deepCopy();
        }
        if (v.isObject()) {
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                switch (e.getKey()) {
                    case "includes", "include" ->
                            stringOrArray(e.getValue(), e.getKey()).forEach(f -> listener.field(f, FieldUse.SOURCE));
                    case "excludes", "exclude" -> stringOrArray(e.getValue(), e.getKey());
                    default -> throw parsing("Unknown key for a " + token(e.getValue()) + " in [" + e.getKey() + "].");
                }
            }
            return v.deepCopy();
        }
        throw parsing("Expected one of [VALUE_BOOLEAN, VALUE_STRING, START_ARRAY, START_OBJECT] but found ["
                + token(v) + "]");
    }

    private JsonNode fieldList(JsonNode v, FieldUse use, String key) {
        stringOrArray(v, key).forEach(f -> listener.field(f, use));
        return v.deepCopy();
    }

    /** {@code fields} / {@code docvalue_fields}: strings or {@code {"field": .., "format": ..}}. */
    private JsonNode fieldAndFormatList(JsonNode v, String key) {
        if (!v.isArray()) {
            throw parsing("Unknown key for a " + token(v) + " in [" + key + "].");
        }
        for (JsonNode item : v) {
            if (item.isTextual()) {
                listener.field(item.asText(), FieldUse.FETCH);
            } else if (item.isObject() && item.path("field").isTextual()) {
                listener.field(item.get("field").asText(), FieldUse.FETCH);
            } else {
                throw parsing("Expected [VALUE_STRING] or [START_OBJECT] with [field] in [" + key + "] but found ["
                        + token(item) + "]");
            }
        }
        return v.deepCopy();
    }

    private JsonNode scriptFields(JsonNode v) {
        requireObject(v, "script_fields");
        listener.feature(Feature.SCRIPT, "script_fields");
        return v.deepCopy(); // scripts cannot read other indices
    }

    private JsonNode slice(JsonNode v) {
        requireObject(v, "slice");
        if (v.path("field").isTextual()) {
            listener.field(v.get("field").asText(), FieldUse.SLICE);
        }
        return v.deepCopy();
    }

    /** SortBuilder.fromXContent: a name, {name: order|options}, or an array of those. */
    JsonNode sort(JsonNode v) {
        if (v.isArray()) {
            ArrayNode out = F.arrayNode();
            for (JsonNode item : v) {
                out.add(sortElement(item));
            }
            return out;
        }
        return sortElement(v);
    }

    private JsonNode sortElement(JsonNode v) {
        if (v.isTextual()) {
            sortField(v.asText());
            return v.deepCopy();
        }
        if (!v.isObject()) {
            throw parsing("unexpected token [" + token(v) + "] in sort");
        }
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String name = e.getKey();
            JsonNode opts = e.getValue();
            switch (name) {
                case "_score", "_doc", "_shard_doc" -> out.set(name, opts.deepCopy());
                case "_geo_distance", "_geoDistance" -> {
                    requireObject(opts, name);
                    ObjectNode o = F.objectNode();
                    for (Map.Entry<String, JsonNode> g : opts.properties()) {
                        switch (g.getKey()) {
                            case "order", "unit", "mode", "distance_type", "validation_method", "ignore_unmapped" ->
                                    o.set(g.getKey(), g.getValue().deepCopy());
                            case "nested" -> o.set("nested", nestedSort(g.getValue()));
                            default -> {
                                listener.field(g.getKey(), FieldUse.SORT);
                                o.set(g.getKey(), g.getValue().deepCopy());
                            }
                        }
                    }
                    out.set(name, o);
                }
                case "_script" -> {
                    listener.feature(Feature.SCRIPT, "script sort");
                    requireObject(opts, name);
                    out.set(name, sortOptions(opts));
                }
                default -> {
                    sortField(name);
                    out.set(name, opts.isObject() ? sortOptions(opts) : opts.deepCopy());
                }
            }
        }
        return out;
    }

    private void sortField(String name) {
        if (!name.equals("_score") && !name.equals("_doc") && !name.equals("_shard_doc")) {
            listener.field(name, FieldUse.SORT);
        }
    }

    private ObjectNode sortOptions(JsonNode opts) {
        ObjectNode o = F.objectNode();
        for (Map.Entry<String, JsonNode> s : opts.properties()) {
            switch (s.getKey()) {
                case "nested" -> o.set("nested", nestedSort(s.getValue()));
                case "nested_filter" -> o.set("nested_filter", query(s.getValue()));
                case "nested_path" -> {
                    listener.field(s.getValue().asText(), FieldUse.NESTED_PATH);
                    o.set("nested_path", s.getValue().deepCopy());
                }
                default -> o.set(s.getKey(), scan(s.getValue()));
            }
        }
        return o;
    }

    /** NestedSortBuilder: path, filter (a query), max_children, nested. */
    private ObjectNode nestedSort(JsonNode v) {
        requireObject(v, "nested");
        enter();
        try {
            ObjectNode o = F.objectNode();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                switch (e.getKey()) {
                    case "path" -> {
                        listener.field(e.getValue().asText(), FieldUse.NESTED_PATH);
                        o.set("path", e.getValue().deepCopy());
                    }
                    case "filter" -> o.set("filter", query(e.getValue()));
                    case "nested" -> o.set("nested", nestedSort(e.getValue()));
                    case "max_children" -> o.set("max_children", e.getValue().deepCopy());
                    default -> o.set(e.getKey(), unknown("nested sort key [" + e.getKey() + "]", e.getValue()));
                }
            }
            return o;
        } finally {
            exit();
        }
    }

    /** HighlightBuilder: fields (object or array of one-key objects), highlight_query, per-field highlight_query. */
    JsonNode highlight(JsonNode v) {
        requireObject(v, "highlight");
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String key = e.getKey();
            JsonNode val = e.getValue();
            switch (key) {
                case "highlight_query" -> out.set(key, query(val));
                case "fields" -> {
                    if (val.isObject()) {
                        ObjectNode fs = F.objectNode();
                        for (Map.Entry<String, JsonNode> f : val.properties()) {
                            fs.set(f.getKey(), highlightField(f.getKey(), f.getValue()));
                        }
                        out.set(key, fs);
                    } else if (val.isArray()) {
                        ArrayNode fs = F.arrayNode();
                        for (JsonNode item : val) {
                            if (!item.isObject() || item.size() != 1) {
                                throw parsing("If highlighter fields is an array it must contain objects containing a"
                                        + " single field");
                            }
                            Map.Entry<String, JsonNode> f = item.properties().iterator().next();
                            fs.add(F.objectNode().set(f.getKey(), highlightField(f.getKey(), f.getValue())));
                        }
                        out.set(key, fs);
                    } else {
                        throw parsing("cannot parse array with name [fields]");
                    }
                }
                default -> out.set(key, scan(val));
            }
        }
        return out;
    }

    private JsonNode highlightField(String name, JsonNode opts) {
        listener.field(name, FieldUse.HIGHLIGHT);
        if (opts.isNull()) {
            return opts;
        }
        requireObject(opts, name);
        ObjectNode o = F.objectNode();
        for (Map.Entry<String, JsonNode> e : opts.properties()) {
            switch (e.getKey()) {
                case "highlight_query" -> o.set(e.getKey(), query(e.getValue()));
                case "matched_fields" -> {
                    stringOrArray(e.getValue(), "matched_fields").forEach(f -> listener.field(f, FieldUse.HIGHLIGHT));
                    o.set(e.getKey(), e.getValue().deepCopy());
                }
                default -> o.set(e.getKey(), scan(e.getValue()));
            }
        }
        return o;
    }

    /** RescorerBuilder: {window_size, query: {rescore_query, ...}} or an array of those. */
    private JsonNode rescore(JsonNode v) {
        if (v.isArray()) {
            ArrayNode out = F.arrayNode();
            for (JsonNode item : v) {
                out.add(rescoreOne(item));
            }
            return out;
        }
        return rescoreOne(v);
    }

    private JsonNode rescoreOne(JsonNode v) {
        requireObject(v, "rescore");
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            switch (e.getKey()) {
                case "window_size" -> out.set("window_size", e.getValue().deepCopy());
                case "query" -> {
                    requireObject(e.getValue(), "query");
                    ObjectNode q = F.objectNode();
                    for (Map.Entry<String, JsonNode> r : e.getValue().properties()) {
                        q.set(r.getKey(), r.getKey().equals("rescore_query") ? query(r.getValue())
                                : scalar(r.getValue(), r.getKey()));
                    }
                    out.set("query", q);
                }
                default -> out.set(e.getKey(), unknown("rescorer [" + e.getKey() + "]", e.getValue()));
            }
        }
        return out;
    }

    /** SuggestBuilder: a global {@code text}, then named suggestions holding one term/phrase/completion suggester. */
    private JsonNode suggest(JsonNode v) {
        requireObject(v, "suggest");
        listener.feature(Feature.SUGGEST, "suggest");
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (e.getKey().equals("text")) {
                out.set("text", e.getValue().deepCopy());
                continue;
            }
            requireObject(e.getValue(), e.getKey());
            ObjectNode s = F.objectNode();
            for (Map.Entry<String, JsonNode> p : e.getValue().properties()) {
                String key = p.getKey();
                JsonNode val = p.getValue();
                switch (key) {
                    case "text", "prefix", "regex" -> s.set(key, val.deepCopy());
                    case "term", "phrase", "completion" -> s.set(key, suggester(key, val));
                    default -> s.set(key, unknown("suggester [" + key + "]", val));
                }
            }
            out.set(e.getKey(), s);
        }
        return out;
    }

    private JsonNode suggester(String type, JsonNode v) {
        requireObject(v, type);
        ObjectNode o = F.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String key = e.getKey();
            JsonNode val = e.getValue();
            if (key.equals("field")) {
                listener.field(val.asText(), FieldUse.SUGGEST);
                o.set(key, val.deepCopy());
            } else if (key.equals("collate")) {
                // the collate query is a mustache template rendered by the backend: what it runs is not what we see
                o.set(key, unknown("phrase suggester collate", val));
            } else if (key.equals("direct_generator")) {
                for (JsonNode g : val) {
                    if (g.path("field").isTextual()) {
                        listener.field(g.get("field").asText(), FieldUse.SUGGEST);
                    }
                }
                o.set(key, scan(val));
            } else {
                o.set(key, scan(val));
            }
        }
        return o;
    }

    /** CollapseBuilder: field, inner_hits (object or array), max_concurrent_group_searches. */
    private JsonNode collapse(JsonNode v) {
        requireObject(v, "collapse");
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            switch (e.getKey()) {
                case "field" -> {
                    listener.field(e.getValue().asText(), FieldUse.COLLAPSE);
                    out.set("field", e.getValue().deepCopy());
                }
                case "inner_hits" -> out.set("inner_hits", innerHits(e.getValue()));
                case "max_concurrent_group_searches" -> out.set(e.getKey(), e.getValue().deepCopy());
                default -> out.set(e.getKey(), unknown("collapse key [" + e.getKey() + "]", e.getValue()));
            }
        }
        return out;
    }

    /** An {@code inner_hits} object (or, under collapse, an array of them). */
    JsonNode innerHits(JsonNode v) {
        if (v.isArray()) {
            ArrayNode out = F.arrayNode();
            for (JsonNode item : v) {
                out.add(innerHits(item));
            }
            return out;
        }
        requireObject(v, "inner_hits");
        enter();
        try {
            return searchLike((ObjectNode) v, INNER_HITS_KEYS, "inner_hits", Set.of());
        } finally {
            exit();
        }
    }

    // ---- shared helpers --------------------------------------------------------------------------------------

    /**
     * A part Keygate does not know: refused in strict mode; otherwise copied, scanned by shape ({@link #scan}).
     */
    JsonNode unknown(String construct, JsonNode v) {
        if (strict) {
            throw new UncheckedConstructException(construct);
        }
        listener.feature(Feature.UNCHECKED, construct);
        return scan(v);
    }

    /**
     * Copies a value Keygate does not interpret, looking for what would make the backend read a document: an object
     * with a string {@code index} and an {@code id} or {@code path}, or with {@code _index} and {@code _id}, is
     * reported as a lookup; {@code indexed_shape} without {@code index} reads {@code shapes}; a {@code wrapper} is
     * decoded and checked as a query. It may over-report, never under-report.
     */
    JsonNode scan(JsonNode v) {
        if (v.isArray()) {
            enter();
            try {
                ArrayNode out = F.arrayNode();
                for (JsonNode item : v) {
                    out.add(scan(item));
                }
                return out;
            } finally {
                exit();
            }
        }
        if (!v.isObject()) {
            return v.deepCopy();
        }
        enter();
        try {
            if (v.size() == 1 && v.has("wrapper")) {
                return query(v);
            }
            ObjectNode out = F.objectNode();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (e.getKey().equals("indexed_shape") && e.getValue().isObject()) {
                    JsonNode s = e.getValue();
                    listener.feature(Feature.LOOKUP, "indexed_shape");
                    listener.lookup(new Lookup(text(s, "index", "shapes"), text(s, "id", null), "unknown"));
                }
                out.set(e.getKey(), scan(e.getValue()));
            }
            String index = text(v, "index", null);
            if (index != null && (v.has("id") || v.has("path"))) {
                listener.feature(Feature.LOOKUP, "lookup");
                listener.lookup(new Lookup(index, text(v, "id", null), "unknown"));
            }
            String underscore = text(v, "_index", null);
            if (underscore != null && (v.has("_id") || v.has("doc"))) {
                listener.feature(Feature.LOOKUP, "lookup");
                listener.lookup(new Lookup(underscore, text(v, "_id", null), "unknown"));
            }
            return out;
        } finally {
            exit();
        }
    }

    /** A value that must be a scalar (number, string, boolean, null); the backend checks the rest. */
    JsonNode scalar(JsonNode v, String key) {
        if (v.isContainerNode()) {
            if (strict) {
                throw parsing("Unknown key for a " + token(v) + " in [" + key + "].");
            }
            return scan(v);
        }
        return v.deepCopy();
    }

    void enter() {
        if (++depth > MAX_DEPTH) {
            throw EsException.illegalArgument("the request body nests queries or aggregations deeper than ["
                    + MAX_DEPTH + "] levels");
        }
    }

    void exit() {
        depth--;
    }

    boolean enterWrapper() {
        return ++wrapperDepth <= MAX_WRAPPER_DEPTH;
    }

    void exitWrapper() {
        wrapperDepth--;
    }

    static ObjectNode asObject(JsonNode n) {
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw parsing("[_na] query malformed, must start with start_object");
    }

    static void requireObject(JsonNode v, String name) {
        if (!v.isObject()) {
            throw parsing("[" + name + "] expected [START_OBJECT] but found [" + token(v) + "]");
        }
    }

    /** A string or an array of strings, as the fetch options accept. */
    static List<String> stringOrArray(JsonNode v, String key) {
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (v.isArray()) {
            java.util.ArrayList<String> out = new java.util.ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    throw parsing("Unknown key for a " + token(item) + " in [" + key + "].");
                }
                out.add(item.asText());
            }
            return out;
        }
        throw parsing("Unknown key for a " + token(v) + " in [" + key + "].");
    }

    static String text(JsonNode o, String key, String dflt) {
        JsonNode v = o.get(key);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : dflt;
    }

    /** OpenSearch's name for the token that starts a value ({@code XContentParser.Token}). */
    static String token(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "END_OBJECT";
        }
        if (v.isObject()) {
            return "START_OBJECT";
        }
        if (v.isArray()) {
            return "START_ARRAY";
        }
        if (v.isTextual()) {
            return "VALUE_STRING";
        }
        if (v.isNumber()) {
            return "VALUE_NUMBER";
        }
        if (v.isBoolean()) {
            return "VALUE_BOOLEAN";
        }
        return v.isNull() ? "VALUE_NULL" : "VALUE_EMBEDDED_OBJECT";
    }

    static EsException parsing(String reason) {
        return EsException.badRequest("parsing_exception", reason);
    }
}
