package io.keygate.core.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.ActionTarget;
import io.keygate.core.classify.AliasesBodyClassifier;
import io.keygate.core.classify.BodyKind;
import io.keygate.core.classify.Classification;
import io.keygate.core.classify.ExpandWildcards;
import io.keygate.core.classify.IndexExpressions;
import io.keygate.core.classify.InterceptedTargets;
import io.keygate.core.classify.MgetBodyClassifier;
import io.keygate.core.classify.MsearchHeaderClassifier;
import io.keygate.core.classify.ReindexBodyClassifier;
import io.keygate.core.error.EsException;
import io.keygate.core.query.BodyShape;
import io.keygate.core.query.CheckedBody;
import io.keygate.core.query.Lookup;
import io.keygate.core.query.SearchBodyChecker;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a decoded request content the way the backend will, per {@link BodyKind}: parses it strictly, finds every
 * index it names (targets, lookups), refuses what Keygate cannot check, and produces the canonical bytes that are
 * forwarded. What the targets are checked on and what the backend executes are the same bytes by construction.
 */
public final class BodyChecks {

    /**
     * An index named inside a body, to authorize like a path target.
     *
     * @param singleName a lookup takes one concrete name: a wildcard there is refused outright
     * @param item       the position of the {@code _mget} doc or {@code _msearch} search it belongs to (denied alone,
     *                   as Elasticsearch answers a forbidden item with its own error), or -1 for the whole request
     */
    public record Target(ActionTarget target, ExpandWildcards expand, boolean singleName, int item) {
        public Target(ActionTarget target, ExpandWildcards expand, boolean singleName) {
            this(target, expand, singleName, -1);
        }

        Target item(int position) {
            return new Target(target, expand, singleName, position);
        }
    }

    /**
     * @param bytes   the canonical content to forward
     * @param targets every index the body names
     * @param creates names the request may create (a reindex's destination): they need {@code auto_create} when new
     */
    public record Checked(byte[] bytes, List<Target> targets, List<String> creates) {}

    private final Clock clock;
    private final MgetBodyClassifier mget;
    private final MsearchHeaderClassifier msearch;
    private final ReindexBodyClassifier reindex;
    private final AliasesBodyClassifier aliases;

    public BodyChecks(Clock clock) {
        this.clock = clock;
        this.mget = new MgetBodyClassifier(clock);
        this.msearch = new MsearchHeaderClassifier(clock);
        this.reindex = new ReindexBodyClassifier(clock);
        this.aliases = new AliasesBodyClassifier(clock);
    }

