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
import io.keygate.core.classify.ReindexBodyClassifier;
import io.keygate.core.classify.RequestClassifier;
import io.keygate.core.classify.RestRequest;
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
        this.bulk = bulk;
        this.maxContentLength = maxContentLength;
    }

    @Override
    public Future<Forward> authorize(HttpServerRequest req, Authentication auth) {
        Classification c = classifier.classify(new RestRequest(req.method().name(), req.path(), params(req)));
        Subject subject = AccessControl.subject(auth);
        return access.roleOf(auth).compose(role -> catalog.catalog().compose(names -> {
            if (!c.known()) return unknown(req, subject, role);
            if (c.hasRemote()) {
                throw EsException.illegalArgument("remote cluster index expressions are not supported by Keygate");
            }
            String path = req.path();
            ExpandWildcards expand = ExpandWildcards.parse(req.params().get("expand_wildcards"), ExpandWildcards.OPEN);
            List<String> concrete = null;
            for (ActionTarget target : c.targets()) {
                if (target.isClusterAction()) {
                    if (!role.grantsCluster(target.action())) throw DenialMessages.actionDenied(subject, target.action());
                } else if (target.indices() == null) {
                    if (!role.grantsIndexActionSomewhere(target.action())) throw DenialMessages.actionDenied(subject, target.action());
                } else {
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
            boolean changesNames = c.targets().stream().anyMatch(t -> t.action().startsWith("indices:admin/"));
            return bodyForward(req, c, subject, role, names, uri, changesNames);
        }));
    }

    private Future<Forward> bodyForward(HttpServerRequest req, Classification c, Subject subject, Role role,
                                        IndexCatalog names, String uri, boolean changesNames) {
        if (changesNames) catalog.markStale();
        return switch (c.body()) {
            case BULK -> Future.succeededFuture((proxy, r) -> bulk.forward(r, uri, c.defaultIndex(),
                    "true".equals(r.params().get("require_alias")), item -> decideItem(subject, role, names, item), catalog::markStale));
            case MGET, MSEARCH, REINDEX, ALIASES -> Bodies.read(req, maxContentLength).map(body -> {
                checkBody(c, subject, role, names, body, req);
                return (Forward) (proxy, r) -> proxy.forward(r, uri, body);
            });
            default -> Future.succeededFuture((proxy, r) -> proxy.forward(r, uri));
        };
    }

    /** A request the route table does not know may touch anything: only a superuser may send it. */
    private Future<Forward> unknown(HttpServerRequest req, Subject subject, Role role) {
        String raw = (req.path() + "?" + String.valueOf(req.query())).toLowerCase(java.util.Locale.ROOT);
        if (!role.isSuperuser() || raw.contains("keygate") || raw.contains("%2e") || raw.contains("hidden") || raw.contains("=all")) {
            return Future.failedFuture(EsException.forbidden("action [" + req.method() + " " + req.path() + "] is unauthorized for "
                    + DenialMessages.describe(subject) + ": Keygate does not classify this request; it is allowed only to "
                    + "superusers (cluster privilege [all] and every index privilege)"));
        }
        return Future.succeededFuture((proxy, r) -> proxy.forward(r, r.path() + query(r)));
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
            return DenialMessages.actionDenied(subject, ActionNames.BULK_SHARD, List.of(index));
        }
        if (!role.grantsIndex(item.action(), index)) {
            return DenialMessages.actionDenied(subject, item.action(), List.of(index));
        }
        boolean creates = item.opType() == BulkItem.OpType.INDEX || item.opType() == BulkItem.OpType.CREATE;
        if (creates && names.get(index) == null && !role.grantsIndex(ActionNames.AUTO_CREATE, index)) {
            return DenialMessages.actionDenied(subject, ActionNames.AUTO_CREATE, List.of(index));
        }
        return null;
    }

    /** _mget, _msearch, _reindex and _aliases name their indices in the body: every one is checked. */
    private void checkBody(Classification c, Subject subject, Role role, IndexCatalog names, Buffer body, HttpServerRequest req) {
        byte[] bytes = body.getBytes();
        List<ActionTarget> targets = new ArrayList<>();
        ExpandWildcards expand = ExpandWildcards.parse(req.params().get("expand_wildcards"), ExpandWildcards.OPEN);
        switch (c.body()) {
            case MGET -> mget.classify(bytes, c.defaultIndex()).forEach(item -> targets.add(
                    new ActionTarget(ActionNames.GET, IndexExpressions.parse(item.index(), classifier.clock()))));
            case MSEARCH -> {
                IndexExpressions url = c.defaultIndex() == null ? null : IndexExpressions.parse(c.defaultIndex(), classifier.clock());
                int start = 0;
                boolean header = true;
                for (int i = 0; i <= bytes.length; i++) {
                    if (i == bytes.length || bytes[i] == '\n') {
                        if (header && i > start) {
                            MsearchHeaderClassifier.MsearchHeader h = msearch.classify(bytes, start, i - start);
                            targets.add(new ActionTarget(ActionNames.SEARCH, h.effectiveIndices(url)));
                            header = false;
                        } else if (!header) {
                            header = true;
                        }
                        start = i + 1;
                    }
                }
            }
            case REINDEX -> {
                ReindexBodyClassifier.ReindexSpec spec = reindex.classify(bytes);
                if (spec.remoteSource()) throw EsException.illegalArgument("reindex from a remote cluster is not supported by Keygate");
                targets.addAll(spec.targets());
                if (names.get(spec.destIndex()) == null) {
                    targets.add(new ActionTarget(ActionNames.AUTO_CREATE, IndexExpressions.parse(spec.destIndex(), classifier.clock())));
                }
            }
            case ALIASES -> aliases.classify(bytes).forEach(a -> targets.addAll(a.targets()));
            default -> { }
        }
        for (ActionTarget t : targets) {
            IndexResolver.Resolved resolved = resolve(t, names, expand, role);
            if (resolved.hasDenied()) throw DenialMessages.actionDenied(subject, t.action(), resolved.deniedExplicitNames());
            if (t.indices().hasWildcard() || t.indices().isAll()) {
                // wildcards inside a body cannot be rewritten in place: they must not reach anything unauthorized
                IndexResolver.Resolved everything = IndexResolver.resolve(t.indices(), names, expand, n -> true);
                List<String> unauthorized = everything.concreteNames().stream().filter(n -> !resolved.concreteNames().contains(n)).toList();
                if (!unauthorized.isEmpty()) throw DenialMessages.actionDenied(subject, t.action(), unauthorized);
            }
        }
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
