package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.user.User;
import io.keygate.core.body.CanonicalJson;
import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.BodyKind;
import io.keygate.core.classify.Classification;
import io.keygate.core.classify.ExpandWildcards;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.classify.IndexExpressions;
import io.keygate.core.classify.IndexResolver;
import io.keygate.core.classify.MsearchHeaderClassifier;
import io.keygate.core.dlsfls.DlsFlsRewriter;
import io.keygate.core.dlsfls.FieldPermissions;
import io.keygate.core.dlsfls.IndexRestriction;
import io.keygate.core.error.EsException;
import io.keygate.core.query.BodyShape;
import io.keygate.core.query.SearchBodyChecker;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Document- and field-level security for reads: when the caller's role restricts documents or fields on an index a read
 * touches, the read is either rewritten so that the backend can only return what the role allows ({@code _search},
 * {@code _count}, {@code _msearch}: {@link DlsFlsRewriter}) or refused with a reason that names the feature. Never passed
 * on as sent. Writes are not restricted by DLS/FLS, as in Elasticsearch.
 */
final class RestrictedReads {
    /** URL parameters that query, sort or select fields outside the body the rewriter sees. */
    private static final Set<String> URL_QUERY_PARAMS = Set.of("q", "df", "analyzer", "analyze_wildcard", "default_operator",
            "lenient", "sort", "_source", "_source_includes", "_source_excludes", "stored_fields", "docvalue_fields",
            "suggest_field", "suggest_mode", "suggest_size", "suggest_text", "explain");

    private static final String OPEN_PIT = "indices:data/read/open_point_in_time";
    private static final String FIELD_CAPS = "indices:data/read/field_caps";
    /** What a multi-get document may say when it runs as a search. */
    private static final Set<String> MGET_DOC_FIELDS = Set.of("_index", "_id", "routing", "_source", "stored_fields");

    private final Clock clock;
    private final MsearchHeaderClassifier msearch;

    RestrictedReads(Clock clock) {
        this.clock = clock;
        this.msearch = new MsearchHeaderClassifier(clock);
    }

    /**
     * @param concrete the names the request's own action reads (wildcards resolved to the authorized ones), or null
     * @param bodyIndices indices named inside the body (mget docs, msearch headers, lookups)
     * @param content  the checked content (canonical), empty when none
     * @return the content to forward instead, or null when no restriction applies
     */
    byte[] apply(Subject subject, Role role, User user, Classification c, Authorizer.Params params, IndexCatalog names,
                 List<String> concrete, List<String> bodyIndices, ExpandWildcards expand, byte[] content) {
        String action = c.targets().isEmpty() ? null : c.targets().get(0).action();
        if (action == null || !isRead(action)) return null;
        if (c.body() == BodyKind.MSEARCH) return msearch(subject, role, user, c, params, names, expand, content);
        Map<String, IndexRestriction> restrictions = restrictions(role, ActionNames.SEARCH, names, concrete);
        boolean restricted = restrictions.values().stream().anyMatch(IndexRestriction::isRestricted);
        for (String i : bodyIndices) restricted |= role.indexRestriction(ActionNames.SEARCH, i).isRestricted();
        if (!restricted) return null;
        if (isGetDocument(c)) return null; // see getAsSearch
        if (action.equals(OPEN_PIT) || action.equals(FIELD_CAPS)) {
            // a point in time reads nothing when opened (each search over it is rewritten), a field list is narrowed in
            // the answer (fieldCaps); a filter on which documents count could tell hidden ones apart
            if (content.length > 0 && CanonicalJson.parse(content).has("index_filter")) {
                throw refused(subject, action, "[index_filter] is not supported for indices with document or field level security");
            }
            return null;
        }
        BodyShape shape = shape(c);
        if (shape == null) {
            throw refused(subject, action, "[" + c.method() + " " + c.route() + "] is not supported for indices with document or "
                    + "field level security; use [_search] with an [ids] query");
        }
        refuseUrlQueries(subject, action, params);
        if (shape == BodyShape.VALIDATE_QUERY) {
            // a rewritten or explained query lists terms from the index's dictionary, hidden documents' and fields' too
            for (String name : List.of("rewrite", "explain", "all_shards")) {
                if (params.last(name) != null && !"false".equals(params.last(name))) {
                    throw refused(subject, action, "the [" + name + "] parameter is not supported for indices with document or "
                            + "field level security");
                }
            }
        }
        return CanonicalJson.write(rewrite(role, user, shape, restrictions, content));
    }

