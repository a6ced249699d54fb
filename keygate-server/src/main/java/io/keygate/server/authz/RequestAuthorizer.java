package io.keygate.server.authz;

import io.keygate.core.authc.Authentication;
import io.keygate.core.authz.DenialMessages;
import io.keygate.core.authz.Subject;
import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.ActionTarget;
import io.keygate.core.classify.AliasesBodyClassifier;
import io.keygate.core.classify.BodyKind;
import io.keygate.core.classify.BulkItem;
import io.keygate.core.classify.Classification;
import io.keygate.core.classify.ExpandWildcards;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.classify.IndexExpressions;
import io.keygate.core.classify.IndexResolver;
import io.keygate.core.classify.MgetBodyClassifier;
import io.keygate.core.classify.MsearchHeaderClassifier;
import io.keygate.core.classify.PathCodec;
import io.keygate.core.classify.ReindexBodyClassifier;
import io.keygate.core.classify.RequestClassifier;
import io.keygate.core.classify.RestRequest;
import io.keygate.core.classify.SearchBodyClassifier;
import io.keygate.core.error.EsException;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;
import io.keygate.server.http.Bodies;
import io.keygate.server.proxy.BulkForwarder;
import io.keygate.server.proxy.Proxy;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Step 4 for everything forwarded: classify the request into Elasticsearch's actions and index
 * expressions, decide each against the caller's role (deny by default), resolve wildcards to the
 * authorized names only, and say exactly what may be sent to the backend.
 */
public final class RequestAuthorizer implements ProxyAuthorizer {
    /** Longest index list written into a path; OpenSearch's initial line is bounded. */
    private static final int MAX_REWRITTEN_SEGMENT = 3_000;
    /** Parameters Elasticsearch's clients send that OpenSearch rejects as unknown. */
    private static final List<String> ES_ONLY_PARAMS = List.of("require_data_stream");

    private final AccessControl access;
    private final IndexCatalogService catalog;
    private final RequestClassifier classifier;
    private final MgetBodyClassifier mget;
    private final MsearchHeaderClassifier msearch;
    private final ReindexBodyClassifier reindex;
    private final AliasesBodyClassifier aliases;
    private final RequestInterceptors interceptors; // [ctx hook] Elasticsearch's request interceptors
    private OwnedContexts contexts; // [ctx hook] scroll and PIT ids bound to their owner
    private final AliasListingFilter aliasListings; // [ctx hook] alias listings show authorized pairs only
    private final BulkForwarder bulk;
    private final long maxContentLength;

    public RequestAuthorizer(AccessControl access, IndexCatalogService catalog, Clock clock, BulkForwarder bulk,
                             long maxContentLength) {
        this.access = access;
        this.catalog = catalog;
        this.classifier = new RequestClassifier(clock);
        this.mget = new MgetBodyClassifier(clock);
        this.msearch = new MsearchHeaderClassifier(clock);
        this.reindex = new ReindexBodyClassifier(clock);
        this.aliases = new AliasesBodyClassifier(clock);
        this.interceptors = new RequestInterceptors(clock); // [ctx hook]
        this.bulk = bulk;
        this.maxContentLength = maxContentLength;
        this.contexts = new OwnedContexts(io.keygate.core.context.ContextIds.random(), maxContentLength); // [ctx hook]
        this.aliasListings = new AliasListingFilter(maxContentLength); // [ctx hook]
    }

    /** [ctx hook] Signs scroll and PIT ids with the cluster-wide key, so that every node accepts them. */
    public RequestAuthorizer contextIds(io.keygate.core.context.ContextIds ids) {
        this.contexts = new OwnedContexts(ids, maxContentLength);
        return this;
    }

