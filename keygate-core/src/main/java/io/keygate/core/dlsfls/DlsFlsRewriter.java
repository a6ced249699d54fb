package io.keygate.core.dlsfls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.user.User;
import io.keygate.core.error.EsException;
import io.keygate.core.query.BodyShape;
import io.keygate.core.query.CheckedBody;
import io.keygate.core.query.DslListener;
import io.keygate.core.query.DslWalker;
import io.keygate.core.query.Lookup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Rewrites a checked read request for a principal with document- or field-level security, or refuses it (403 naming
 * the feature) when Keygate cannot make it safe. Elasticsearch filters inside Lucene; Keygate filters by rewriting
 * what the backend runs:
 * <ul>
 *   <li>DLS: the query becomes {@code bool{must: original, filter: visible}}, where {@code visible} is, per target index
 *   scoped with {@code terms _index}, the role queries (union across grants; an API key's and its owner's both);
 *   indices without DLS stay unfiltered.</li>
 *   <li>FLS: a query on a field that is not visible in an index matches nothing there (it is scoped to the indices
 *   where it is visible, or becomes {@code match_none}); {@code multi_match}, {@code query_string},
 *   {@code simple_query_string}, {@code more_like_this} get their field lists (default {@code *}) narrowed to the grant;
 *   {@code _source}, {@code fields}, {@code docvalue_fields}, {@code stored_fields} and highlighted fields are narrowed
 *   (in the body, {@code top_hits} and {@code inner_hits}); sorting, aggregating, collapsing or slicing on a field that
 *   is not visible in every target index is refused.</li>
 *   <li>Refused for a restricted principal: scripts (queries, aggregations, sorts, script/derived fields), global and
 *   significant_* aggregations, {@code min_doc_count: 0} terms, join queries and aggregations, profile, suggest,
 *   lookups (terms lookup, indexed shapes, more_like_this documents, percolate by id, pinned docs) into an index with a
 *   restriction (or, without {@code _index}, the searched ones), query_string text that names fields, and
 *   delete/update by query.</li>
 * </ul>
 */