    /**
     * {@code GET /{index}/_doc/{id}} (and {@code _source}) for a restricted principal, run as a search for that id with
     * the restriction applied: a document outside the role's query is "not found", hidden fields are absent, as
     * Elasticsearch answers. Null when nothing on the index is restricted (the get goes as it is).
     *
     * @return the search body; the server sends it to {@code /{index}/_search} and answers in the get's shape
     */
    byte[] getAsSearch(Subject subject, Role role, User user, Classification c, Authorizer.Params params, IndexCatalog names,
                       List<String> concrete, String id) {
        if (!isGetDocument(c)) return null;
        Map<String, IndexRestriction> restrictions = restrictions(role, ActionNames.GET, names, concrete);
        if (restrictions.values().stream().noneMatch(IndexRestriction::isRestricted)) return null;
        refuseUrlQueries(subject, ActionNames.GET, params);
        ObjectNode body = CanonicalJson.MAPPER.createObjectNode();
        body.putObject("query").putObject("ids").putArray("values").add(id);
        body.put("size", 1).put("version", true).put("seq_no_primary_term", true);
        return CanonicalJson.write(rewrite(role, user, BodyShape.SEARCH, restrictions, CanonicalJson.write(body)));
    }

    /**
     * {@code _mget} for a restricted principal, run as one {@code _msearch} with an {@code ids} search per document (each
     * rewritten for its index's restriction): a document outside the role's query is "not found", hidden fields are
     * absent, as Elasticsearch answers. Null when no document's index is restricted (the multi-get goes as it is).
     *
     * @param content the checked body holding the documents left to fetch (forbidden ones already answered on their own)
     */
    MgetSearches mgetAsSearches(Subject subject, Role role, User user, Classification c, Authorizer.Params params,
                                IndexCatalog names, byte[] content) {
        if (c.body() != BodyKind.MGET || c.targets().isEmpty() || !c.targets().get(0).action().equals(ActionNames.MGET)) return null;
        List<JsonNode> docs = mgetDocs(c, params, content);
        Map<String, Map<String, IndexRestriction>> byIndex = new LinkedHashMap<>();
        boolean restricted = false;
        for (JsonNode doc : docs) {
            String index = doc.path("_index").asText();
            Map<String, IndexRestriction> r = byIndex.computeIfAbsent(index, i -> restrictions(role, ActionNames.GET, names, List.of(i)));
            restricted |= r.values().stream().anyMatch(IndexRestriction::isRestricted);
        }
        if (!restricted) return null;
        refuseUrlQueries(subject, ActionNames.MGET, params);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<GetAnswers.DocRef> refs = new ArrayList<>();
        for (JsonNode doc : docs) {
            String index = doc.path("_index").asText();
            String id = doc.path("_id").asText();
            ObjectNode header = CanonicalJson.MAPPER.createObjectNode().put("index", index);
            String routing = doc.has("routing") ? doc.path("routing").asText() : params.last("routing");
            if (routing != null) header.put("routing", routing);
            if (params.last("preference") != null) header.put("preference", params.last("preference"));
            ObjectNode search = CanonicalJson.MAPPER.createObjectNode();
            search.putObject("query").putObject("ids").putArray("values").add(id);
            search.put("size", 1).put("version", true).put("seq_no_primary_term", true);
            if (doc.has("_source")) search.set("_source", doc.get("_source"));
            if (doc.has("stored_fields")) search.set("stored_fields", doc.get("stored_fields"));
            out.writeBytes(CanonicalJson.write(header));
            out.write('\n');
            out.writeBytes(CanonicalJson.write(rewrite(role, user, BodyShape.SEARCH, byIndex.get(index), CanonicalJson.write(search))));
            out.write('\n');
            refs.add(new GetAnswers.DocRef(index, id));
        }
        return new MgetSearches(out.toByteArray(), refs);
    }