    @Override
    public Future<Forward> authorize(HttpServerRequest req, Authentication auth) {
        Classification c = classifier.classify(new RestRequest(req.method().name(), req.path(), params(req)));
        Subject subject = AccessControl.subject(auth);
        return access.roleOf(auth).compose(role -> catalog.catalog().compose(names -> {
            if (!c.known()) return unknown(req, c, subject, role);
            if (c.hasRemote()) {
                throw EsException.illegalArgument("remote cluster index expressions are not supported by Keygate");
            }
            // the path as the classifier read it: a raw "//name/_search" is read by the backend as authority + "/_search"
            String path = c.canonicalPath();
            ExpandWildcards expand = ExpandWildcards.parse(lastParam(req, "expand_wildcards"), ExpandWildcards.OPEN);
            List<String> concrete = null;
            boolean first = true;
            for (ActionTarget target : c.targets()) {
                boolean requestAction = first;
                first = false;
                if (target.isClusterAction()) {
                    if (!role.grantsCluster(target.action())) throw DenialMessages.actionDenied(subject, target.action());
                } else if (target.indices() == null) {
                    if (!role.grantsIndexActionSomewhere(target.action())) throw DenialMessages.actionDenied(subject, target.action());
                } else {
                    // the request's own action: denied before resolution, without indices (ES #71715);
                    // the actions it implies (a write's bulk[s] and op_type) are denied on their indices
                    if (requestAction && !role.grantsIndexActionSomewhere(target.action())) {
                        throw DenialMessages.actionDenied(subject, target.action());
                    }
                    IndexResolver.Resolved resolved = resolve(target, names, expand, role);
                    if (resolved.hasDenied()) throw DenialMessages.actionDenied(subject, target.action(), resolved.deniedExplicitNames());
                    concrete = concrete == null ? resolved.concreteNames()
                            : concrete.stream().filter(resolved.concreteNames()::contains).toList();
                    if (needsRewrite(target.indices()) && !c.rewritable()) {
                        throw EsException.forbidden("action [" + target.action() + "] is unauthorized for "
                                + DenialMessages.describe(subject) + ": wildcards are not supported on [" + c.route() + "]");
                    }
                }
            }
            if (concrete != null && c.rewritable() && c.targets().stream().anyMatch(t -> t.indices() != null && needsRewrite(t.indices()))) {
                List<String> list = concrete.isEmpty() ? IndexResolver.MATCH_NOTHING_LIST : concrete;
                if (String.join(",", list).length() > MAX_REWRITTEN_SEGMENT) {
                    throw EsException.illegalArgument("the request's wildcards resolve to too many indices ["
                            + list.size() + "] for Keygate to forward; name fewer indices or narrower patterns");
                }
                path = c.rewritePath(list);
            }
            String uri = path + query(req);
            Future<Forward> context = contexts.forward(req, c, auth, role, subject, uri); // [ctx hook]
            if (context == null) context = aliasListings.forward(req, c, role, uri); // [ctx hook]
            if (context != null) return context;
            boolean changesNames = c.targets().stream().anyMatch(t -> t.action().startsWith("indices:admin/"));
            if (autoCreates(c, names).isEmpty()) return bodyForward(req, c, auth, subject, role, names, uri, changesNames);
            // the write would create its index: that needs auto_create (the catalog is re-read first, in case it is behind)
            return catalog.refresh().compose(fresh -> {
                for (String name : autoCreates(c, fresh)) {
                    if (!role.grantsIndex(ActionNames.AUTO_CREATE, name)) {
                        throw DenialMessages.actionDenied(subject, ActionNames.AUTO_CREATE, List.of(name));
                    }
                }
                return bodyForward(req, c, auth, subject, role, fresh, uri, true);
            });
        }));
    }

    /** The names a single-document write targets that do not exist yet (the backend would auto-create them). */
    private static List<String> autoCreates(Classification c, IndexCatalog names) {
        List<String> out = new ArrayList<>();
        for (ActionTarget t : c.targets()) {
            boolean writes = t.action().equals(ActionNames.INDEX_OP_CREATE) || t.action().equals(ActionNames.INDEX_OP_INDEX)
                    || t.action().equals(ActionNames.UPDATE);
            if (!writes || t.indices() == null) continue;
            for (IndexExpressions.Expression e : t.indices().expressions()) {
                if (!e.wildcard() && !e.exclusion() && names.get(e.name()) == null && !out.contains(e.name())) out.add(e.name());
            }
        }
        return out;
    }