    /**
     * @param superuser superusers may send what Keygate cannot fully check (search templates), never what reaches
     *                  Keygate's own index
     * @param urlExpand the request's {@code expand_wildcards}
     */
    public Checked check(Classification c, RequestContent content, boolean superuser, ExpandWildcards urlExpand) {
        List<Target> targets = new ArrayList<>();
        List<String> creates = new ArrayList<>();
        byte[] out;
        switch (c.body()) {
            case MSEARCH -> out = msearch(c, content, urlExpand, targets, superuser);
            case TEMPLATE -> {
                out = content.format() == BodyFormat.NDJSON || isMulti(c) ? ndjson(content.bytes(), null) : json(content);
                if (new String(out, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("keygate")) {
                    throw EsException.forbidden("a search template may not name Keygate's own index");
                }
            }
            default -> {
                JsonNode body = CanonicalJson.parse(content.bytes());
                if (!body.isObject()) {
                    throw EsException.badRequest("parsing_exception", "request body must be an object, found [" + body.getNodeType() + "]");
                }
                body = checkObject(c, (ObjectNode) body, urlExpand, targets, creates, !superuser);
                out = CanonicalJson.write(body);
            }
        }
        return new Checked(out, targets, creates);
    }

    private JsonNode checkObject(Classification c, ObjectNode body, ExpandWildcards urlExpand, List<Target> targets, List<String> creates,
                                 boolean strict) {
        switch (c.body()) {
            case SEARCH -> {
                if (c.route().endsWith("/_pit")) return queryAt(body, "index_filter", targets, strict);
                return dsl(body, shape(c.route()), targets, strict);
            }
            case INTERCEPTED -> {
                // the names the request creates (aliases, a rollover's or resize's new index), and every alias filter
                InterceptedTargets.of(c, CanonicalJson.write(body), clock).forEach(t -> targets.add(new Target(t, urlExpand, false)));
                queryAt(body, "filter", targets, strict);
                if (body.path("aliases") instanceof ObjectNode aliasesNode) {
                    aliasesNode.fields().forEachRemaining(a -> {
                        if (a.getValue() instanceof ObjectNode alias) queryAt(alias, "filter", targets, strict);
                    });
                }
                return body;
            }
            case CONTEXT -> {
                return body;
            }
            case OPAQUE -> lookups(body, targets);
            case TERMVECTORS -> {
                if (body.has("_index")) {
                    throw EsException.illegalArgument("[_index] in a term vectors body is not supported by Keygate: "
                            + "name the index in the path");
                }
            }
            case MGET -> {
                String action = c.targets().stream().anyMatch(t -> t.action().equals(ActionNames.MTV))
                        ? ActionNames.MTV_SHARD : ActionNames.MGET_SHARD;
                List<MgetBodyClassifier.MgetItem> items = mget.classify(CanonicalJson.write(body), c.defaultIndex());
                for (int i = 0; i < items.size(); i++) {
                    targets.add(new Target(new ActionTarget(action, IndexExpressions.parse(items.get(i).index(), clock)), urlExpand,
                            false, i));
                }
            }
            case REINDEX -> {
                ReindexBodyClassifier.ReindexSpec spec = reindex.classify(CanonicalJson.write(body));
                if (spec.remoteSource()) throw EsException.illegalArgument("reindex from a remote cluster is not supported by Keygate");
                if (spec.script()) {
                    throw EsException.illegalArgument("[script] is not supported in a _reindex request by Keygate: a script may "
                            + "change [ctx._index] and write documents to an index that was not authorized");
                }
                spec.targets().forEach(t -> targets.add(new Target(t, urlExpand, false)));
                creates.add(spec.destIndex());
                if (body.path("source") instanceof ObjectNode source) queryAt(source, "query", targets, strict);
            }
            case ALIASES -> {
                for (AliasesBodyClassifier.AliasAction a : aliases.classify(CanonicalJson.write(body))) {
                    if (a.type() == AliasesBodyClassifier.Type.REMOVE_INDEX && (a.indices().hasWildcard() || a.indices().isAll())) {
                        // action.destructive_requires_name, as for DELETE /{index}
                        throw EsException.illegalArgument("Wildcard expressions or all indices are not allowed");
                    }
                    // alias actions expand wildcards to open and closed indices
                    a.targets().forEach(t -> targets.add(new Target(t, new ExpandWildcards(true, true, false), false)));
                }
                for (JsonNode action : body.path("actions")) {
                    if (action.path("add") instanceof ObjectNode add) queryAt(add, "filter", targets, strict);
                }
            }
            default -> throw new IllegalStateException("no body check for " + c.body());
        }
        return body;
    }

    /** Header and body lines paired as the backend's MultiSearchRequest pairs them, each line canonical. */
    private byte[] msearch(Classification c, RequestContent content, ExpandWildcards urlExpand, List<Target> targets, boolean superuser) {
        IndexExpressions url = c.urlIndices();
        int[] pair = {0};
        return ndjson(content.bytes(), (header, body) -> {
            int from = targets.size();
            MsearchHeaderClassifier.MsearchHeader h = msearch.classify(header, 0, header.length);
            ExpandWildcards expand = h.expandWildcards() == null ? urlExpand : ExpandWildcards.parse(h.expandWildcards(), ExpandWildcards.OPEN);
            targets.add(new Target(new ActionTarget(ActionNames.SEARCH, h.effectiveIndices(url)), expand, false));
            JsonNode parsed = CanonicalJson.parse(body);
            byte[] out = CanonicalJson.write(dsl((ObjectNode) parsed, BodyShape.SEARCH, targets, !superuser));
            for (int i = from; i < targets.size(); i++) targets.set(i, targets.get(i).item(pair[0])); // its lookups too
            pair[0]++;
            return out;
        });
    }

    /**
     * The checked content without the denied items: {@code _mget} docs (or ids) and {@code _msearch} header/body pairs,
     * by position. The rest stays byte for byte as checked.
     */
    public static byte[] withoutItems(BodyKind kind, byte[] checked, java.util.Set<Integer> denied) {
        if (kind == BodyKind.MSEARCH) {
            String[] lines = new String(checked, java.nio.charset.StandardCharsets.UTF_8).split("\n");
            StringBuilder out = new StringBuilder();
            for (int i = 0; i + 1 < lines.length; i += 2) {
                if (!denied.contains(i / 2)) out.append(lines[i]).append('\n').append(lines[i + 1]).append('\n');
            }
            return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        ObjectNode body = (ObjectNode) CanonicalJson.parse(checked);
        String key = body.has("docs") ? "docs" : "ids";
        com.fasterxml.jackson.databind.node.ArrayNode kept = CanonicalJson.MAPPER.createArrayNode();
        JsonNode all = body.path(key);
        for (int i = 0; i < all.size(); i++) if (!denied.contains(i)) kept.add(all.get(i));
        body.set(key, kept);
        return CanonicalJson.write(body);
    }

    private interface PairCheck {
        /** @return the body line to forward */
        byte[] check(byte[] header, byte[] body);
    }

    /**
     * NDJSON pairs as OpenSearch's MultiSearchRequest reads them: a newline at offset 0 is skipped, an empty header line
     * is an empty header, and a pair without its terminating newline is not read (so it is not forwarded either).
     */
    private static byte[] ndjson(byte[] bytes, PairCheck check) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
        int from = 0;
        int pairs = 0;
        while (true) {
            int next = indexOf(bytes, from);
            if (next < 0) break;
            if (next == 0) {
                from = 1;
                continue;
            }
            byte[] header = canonicalLine(bytes, from, next - from);
            from = next + 1;
            next = indexOf(bytes, from);
            if (next < 0) break;
            byte[] body = canonicalLine(bytes, from, next - from);
            from = next + 1;
            if (check != null) body = check.check(header, body);
            out.writeBytes(header);
            out.write('\n');
            out.writeBytes(body);
            out.write('\n');
            pairs++;
        }
        if (pairs == 0) throw EsException.validation(List.of("no requests added"));
        return out.toByteArray();
    }

    private static byte[] canonicalLine(byte[] bytes, int from, int length) {
        int end = from + length;
        while (end > from && (bytes[end - 1] == '\r' || bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) end--;
        if (end == from) return new byte[] {'{', '}'};
        JsonNode line = CanonicalJson.parse(bytes, from, end - from);
        if (!line.isObject()) {
            throw EsException.illegalArgument("Malformed request line: expected START_OBJECT but found [" + line.getNodeType() + "]");
        }
        return CanonicalJson.write(line);
    }

    /** Any content in canonical form: one JSON value, or NDJSON line by line (each line one value). */
    public static byte[] canonical(RequestContent content) {
        if (content.format() == BodyFormat.JSON) return json(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.bytes().length + 16);
        byte[] bytes = content.bytes();
        int from = 0;
        while (from < bytes.length) {
            int next = indexOf(bytes, from);
            int end = next < 0 ? bytes.length : next;
            if (end > from && !new String(bytes, from, end - from, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                out.writeBytes(CanonicalJson.write(CanonicalJson.parse(bytes, from, end - from)));
            }
            out.write('\n');
            if (next < 0) break;
            from = next + 1;
        }
        return out.toByteArray();
    }

    private static boolean isMulti(Classification c) {
        return c.route() != null && c.route().contains("_msearch");
    }

    private static byte[] json(RequestContent content) {
        return CanonicalJson.write(CanonicalJson.parse(content.bytes()));
    }

    /** The query DSL checker's shape for a search-like route. */
    private static BodyShape shape(String route) {
        if (route.endsWith("/_count")) return BodyShape.COUNT;
        if (route.contains("/_explain/")) return BodyShape.EXPLAIN;
        if (route.endsWith("/_validate/query")) return BodyShape.VALIDATE_QUERY;
        if (route.endsWith("/_field_caps")) return BodyShape.FIELD_CAPS;
        if (route.endsWith("/_delete_by_query")) return BodyShape.DELETE_BY_QUERY;
        if (route.endsWith("/_update_by_query")) return BodyShape.UPDATE_BY_QUERY;
        return BodyShape.SEARCH;
    }

    /**
     * Checks a query DSL body: the canonical copy to forward (wrapper queries replaced by what they decode to), and a
     * {@code indices:data/read/get} target for every document lookup into a named index (a lookup without one reads
     * the searched indices, which are authorized already).
     */
    private ObjectNode dsl(ObjectNode body, BodyShape shape, List<Target> targets, boolean strict) {
        CheckedBody checked = SearchBodyChecker.check(body, shape, strict);
        for (Lookup l : checked.lookups()) {
            if (l.index() == null) continue;
            if (l.index().isEmpty()) throw EsException.illegalArgument("a lookup in the search body names an empty index");
            targets.add(new Target(new ActionTarget(ActionNames.GET, IndexExpressions.parse(List.of(l.index()), clock)),
                    ExpandWildcards.OPEN, true));
        }
        return checked.body();
    }

    /** The query under {@code key} of {@code holder}, checked and replaced in place by its canonical form. */
    private ObjectNode queryAt(ObjectNode holder, String key, List<Target> targets, boolean strict) {
        JsonNode q = holder.get(key);
        if (q == null || q.isNull()) return holder;
        if (!q.isObject()) throw EsException.badRequest("parsing_exception", "[" + key + "] must be a query object");
        holder.set(key, dsl((ObjectNode) q, BodyShape.QUERY, targets, strict));
        return holder;
    }

    /**
     * Lookups: documents the backend reads from other indices while running a query (terms lookup, indexed shapes,
     * percolate, more_like_this documents); each needs {@code indices:data/read/get} on its index.
     */
    private void lookups(JsonNode node, List<Target> targets) {
        for (String index : LookupScanner.indices(node)) {
            targets.add(new Target(new ActionTarget(ActionNames.GET, IndexExpressions.parse(List.of(index), clock)),
                    ExpandWildcards.OPEN, true));
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') return i;
        }
        return -1;
    }
}