    /** The searches a restricted multi-get runs (NDJSON) and the documents they answer for, in order. */
    record MgetSearches(byte[] ndjson, List<GetAnswers.DocRef> docs) {}

    /** Each document as {@code {"_index","_id",…}}, the index defaulted from the path; fields a search cannot honour refused. */
    private static List<JsonNode> mgetDocs(Classification c, Authorizer.Params params, byte[] content) {
        JsonNode body = content.length == 0 ? CanonicalJson.MAPPER.createObjectNode() : CanonicalJson.parse(content);
        List<JsonNode> out = new ArrayList<>();
        String ids = params.last("ids");
        if (ids != null && content.length > 0) {
            throw EsException.illegalArgument("the [ids] parameter and a request body cannot be combined for indices with "
                    + "document or field level security");
        }
        if (ids != null) {
            for (String id : ids.split(",")) out.add(CanonicalJson.MAPPER.createObjectNode().put("_index", c.defaultIndex()).put("_id", id));
        }
        for (JsonNode id : body.path("ids")) {
            out.add(CanonicalJson.MAPPER.createObjectNode().put("_index", c.defaultIndex()).put("_id", id.asText()));
        }
        for (JsonNode doc : body.path("docs")) {
            ObjectNode d = ((ObjectNode) doc).deepCopy();
            if (!d.has("_index")) d.put("_index", c.defaultIndex());
            d.fieldNames().forEachRemaining(field -> {
                if (!MGET_DOC_FIELDS.contains(field)) {
                    throw EsException.illegalArgument("[" + field + "] in a multi-get document is not supported for indices with "
                            + "document or field level security");
                }
            });
            out.add(d);
        }
        return out;
    }

    /**
     * {@code _field_caps} for a principal with field-level security on an index it reaches: the answer lists only
     * fields every restricted index grants (a field visible on one index but hidden on another is left out: Keygate
     * filters one merged answer, where Elasticsearch filters per index). Null when no field restriction applies.
     */
    Reshape fieldCaps(Role role, Classification c, IndexCatalog names, List<String> concrete) {
        if (c.targets().isEmpty() || !c.targets().get(0).action().equals(FIELD_CAPS)) return null;
        FieldPermissions visible = FieldPermissions.ALL;
        for (IndexRestriction r : restrictions(role, FIELD_CAPS, names, concrete).values()) visible = visible.intersect(r.fields());
        if (visible.isAll()) return null;
        FieldPermissions fields = visible;
        return new Reshape(null, bytes -> {
            ObjectNode answer = (ObjectNode) CanonicalJson.parse(bytes);
            if (answer.path("fields") instanceof ObjectNode listed) {
                List<String> hidden = new ArrayList<>();
                listed.fieldNames().forEachRemaining(name -> {
                    if (!fields.visible(name) && !isParentOfVisible(fields, name, listed)) hidden.add(name);
                });
                listed.remove(hidden);
            }
            return Reshape.Reply.of(CanonicalJson.write(answer));
        });
    }

    /** An object field is listed when a field under it is visible, as a mapping shows the path to a granted field. */
    private static boolean isParentOfVisible(FieldPermissions fields, String name, ObjectNode listed) {
        String prefix = name + ".";
        var names = listed.fieldNames();
        while (names.hasNext()) {
            String other = names.next();
            if (other.startsWith(prefix) && fields.visible(other)) return true;
        }
        return false;
    }

    static boolean isGetDocument(Classification c) {
        return c.route() != null && (c.route().equals("/{index}/_doc/{id}") || c.route().equals("/{index}/_source/{id}"))
                && ("GET".equals(c.method()) || "HEAD".equals(c.method()));
    }