public final class DlsFlsRewriter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> FIELD_LIST_QUERIES = Set.of("multi_match", "query_string",
            "simple_query_string", "more_like_this");

    private final Map<String, IndexRestriction> targets;
    private final Function<String, IndexRestriction> lookupRestriction;
    private final boolean restricted;
    private final Map<FieldPermissions, List<String>> byFields = new LinkedHashMap<>();
    private final FieldPermissions common;

    private DlsFlsRewriter(Map<String, IndexRestriction> targets, Function<String, IndexRestriction> lookups) {
        this.targets = targets;
        this.lookupRestriction = lookups;
        this.restricted = targets.values().stream().anyMatch(IndexRestriction::isRestricted);
        FieldPermissions c = FieldPermissions.ALL;
        for (Map.Entry<String, IndexRestriction> e : targets.entrySet()) {
            byFields.computeIfAbsent(e.getValue().fields(), k -> new ArrayList<>()).add(e.getKey());
            c = c.intersect(e.getValue().fields());
        }
        this.common = c;
    }

    /**
     * The body to forward.
     *
     * @param checked           the output of {@code SearchBodyChecker.check(body, shape, true)}
     * @param shape             SEARCH, COUNT, EXPLAIN, VALIDATE_QUERY, QUERY (a bare query: filtered as a search's
     *                          query), FIELD_CAPS (returned as is: the server filters the answer); the by-query shapes
     *                          are refused when any target is restricted
     * @param targets           every concrete index the request reads → its restriction for the read action
     * @param user              the user the role query templates are rendered for (an API key's owner)
     * @param lookupRestriction the restriction of an index a lookup names (the server resolves aliases and patterns)
     */
    public static ObjectNode rewrite(CheckedBody checked, BodyShape shape, Map<String, IndexRestriction> targets,
                                     User user, Function<String, IndexRestriction> lookupRestriction) {
        DlsFlsRewriter r = new DlsFlsRewriter(targets, lookupRestriction);
        for (Lookup l : checked.lookups()) {
            r.checkLookup(l);
        }
        if (!r.restricted) {
            return checked.body();
        }
        switch (shape) {
            case DELETE_BY_QUERY, UPDATE_BY_QUERY -> throw refused(shape == BodyShape.DELETE_BY_QUERY
                    ? "delete_by_query" : "update_by_query", "writes through a query");
            case FIELD_CAPS -> {
                return checked.body();
            }
            default -> { }
        }
        ObjectNode body = new DslWalker(true, r.new Listener()).body(checked.body(), shape);
        if (shape == BodyShape.QUERY) {
            return r.withDocumentFilter(body, user);
        }
        ObjectNode out = body;
        JsonNode q = out.get("query");
        ObjectNode filtered = r.withDocumentFilter(q == null ? null : (ObjectNode) q, user);
        // keep "query" first for readability of what is forwarded
        ObjectNode ordered = F.objectNode();
        ordered.set("query", filtered);
        out.properties().forEach(e -> {
            if (!e.getKey().equals("query")) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        return ordered;
    }

    /** The reason a restricted principal cannot send a construct. */
    static EsException refused(String feature, String why) {
        return EsException.forbidden("[" + feature + "] is not allowed with document or field level security ("
                + why + ")");
    }

    private void checkLookup(Lookup l) {
        if (l.index() == null) {
            if (restricted) {
                throw refused(l.kind() + " lookup", "it reads documents of the searched indices, which are restricted");
            }
            return;
        }
        IndexRestriction r = targets.get(l.index());
        if (r == null) {
            r = lookupRestriction.apply(l.index());
        }
        if (r != null && r.isRestricted()) {
            throw refused(l.kind() + " lookup", "index [" + l.index() + "] has document or field level security");
        }
    }

    // ---- DLS -------------------------------------------------------------------------------------------------

    private ObjectNode withDocumentFilter(ObjectNode query, User user) {
        Map<DocumentPermissions, List<String>> byDocs = new LinkedHashMap<>();
        List<String> open = new ArrayList<>();
        targets.forEach((index, r) -> {
            if (r.documents().isRestricted()) {
                byDocs.computeIfAbsent(r.documents(), k -> new ArrayList<>()).add(index);
            } else {
                open.add(index);
            }
        });
        if (byDocs.isEmpty()) {
            return query;
        }
        ObjectNode visible;
        if (byDocs.size() == 1 && open.isEmpty()) {
            visible = byDocs.keySet().iterator().next().filter(user);
        } else {
            ArrayNode should = F.arrayNode();
            byDocs.forEach((docs, indices) -> should.add(scoped(docs.filter(user), indices)));
            if (!open.isEmpty()) {
                should.add(indexTerms(open));
            }
            visible = F.objectNode();
            visible.putObject("bool").put("minimum_should_match", 1).set("should", should);
        }
        ObjectNode out = F.objectNode();
        ObjectNode bool = out.putObject("bool");
        bool.putArray("must").add(query == null ? matchAll() : query);
        bool.putArray("filter").add(visible);
        return out;
    }

    // ---- FLS -------------------------------------------------------------------------------------------------

    private final class Listener implements DslListener {
        private final List<String> pendingQueryFields = new ArrayList<>();

        @Override
        public void feature(Feature feature, String detail) {
            switch (feature) {
                case SCRIPT -> throw refused(detail, "scripts can read values of hidden documents and fields");
                case GLOBAL_AGGREGATION -> throw refused("global aggregation", "it ignores the document filter");
                case SIGNIFICANT_AGGREGATION -> throw refused(detail, "its background set is the whole index");
                case MIN_DOC_COUNT_ZERO -> throw refused(detail + " with min_doc_count 0",
                        "it lists terms of documents that are not visible");
                case JOIN_QUERY, JOIN_AGGREGATION -> throw refused(detail, "it reads related documents unfiltered");
                case PROFILE -> throw refused("profile", "A search request cannot be profiled if document level "
                        + "security is enabled");
                case SUGGEST -> throw refused("suggest", "Suggest isn't supported if document level security is "
                        + "enabled");
                case DERIVED_FIELDS, UNCHECKED -> throw refused(detail, "Keygate cannot check it");
                default -> { }
            }
        }

        @Override
        public void field(String field, FieldUse use) {
            switch (use) {
                case QUERY -> pendingQueryFields.add(field);
                case SORT, AGGREGATION, COLLAPSE, SLICE, SUGGEST -> {
                    if (!common.covers(field)) {
                        throw refused(use.name().toLowerCase(java.util.Locale.ROOT) + " on field [" + field + "]",
                                "the field is not visible in every searched index");
                    }
                }
                default -> { } // fetch, _source, highlight: narrowed in fetchSection; nested paths name no value
            }
        }

        @Override
        public JsonNode query(String type, ObjectNode query, List<String> fields) {
            for (String f : pendingQueryFields) {
                if (!fields.contains(f) && !common.covers(f)) {
                    throw refused(type + " on field [" + f + "]", "the field is not visible in every searched index");
                }
            }
            pendingQueryFields.clear();
            if (common.isAll()) {
                return query;
            }
            if (FIELD_LIST_QUERIES.contains(type)) {
                return fieldListQuery(type, query);
            }
            if (fields.isEmpty()) {
                return query;
            }
            List<String> visibleIn = new ArrayList<>();
            byFields.forEach((fls, indices) -> {
                if (fields.stream().allMatch(fls::covers)) {
                    visibleIn.addAll(indices);
                }
            });
            if (visibleIn.size() == targets.size()) {
                return query;
            }
            return visibleIn.isEmpty() ? matchNone() : scoped(query, visibleIn);
        }

        @Override
        public void fetchSection(ObjectNode section, String where) {
            if (common.isAll()) {
                return;
            }
            narrowSource(section);
            for (String key : List.of("fields", "docvalue_fields")) {
                if (section.get(key) instanceof ArrayNode list) {
                    section.set(key, narrowFieldList(list));
                }
            }
            JsonNode stored = section.get("stored_fields");
            if (stored != null) {
                ArrayNode out = F.arrayNode();
                for (String f : stored.isArray() ? textList(stored) : List.of(stored.asText())) {
                    if (f.equals("_none_")) {
                        out.add(f);
                    } else {
                        common.narrow(f).forEach(out::add);
                    }
                }
                section.set("stored_fields", out);
            }
            if (section.get("highlight") instanceof ObjectNode h) {
                narrowHighlight(section, h);
            }
        }
    }

    /** A field-list query per group of indices with the same field grant: narrowed, scoped where they differ. */
    private JsonNode fieldListQuery(String type, ObjectNode query) {
        ObjectNode inner = (ObjectNode) query.get(type);
        if (type.equals("query_string") && inner.path("query").asText().indexOf(':') >= 0) {
            throw refused("query_string naming fields", "its query text may name fields that are not visible");
        }
        List<String> requested = new ArrayList<>();
        if (inner.has("fields")) {
            requested.addAll(textList(inner.get("fields")));
        } else if (inner.path("default_field").isTextual()) {
            requested.add(inner.get("default_field").asText());
        } else {
            requested.add("*"); // index.query.default_field
        }
        Map<String, List<String>> indicesByVariant = new LinkedHashMap<>();
        Map<String, ObjectNode> variants = new LinkedHashMap<>();
        byFields.forEach((fls, indices) -> {
            ArrayNode narrowed = F.arrayNode();
            for (String f : requested) {
                int caret = f.lastIndexOf('^');
                String name = caret > 0 ? f.substring(0, caret) : f;
                String boost = caret > 0 ? f.substring(caret) : "";
                fls.narrow(name).forEach(n -> narrowed.add(n + boost));
            }
            if (narrowed.isEmpty()) {
                return; // nothing visible: matches nothing in these indices
            }
            ObjectNode v = inner.deepCopy();
            v.remove("default_field");
            v.set("fields", narrowed);
            ObjectNode q = F.objectNode();
            q.set(type, v);
            String key = q.toString();
            variants.put(key, q);
            indicesByVariant.computeIfAbsent(key, k -> new ArrayList<>()).addAll(indices);
        });
        if (variants.isEmpty()) {
            return matchNone();
        }
        if (variants.size() == 1 && indicesByVariant.values().iterator().next().size() == targets.size()) {
            return variants.values().iterator().next();
        }
        ArrayNode should = F.arrayNode();
        variants.forEach((key, q) -> should.add(scoped(q, indicesByVariant.get(key))));
        ObjectNode out = F.objectNode();
        out.putObject("bool").put("minimum_should_match", 1).set("should", should);
        return out;
    }

    /** {@code _source}: the user's includes narrowed (default: the grant), the grant's excepts added to excludes. */
    private void narrowSource(ObjectNode section) {
        JsonNode src = section.get("_source");
        List<String> includes = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        if (src != null) {
            if (src.isBoolean() && !src.asBoolean()) {
                return;
            }
            if (src.isTextual() || src.isArray()) {
                includes.addAll(textList(src));
            } else if (src.isObject()) {
                for (String k : List.of("includes", "include")) {
                    if (src.has(k)) {
                        includes.addAll(textList(src.get(k)));
                    }
                }
                for (String k : List.of("excludes", "exclude")) {
                    if (src.has(k)) {
                        excludes.addAll(textList(src.get(k)));
                    }
                }
            }
        }
        List<String> narrowed = new ArrayList<>();
        if (includes.isEmpty()) {
            narrowed.addAll(common.includes());
        } else {
            includes.forEach(p -> narrowed.addAll(common.narrow(p)));
        }
        if (narrowed.isEmpty()) {
            section.put("_source", false); // empty includes would mean "everything"
            return;
        }
        excludes.addAll(common.excludes());
        ObjectNode out = F.objectNode();
        ArrayNode inc = out.putArray("includes");
        narrowed.forEach(inc::add);
        ArrayNode exc = out.putArray("excludes");
        excludes.forEach(exc::add);
        section.set("_source", out);
    }

    private ArrayNode narrowFieldList(ArrayNode list) {
        ArrayNode out = F.arrayNode();
        for (JsonNode item : list) {
            String field = item.isTextual() ? item.asText() : item.path("field").asText();
            for (String n : common.narrow(field)) {
                if (item.isTextual()) {
                    out.add(n);
                } else {
                    out.add(((ObjectNode) item.deepCopy()).put("field", n));
                }
            }
        }
        return out;
    }

    private void narrowHighlight(ObjectNode section, ObjectNode h) {
        JsonNode fields = h.get("fields");
        if (fields instanceof ObjectNode fo) {
            ObjectNode out = F.objectNode();
            fo.properties().forEach(e -> common.narrow(e.getKey())
                    .forEach(n -> out.set(n, narrowMatched(e.getValue()))));
            if (out.isEmpty()) {
                section.remove("highlight");
            } else {
                h.set("fields", out);
            }
        } else if (fields instanceof ArrayNode fa) {
            ArrayNode out = F.arrayNode();
            for (JsonNode item : fa) {
                item.properties().forEach(e -> common.narrow(e.getKey())
                        .forEach(n -> out.add(F.objectNode().set(n, narrowMatched(e.getValue())))));
            }
            if (out.isEmpty()) {
                section.remove("highlight");
            } else {
                h.set("fields", out);
            }
        }
    }

    private JsonNode narrowMatched(JsonNode opts) {
        if (opts instanceof ObjectNode o && o.get("matched_fields") != null) {
            ObjectNode copy = o.deepCopy();
            ArrayNode m = F.arrayNode();
            textList(o.get("matched_fields")).stream().filter(common::covers).forEach(m::add);
            copy.set("matched_fields", m);
            return copy;
        }
        return opts;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static List<String> textList(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(n -> out.add(n.asText()));
        } else if (!v.isNull()) {
            out.add(v.asText());
        }
        return out;
    }

    /** {@code query} only in the named indices: {@code bool{must: query, filter: terms _index}} (scores kept). */
    private static ObjectNode scoped(ObjectNode query, List<String> indices) {
        ObjectNode out = F.objectNode();
        ObjectNode bool = out.putObject("bool");
        bool.putArray("must").add(query);
        bool.putArray("filter").add(indexTerms(indices));
        return out;
    }

    private static ObjectNode indexTerms(List<String> indices) {
        ObjectNode t = F.objectNode();
        ArrayNode names = t.putObject("terms").putArray("_index");
        indices.forEach(names::add);
        return t;
    }

    private static ObjectNode matchAll() {
        ObjectNode q = F.objectNode();
        q.putObject("match_all");
        return q;
    }

    private static ObjectNode matchNone() {
        ObjectNode q = F.objectNode();
        q.putObject("match_none");
        return q;
    }
}
