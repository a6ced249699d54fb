package io.keygate.server.authz;

import io.keygate.core.authc.Authentication;
import io.keygate.core.authz.Authorizer;
import io.keygate.core.authz.BulkItemDecisions;
import io.keygate.core.authz.Decision;
import io.keygate.core.authz.ItemErrors;
import io.keygate.server.wire.Responses;
import io.keygate.core.authz.Subject;
import io.keygate.core.body.RequestContent;
import io.keygate.core.classify.BodyKind;
import io.keygate.core.classify.BulkItem;
import io.keygate.core.error.EsException;
import io.keygate.core.classify.Classification;
import io.keygate.core.context.ContextIds;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.classify.RequestClassifier;
import io.keygate.core.classify.RestRequest;
import io.keygate.core.classify.RouteParameters;
import io.keygate.core.role.Role;
import io.keygate.server.audit.AuditTrail;
import io.keygate.server.wire.Bodies;
import io.keygate.server.wire.InFlightRequests;
import io.keygate.server.proxy.BulkForwarder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Step 4 for everything forwarded, as an adapter: reads what the core {@link Authorizer} needs from the Vert.x request
 * (path, parameters, the decoded body when it must be checked, the caller's role, the index catalog), lets it decide
 * once, and turns its {@link Decision} into exactly one way of forwarding.
 */
public final class RequestAuthorizer implements ProxyAuthorizer {
    private final AccessControl access;
    private final IndexCatalogService catalog;
    private final RequestClassifier classifier;
    private final Authorizer authorizer;
    private final BulkForwarder bulk;
    private final AuditTrail audit;
    private final long maxContentLength;
    private final AliasListingFilter aliasListings;
    private OwnedContexts contexts;

    public RequestAuthorizer(AccessControl access, IndexCatalogService catalog, Clock clock, BulkForwarder bulk,
                             AuditTrail audit, long maxContentLength) {
        this.access = access;
        this.catalog = catalog;
        this.classifier = new RequestClassifier(clock);
        this.authorizer = new Authorizer(clock);
        this.bulk = bulk;
        this.audit = audit;
        this.maxContentLength = maxContentLength;
        this.aliasListings = new AliasListingFilter(maxContentLength);
        this.contexts = new OwnedContexts(ContextIds.random(), maxContentLength);
    }

    /** Signs scroll and PIT ids with the cluster-wide key, so that every node accepts them. */
    public RequestAuthorizer contextIds(ContextIds ids) {
        this.contexts = new OwnedContexts(ids, maxContentLength);
        return this;
    }

    @Override
    public Future<Forward> authorize(HttpServerRequest req, Authentication auth) {
        Map<String, List<String>> paramMap = params(req);
        Authorizer.Params params = Authorizer.Params.of(paramMap);
        Classification c = classifier.classify(new RestRequest(req.method().name(), req.path(), paramMap));
        Subject subject = AccessControl.subject(auth);
        return access.roleOf(auth).compose(role -> catalog.catalog().compose(names -> content(req, c, params).compose(content -> {
            Decision d = authorizer.decide(subject, auth.user(), role, c, params, content, names, catalog.ingest());
            String uri = withQuery(d.path(), query(req, d.body() == Decision.BodyPlan.BULK));
            List<String> lookUp = Authorizer.autoCreatesToLookUp(role, d.autoCreates());
            if (lookUp.isEmpty()) return Future.succeededFuture(forward(req, c, auth, subject, role, names, d, uri));
            // a write the caller may do only if its index exists: the cached catalog may not have seen it yet
            return lookUp(lookUp).map(fresh -> {
                authorizer.decideAutoCreate(subject, role, d.autoCreates(), fresh);
                return forward(req, c, auth, subject, role, fresh, d, uri);
            });
        })));
    }

    /** The catalog once every one of {@code names} has been looked up on the backend. */
    private Future<IndexCatalog> lookUp(List<String> names) {
        Future<IndexCatalog> result = catalog.lookup(names.get(0));
        for (String name : names.subList(1, names.size())) result = result.compose(ignored -> catalog.lookup(name));
        return result;
    }

    /** The request's content as the backend would read it, decoded once; {@link RequestContent#NONE} when streamed. */
    private Future<RequestContent> content(HttpServerRequest req, Classification c, Authorizer.Params params) {
        if (!Authorizer.readsBody(c, params)) return Future.succeededFuture(RequestContent.NONE);
        String length = req.getHeader("content-length");
        boolean hasBody = length != null ? !length.trim().equals("0") : req.headers().contains("transfer-encoding");
        if (!hasBody) { // the source parameter at most: no longer than a request line may be
            return Future.succeededFuture(RequestContent.of(new byte[0], null, req.getHeader("content-type"),
                    params.last("source"), params.last("source_content_type"), maxContentLength));
        }
        InFlightRequests.Reservation held = InFlightRequests.current().newReservation(); // released once answered
        return Bodies.read(req, maxContentLength, Bodies.MAX_CONTENT_LENGTH, held).map(body -> {
            RequestContent content = RequestContent.of(Bodies.copy(body, held), req.getHeader("content-encoding"), req.getHeader("content-type"),
                    params.last("source"), params.last("source_content_type"), maxContentLength, held::add);
            held.add(Bodies.parsedCost(content.bytes())); // 429 here rather than an exhausted heap while checking it
            return content;
        });
    }

    private Forward forward(HttpServerRequest req, Classification c, Authentication auth, Subject subject, Role role,
                            IndexCatalog names, Decision d, String uri) {
        if (d.changesNames()) catalog.markStale();
        byte[] content = d.content() == null ? new byte[0] : d.content();
        // scroll and PIT ids answer only to their owner; alias listings show only authorized pairs
        Forward special = contexts.forward(req, c, auth, role, subject, uri, content);
        if (special == null) special = aliasListings.forward(req, c, role, uri);
        if (special == null) special = CatIndicesFilter.forward(req, c, uri); // Elasticsearch's columns
        if (special != null) return special;
        Forward plain = plainForward(c, auth, subject, role, names, d, uri);
        return c.body() == BodyKind.SEARCH
                ? contexts.search(req, c, auth, role, subject, uri, Buffer.buffer(content), content, plain) : plain;
    }

    private Forward plainForward(Classification c, Authentication auth, Subject subject, Role role, IndexCatalog names,
                                 Decision d, String uri) {
        if (d.answer() != null) {
            // a read under document- or field-level security runs in another form and is answered in the client's shape
            return (proxy, r) -> BufferedAnswer.send(proxy, r, io.vertx.core.http.HttpMethod.POST, withQuery(d.path(), query(r, d.answer().params())),
                    d.content() == null ? null : Buffer.buffer(d.content()), BufferedAnswer.PARSED, d.answer().rewrite());
        }
        if (!d.deniedItems().isEmpty()) {
            // forbidden _mget docs / _msearch searches answered in place, as in Elasticsearch; the others are served
            if (d.content() == null) {
                return (proxy, r) -> Responses.json(r, 200, io.keygate.core.body.CanonicalJson.parse(
                        ItemErrors.merge(c.body(), null, d.deniedItems())));
            }
            return (proxy, r) -> BufferedAnswer.send(proxy, r, uri, Buffer.buffer(d.content()), BufferedAnswer.PARSED,
                    bytes -> ItemErrors.merge(c.body(), bytes, d.deniedItems()));
        }
        // pipelines, templates or index settings: learnt again once the backend has applied the change
        Runnable learn = changesIngest(c) ? catalog::markIngestChanged : null;
        return switch (d.body()) {
            case NONE -> (proxy, r) -> proxy.forward(r, uri, null, null, learn);
            case CHECKED -> (proxy, r) -> proxy.forward(r, uri, Buffer.buffer(d.content()), d.format().mediaType(), learn);
            case STREAM -> (proxy, r) -> proxy.forward(r, uri, learn);
            case BULK -> (proxy, r) -> {
                // only a bulk that writes to a name the catalog does not know can have created one
                AtomicBoolean newNames = new AtomicBoolean();
                BulkItemDecisions items = d.bulkItems();
                bulk.forward(r, uri, c.defaultIndex(), "true".equals(r.params().get("require_alias")), item -> {
                    if (names.get(item.index()) == null) newNames.set(true);
                    BulkItemDecisions.Outcome outcome = items.decide(item);
                    if (outcome instanceof BulkItemDecisions.Unknown unknown) {
                        // created a moment ago? looked up on the backend (this path only), then decided again
                        return catalog.lookup(unknown.name()).map(fresh -> audited(r, auth, item, items.decideKnown(item, fresh)));
                    }
                    return outcome == BulkItemDecisions.ALLOWED ? ALLOWED : Future.succeededFuture(audited(r, auth, item, outcome));
                }, () -> { if (newNames.get()) catalog.markStale(); });
            };
        };
    }

    private static final Future<EsException> ALLOWED = Future.succeededFuture();

    /**
     * May change which ingest pipelines run where, or what they do: a pipeline put or delete, a template or component
     * template change, an index created, deleted, resized, rolled over or its settings updated, or a request only a
     * superuser may send.
     */
    static boolean changesIngest(Classification c) {
        if (!c.known()) return true;
        for (io.keygate.core.classify.ActionTarget t : c.targets()) {
            if (INGEST_CHANGES.contains(t.action())) return true;
        }
        return false;
    }

    /** The actions that put or remove pipelines, templates, or indices and their settings (not refresh, flush, reads). */
    private static final java.util.Set<String> INGEST_CHANGES = java.util.Set.of(
            "cluster:admin/ingest/pipeline/put", "cluster:admin/ingest/pipeline/delete",
            "cluster:admin/component_template/put", "cluster:admin/component_template/delete",
            "indices:admin/index_template/put", "indices:admin/index_template/delete",
            "indices:admin/template/put", "indices:admin/template/delete",
            "indices:admin/create", "indices:admin/delete", "indices:admin/settings/update", "indices:admin/rollover",
            "indices:admin/resize", "indices:admin/shrink", "indices:admin/data_stream/create", "indices:admin/data_stream/delete");

    /** The item's denial (audited), or null when allowed. */
    private EsException audited(HttpServerRequest r, Authentication auth, BulkItem item, BulkItemDecisions.Outcome outcome) {
        if (!(outcome instanceof BulkItemDecisions.Denied denied)) return null;
        audit.accessDenied(r, auth, denied.denial(), item.action(), item.index());
        return denied.denial();
    }

    /** The decided path (which may carry parameters Keygate added) with the client's checked parameters. */
    private static String withQuery(String path, String query) {
        if (query.isEmpty() || path.indexOf('?') < 0) return path + query;
        return path + '&' + query.substring(1);
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

    /**
     * The parameters Keygate checked, re-encoded: the backend parses exactly the names and values the route's allow-list
     * saw (not the client's raw query string, which another parser could split differently). Body parameters travel as
     * the body; Elasticsearch-only ones are dropped; a bulk answer is always JSON, as Keygate may have to merge it.
     */
    static String query(HttpServerRequest req, boolean bulk) {
        return query(req, bulk, null);
    }

    /** As {@link #query(HttpServerRequest, boolean)}, only the parameters named (all when null). */
    private static String query(HttpServerRequest req, java.util.Set<String> only) {
        return query(req, false, only);
    }

    private static String query(HttpServerRequest req, boolean bulk, java.util.Set<String> only) {
        StringBuilder out = new StringBuilder();
        for (String name : req.params().names()) {
            if (Authorizer.BODY_PARAMS.contains(name) || RouteParameters.DROPPED.contains(name) || bulk && name.equals("format")) continue;
            if (only != null && !only.contains(name)) continue;
            for (String value : req.params().getAll(name)) {
                out.append(out.isEmpty() ? '?' : '&').append(URLEncoder.encode(name, StandardCharsets.UTF_8));
                if (!value.isEmpty()) out.append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }
}
