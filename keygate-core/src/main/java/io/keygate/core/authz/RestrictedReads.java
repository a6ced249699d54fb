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
import io.keygate.core.dlsfls.IndexRestriction;
import io.keygate.core.error.EsException;
import io.keygate.core.query.BodyShape;
import io.keygate.core.query.SearchBodyChecker;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
        BodyShape shape = shape(c);
        if (shape == null) {
            throw refused(subject, action, "[" + c.method() + " " + c.route() + "] is not supported for indices with document or "
                    + "field level security; use [_search] with an [ids] query");
        }
        refuseUrlQueries(subject, action, params);
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