    private Future<Forward> bodyForward(HttpServerRequest req, Classification c, Authentication auth, Subject subject, Role role,
                                        IndexCatalog names, String uri, boolean changesNames) {
        if (changesNames) catalog.markStale();
        return switch (c.body()) {
            case BULK -> Future.succeededFuture((proxy, r) -> {
                // only a bulk that writes to a name the catalog does not know can have created one
                AtomicBoolean newNames = new AtomicBoolean();
                bulk.forward(r, uri, c.defaultIndex(), "true".equals(r.params().get("require_alias")), item -> {
                    if (names.get(item.index()) == null) newNames.set(true);
                    return decideItem(subject, role, names, item);
                }, () -> { if (newNames.get()) catalog.markStale(); });
            });
            case SEARCH -> Bodies.read(req, maxContentLength).map(body -> {
                byte[] plain = inflated(req, body);
                List<String> lookups = new ArrayList<>(SearchBodyClassifier.lookupIndices(plain, 0, plain.length));
                String source = lastParam(req, "source"); // the body may come as a parameter, too
                if (source != null) {
                    byte[] b = source.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    lookups.addAll(SearchBodyClassifier.lookupIndices(b, 0, b.length));
                }
                checkLookups(subject, role, names, lookups);
                return contexts.search(req, c, auth, role, subject, uri, body, plain, (proxy, r) -> proxy.forward(r, uri, body)); // [ctx hook]
            });
            case MGET, MSEARCH, REINDEX, ALIASES, INTERCEPTED -> Bodies.read(req, maxContentLength).map(body -> {
                checkBody(c, subject, role, names, body, req);
                return (Forward) (proxy, r) -> proxy.forward(r, uri, body);
            });
            default -> Future.succeededFuture((proxy, r) -> proxy.forward(r, uri));
        };
    }

    /**
     * A request the route table does not know may touch anything: only a superuser may send it, and not even a
     * superuser when its path or parameters could reach Keygate's own index (checked decoded, as the backend reads them).
     */
    private Future<Forward> unknown(HttpServerRequest req, Classification c, Subject subject, Role role) {
        // a spelling of /_security or /_keygate that routing did not take (//_security, %5Fsecurity) is never forwarded
        if (!role.isSuperuser() || c.keygateApi() || mayReachKeygateIndex(req, c)) {
            return Future.failedFuture(EsException.forbidden("action [" + req.method() + " " + req.path() + "] is unauthorized for "
                    + DenialMessages.describe(subject) + ": Keygate does not classify this request; it is allowed only to "
                    + "superusers (cluster privilege [all] and every index privilege)"));
        }
        String path = c.canonicalPath();
        return Future.succeededFuture((proxy, r) -> proxy.forward(r, path + query(r)));
    }