    private byte[] msearch(Subject subject, Role role, User user, Classification c, Authorizer.Params params, IndexCatalog names,
                           ExpandWildcards urlExpand, byte[] content) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 64);
        boolean anyRestricted = false;
        for (int i = 0; i + 1 < lines.length; i += 2) {
            byte[] header = lines[i].getBytes(StandardCharsets.UTF_8);
            MsearchHeaderClassifier.MsearchHeader h = msearch.classify(header, 0, header.length);
            ExpandWildcards expand = h.expandWildcards() == null ? urlExpand : ExpandWildcards.parse(h.expandWildcards(), ExpandWildcards.OPEN);
            IndexExpressions indices = h.effectiveIndices(c.urlIndices());
            List<String> concrete = IndexResolver.resolve(indices, names, expand,
                    n -> !RestrictedIndices.isKeygateInternal(n) && role.allowedIndicesMatcher(ActionNames.SEARCH).test(n)).concreteNames();
            Map<String, IndexRestriction> restrictions = restrictions(role, ActionNames.SEARCH, names, concrete);
            byte[] body = lines[i + 1].getBytes(StandardCharsets.UTF_8);
            if (restrictions.values().stream().anyMatch(IndexRestriction::isRestricted)) {
                anyRestricted = true;
                body = CanonicalJson.write(rewrite(role, user, BodyShape.SEARCH, restrictions, body));
            }
            out.writeBytes(header);
            out.write('\n');
            out.writeBytes(body);
            out.write('\n');
        }
        if (!anyRestricted) return null;
        refuseUrlQueries(subject, ActionNames.SEARCH, params);
        return out.toByteArray();
    }

    private static ObjectNode rewrite(Role role, User user, BodyShape shape, Map<String, IndexRestriction> restrictions, byte[] content) {
        JsonNode parsed = content.length == 0 ? CanonicalJson.MAPPER.createObjectNode() : CanonicalJson.parse(content);
        return DlsFlsRewriter.rewrite(SearchBodyChecker.check((ObjectNode) parsed, shape, true), shape, restrictions, user,
                name -> role.indexRestriction(ActionNames.GET, name));
    }

    /**
     * The restriction of every concrete index the names reach. An alias or data stream reaches its members; a member
     * the role does not grant directly takes the restriction of the name it is reached through, and one granted both
     * ways the intersection of the two (never more than either grant allows).
     */
    static Map<String, IndexRestriction> restrictions(Role role, String action, IndexCatalog names, List<String> concrete) {
        Map<String, IndexRestriction> out = new LinkedHashMap<>();
        if (concrete == null) return out;
        for (String name : concrete) {
            IndexCatalog.Entry e = names.get(name);
            boolean group = e != null && e.kind() != IndexCatalog.Kind.INDEX;
            List<String> members = group ? e.members() : List.of(name);
            IndexRestriction viaName = role.indexRestriction(action, name);
            for (String m : members) {
                IndexRestriction r;
                if (!group) r = viaName;
                else if (!role.grantsIndex(action, m)) r = viaName;
                else r = role.indexRestriction(action, m).intersect(viaName);
                out.merge(m, r, IndexRestriction::intersect);
            }
        }
        return out;
    }

    private static boolean isRead(String action) {
        return action.startsWith("indices:data/read/") || action.equals("indices:admin/validate/query")
                || action.equals("indices:data/write/update") || action.startsWith("indices:data/write/update/")
                || action.startsWith("indices:data/write/delete/byquery");
    }

    /** The rewriter's shape for the reads it can make safe; null for the others. */
    private static BodyShape shape(Classification c) {
        if (c.body() != BodyKind.SEARCH || c.route() == null) return null;
        if (c.route().endsWith("/_search")) return BodyShape.SEARCH;
        if (c.route().endsWith("/_count")) return BodyShape.COUNT;
        if (c.route().endsWith("/_delete_by_query")) return BodyShape.DELETE_BY_QUERY;
        if (c.route().endsWith("/_update_by_query")) return BodyShape.UPDATE_BY_QUERY;
        if (c.route().endsWith("/_validate/query")) return BodyShape.VALIDATE_QUERY;
        return null;
    }

    private static void refuseUrlQueries(Subject subject, String action, Authorizer.Params params) {
        for (String name : params.names()) {
            if (URL_QUERY_PARAMS.contains(name)) {
                throw refused(subject, action, "the [" + name + "] parameter is not supported for indices with document or field "
                        + "level security; put it in the request body");
            }
        }
    }

    private static EsException refused(Subject subject, String action, String why) {
        return EsException.forbidden("action [" + action + "] is unauthorized for " + DenialMessages.describe(subject) + ": " + why);
    }
}