    /** Names Keygate's index (in any spelling), uses a wildcard, or asks for hidden names. */
    private static boolean mayReachKeygateIndex(HttpServerRequest req, Classification c) {
        List<String> texts = new ArrayList<>();
        for (String segment : c.pathSegments()) texts.add(PathCodec.decode(segment));
        for (var p : req.params()) {
            texts.add(p.getKey());
            texts.add(p.getValue());
        }
        for (String t : texts) {
            String lower = t.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("keygate") || lower.contains("*") || lower.contains("?")) return true;
        }
        for (String value : req.params().getAll("expand_wildcards")) {
            String lower = value.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("hidden") || lower.contains("all")) return true;
        }
        return false;
    }

    private static boolean needsRewrite(IndexExpressions e) {
        return e.isAll() || e.hasWildcard() || e.hasDateMath();
    }

    private static IndexResolver.Resolved resolve(ActionTarget target, IndexCatalog names, ExpandWildcards expand, Role role) {
        Predicate<String> allowed = role.allowedIndicesMatcher(target.action());
        return IndexResolver.resolve(target.indices(), names, expand,
                name -> !RestrictedIndices.isKeygateInternal(name) && allowed.test(name));
    }

    /** One bulk item: null when allowed, else the 403 that stands in its place. */
    private static EsException decideItem(Subject subject, Role role, IndexCatalog names, BulkItem item) {
        String index = item.index();
        if (RestrictedIndices.isKeygateInternal(index)) {
            return DenialMessages.actionDenied(subject, item.action(), List.of(index));
        }
        if (!role.grantsIndex(ActionNames.BULK_SHARD, index)) {
            return DenialMessages.bulkItemDenied(subject, ActionNames.BULK_SHARD, item.action(), List.of(index));
        }
        if (!role.grantsIndex(item.action(), index)) {
            return DenialMessages.actionDenied(subject, item.action(), List.of(index));
        }
        // every write but a delete creates a missing index (an update through its upsert), as in Elasticsearch
        boolean creates = item.opType() != BulkItem.OpType.DELETE;
        if (creates && names.get(index) == null && !role.grantsIndex(ActionNames.AUTO_CREATE, index)) {
            return DenialMessages.actionDenied(subject, ActionNames.AUTO_CREATE, List.of(index));
        }
        return null;
    }

    /** _mget, _msearch, _reindex and _aliases name their indices in the body: every one is checked. */
    private void checkBody(Classification c, Subject subject, Role role, IndexCatalog names, Buffer body, HttpServerRequest req) {
        byte[] bytes = body.getBytes();
        List<ActionTarget> targets = new ArrayList<>();
        ExpandWildcards urlExpand = ExpandWildcards.parse(lastParam(req, "expand_wildcards"), ExpandWildcards.OPEN);
        List<ExpandWildcards> expands = new ArrayList<>(); // per target: how the backend will expand its wildcards
        switch (c.body()) {
            case MGET -> {
                String action = c.targets().stream().anyMatch(t -> t.action().equals(ActionNames.MTV))
                        ? ActionNames.MTV_SHARD : ActionNames.MGET_SHARD;
                mget.classify(bytes, c.defaultIndex()).forEach(item -> targets.add(
                        new ActionTarget(action, IndexExpressions.parse(item.index(), classifier.clock()))));
            }
            case MSEARCH -> {
                IndexExpressions url = c.defaultIndex() == null ? null : IndexExpressions.parse(c.defaultIndex(), classifier.clock());
                // pairs header and body lines exactly as the backend's MultiSearchRequest does: only a newline at
                // offset 0 is skipped; any other empty line where a header is due is an empty header (the defaults)
                int from = 0;
                while (true) {
                    int next = indexOf(bytes, from);
                    if (next < 0) break;
                    if (next == 0) {
                        from = 1;
                        continue;
                    }
                    MsearchHeaderClassifier.MsearchHeader h = msearch.classify(bytes, from, next - from);
                    targets.add(new ActionTarget(ActionNames.SEARCH, h.effectiveIndices(url)));
                    expands.add(h.expandWildcards() == null ? urlExpand : ExpandWildcards.parse(h.expandWildcards(), ExpandWildcards.OPEN));
                    from = next + 1;
                    next = indexOf(bytes, from);
                    if (next < 0) break;
                    checkLookups(subject, role, names, SearchBodyClassifier.lookupIndices(bytes, from, next - from));
                    from = next + 1;
                }
            }
            case REINDEX -> {
                ReindexBodyClassifier.ReindexSpec spec = reindex.classify(bytes);
                if (spec.remoteSource()) throw EsException.illegalArgument("reindex from a remote cluster is not supported by Keygate");
                if (spec.script()) {
                    throw EsException.illegalArgument("[script] is not supported in a _reindex request by Keygate: a script may "
                            + "change [ctx._index] and write documents to an index that was not authorized");
                }
                targets.addAll(spec.targets());
                if (names.get(spec.destIndex()) == null) {
                    targets.add(new ActionTarget(ActionNames.AUTO_CREATE, IndexExpressions.parse(spec.destIndex(), classifier.clock())));
                }
            }
            case ALIASES -> aliases.classify(bytes).forEach(a -> targets.addAll(a.targets()));
            case INTERCEPTED -> targets.addAll(interceptors.targets(c, bytes)); // [ctx hook]
            default -> { }
        }
        for (int i = 0; i < targets.size(); i++) {
            ActionTarget t = targets.get(i);
            // alias actions expand wildcards to open and closed indices; the others as the request (or header) says
            ExpandWildcards expand = i < expands.size() ? expands.get(i)
                    : c.body() == BodyKind.ALIASES ? new ExpandWildcards(true, true, false) : urlExpand;
            if (t.indices().hasRemote()) throw EsException.illegalArgument("remote cluster index expressions are not supported by Keygate");
            if (!role.grantsIndexActionSomewhere(t.action())) throw DenialMessages.actionDenied(subject, t.action());
            IndexResolver.Resolved resolved = resolve(t, names, expand, role);
            if (resolved.hasDenied()) throw DenialMessages.actionDenied(subject, t.action(), resolved.deniedExplicitNames());
            if (t.indices().hasWildcard() || t.indices().isAll()) {
                // wildcards inside a body cannot be rewritten in place: they must not reach anything unauthorized
                IndexResolver.Resolved everything = IndexResolver.resolve(t.indices(), names, expand, n -> true);
                List<String> unauthorized = everything.concreteNames().stream().filter(n -> !resolved.concreteNames().contains(n)).toList();
                if (!unauthorized.isEmpty()) throw DenialMessages.actionDenied(subject, t.action(), unauthorized);
            }
        }
        interceptors.checkNotWider(c, bytes, role, names); // [ctx hook]
    }

    /**
     * A search body's lookups (terms lookup, indexed shapes, percolate, more_like_this documents) read documents of
     * other indices on the backend: each needs {@code indices:data/read/get} there, as in Elasticsearch. Wildcards are
     * refused: a lookup takes one concrete name.
     */
    private void checkLookups(Subject subject, Role role, IndexCatalog names, List<String> lookups) {
        for (String index : lookups) {
            IndexExpressions e = IndexExpressions.parse(List.of(index), classifier.clock());
            if (e.hasRemote()) throw EsException.illegalArgument("remote cluster index expressions are not supported by Keygate");
            if (!role.grantsIndexActionSomewhere(ActionNames.GET)) throw DenialMessages.actionDenied(subject, ActionNames.GET);
            IndexResolver.Resolved resolved = resolve(new ActionTarget(ActionNames.GET, e), names, ExpandWildcards.OPEN, role);
            if (resolved.hasDenied() || e.hasWildcard()) {
                throw DenialMessages.actionDenied(subject, ActionNames.GET, resolved.hasDenied() ? resolved.deniedExplicitNames() : List.of(index));
            }
        }
    }

    /** The body as the backend will read it: gzip is inflated (bounded), anything else is taken as is. */
    private byte[] inflated(HttpServerRequest req, Buffer body) {
        if (!"gzip".equalsIgnoreCase(req.getHeader("content-encoding"))) return body.getBytes();
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body.getBytes()))) {
            byte[] plain = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxContentLength + 1));
            if (plain.length > maxContentLength) throw Bodies.tooLarge(maxContentLength);
            return plain;
        } catch (java.io.IOException e) {
            throw EsException.parse("failed to inflate the gzip request body: " + e.getMessage());
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') return i;
        }
        return -1;
    }

    /** A repeated parameter counts with its last value, as on the backend. */
    static String lastParam(HttpServerRequest req, String name) {
        List<String> all = req.params().getAll(name);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static Map<String, List<String>> params(HttpServerRequest req) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : req.params().names()) params.put(name, req.params().getAll(name));
        return params;
    }

    /** The client's query string, minus parameters that only Elasticsearch understands. */
    static String query(HttpServerRequest req) {
        String q = req.query();
        if (q == null || q.isEmpty()) return "";
        StringBuilder out = new StringBuilder();
        for (String pair : q.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (ES_ONLY_PARAMS.contains(name)) continue;
            out.append(out.isEmpty() ? "?" : "&").append(pair);
        }
        return out.toString();
    }
}
