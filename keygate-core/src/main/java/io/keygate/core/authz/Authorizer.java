package io.keygate.core.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.user.User;
import io.keygate.core.body.BodyChecks;
import io.keygate.core.body.BodyFormat;
import io.keygate.core.body.CanonicalJson;
import io.keygate.core.body.FilterPath;
import io.keygate.core.body.RequestContent;
import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.ActionTarget;
import io.keygate.core.classify.AliasesBodyClassifier;
import io.keygate.core.classify.InterceptedTargets;
import io.keygate.core.classify.BodyKind;
import io.keygate.core.classify.BulkItem;
import io.keygate.core.classify.Classification;
import io.keygate.core.classify.ExpandWildcards;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.classify.IndexExpressions;
import io.keygate.core.classify.IndexResolver;
import io.keygate.core.classify.PathCodec;
import io.keygate.core.classify.RouteParameters;
import io.keygate.core.error.EsException;
import io.keygate.core.ingest.IndexEffect;
import io.keygate.core.ingest.IngestCatalog;
import io.keygate.core.classify.ReindexBodyClassifier;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Step 4, decided once and without I/O: a classified request, its decoded content and the caller's role against the
 * current index catalog. Either a {@link Decision} that says exactly what reaches the backend (the path with wildcards
 * resolved to authorized names, the checked content), or a 4xx with Elasticsearch's message. The server only adapts.
 */
public final class Authorizer {
    /** Longest index list written into a path; OpenSearch's initial line is bounded. */
    private static final int MAX_REWRITTEN_SEGMENT = 3_000;
    /** The parameters of a document get that its search also takes (where the document lives). */
    private static final Set<String> GET_AS_SEARCH_PARAMS = Set.of("routing", "preference");

    /** The parameters whose content becomes the body ({@link RequestContent}); never forwarded as parameters. */
    public static final Set<String> BODY_PARAMS = Set.of("source", "source_content_type");
    private static final ExpandWildcards OPEN_AND_CLOSED = new ExpandWildcards(true, true, false);
    private static final RequestContent EMPTY_OBJECT = new RequestContent("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            BodyFormat.JSON);

    private final Clock clock;
    private final BodyChecks bodies;
    private final AliasesBodyClassifier aliases;
    private final RestrictedReads restrictedReads;
    private final ReindexBodyClassifier reindex;

    public Authorizer(Clock clock) {
        this.clock = clock;
        this.bodies = new BodyChecks(clock);
        this.aliases = new AliasesBodyClassifier(clock);
        this.restrictedReads = new RestrictedReads(clock);
        this.reindex = new ReindexBodyClassifier(clock);
    }

    /** The parameters of a request, as the backend reads them: a repeated one counts with its last value. */
    public interface Params {
        String last(String name);

        Iterable<String> names();

        static Params of(Map<String, List<String>> map) {
            return new Params() {
                @Override public String last(String name) {
                    List<String> all = map.get(name);
                    return all == null || all.isEmpty() ? null : all.get(all.size() - 1);
                }
                @Override public Iterable<String> names() { return map.keySet(); }
            };
        }
    }

    /** Must the server read (and decode) the body before {@link #decide}? Streamed bodies are never buffered. */
    public static boolean readsBody(Classification c, Params params) {
        return !c.known() || c.body().checked() || params.last("source") != null || c.body() == BodyKind.NONE;
    }

    /**
     * @param user    the user a role's query templates are rendered for (an API key's owner)
     * @param content the decoded content ({@link RequestContent#NONE} when the body is streamed, see {@link #readsBody})
     * @throws EsException 403 with Elasticsearch's denial message, or 4xx for a request Keygate cannot read
     */
    public Decision decide(Subject subject, User user, Role role, Classification c, Params params, RequestContent content,
                           IndexCatalog catalog) {
        return decide(subject, user, role, c, params, content, catalog, IngestCatalog.NONE);
    }

    /**
     * @param ingest the backend's ingest pipelines and where they run: a write they may send to another index is
     *               authorized there too ({@link PipelineChecks})
     */
    public Decision decide(Subject subject, User user, Role role, Classification c, Params params, RequestContent content,
                           IndexCatalog catalog, IngestCatalog ingest) {
        if (!c.known()) return unknown(subject, role, c, params, content);
        if (c.hasRemote()) throw remote();
        String path = c.canonicalPath();
        // an allow-list per route, as the REST layer has: the backend reads path and query parameters from one map, so
        // ?index= would name the targets of a request whose path names none (GET /_search?index=secret)
        List<String> paramNames = new ArrayList<>();
        for (String n : params.names()) if (!BODY_PARAMS.contains(n)) paramNames.add(n);
        RouteParameters.check(c.method(), c.route(), "/" + String.join("/", c.pathSegments()), paramNames);
        IndexCatalog names = catalog;
        // _cat/indices lists open and closed indices unless told otherwise (Elasticsearch's IndicesOptions.strictExpand())
        ExpandWildcards defaults = c.route() != null && c.route().startsWith("/_cat/indices") ? OPEN_AND_CLOSED : ExpandWildcards.OPEN;
        ExpandWildcards expand = ExpandWildcards.parse(params.last("expand_wildcards"), defaults);
        List<String> concrete = null;
        IndexExpressions pathIndices = null;
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
                // the names written into the index segment: those of the targets on the path's index expressions (not
                // the alias names of PUT /{index}/_alias/{name}, another segment the backend reads itself)
                if (concrete == null) {
                    concrete = resolved.concreteNames();
                    pathIndices = target.indices();
                } else if (target.indices().equals(pathIndices)) {
                    concrete = concrete.stream().filter(resolved.concreteNames()::contains).toList();
                }
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
        if (params.last("ids") != null && c.body() == BodyKind.MGET) {
            // ?ids= names documents of the URL index (no index: the backend refuses): authorized like body items
            if (c.urlIndices() == null) throw EsException.validation(List.of("index is missing for doc 0"));
            String shard = c.targets().get(0).action().equals(ActionNames.MTV) ? ActionNames.MTV_SHARD : ActionNames.MGET_SHARD;
            ActionTarget ids = new ActionTarget(shard, c.urlIndices());
            IndexResolver.Resolved resolved = resolve(ids, names, expand, role);
            if (resolved.hasDenied() || resolved.isEmpty()) {
                throw DenialMessages.actionDenied(subject, shard, resolved.hasDenied() ? resolved.deniedExplicitNames() : List.of(c.defaultIndex()));
            }
        }
        boolean changesNames = c.targets().stream().anyMatch(t -> t.action().startsWith("indices:admin/"));
        List<String> autoCreates = autoCreates(c, names);
        if (!role.isSuperuser()) autoCreates.addAll(pipelineRedirects(subject, role, c, params, names, ingest, concrete));

        if (c.body() == BodyKind.BULK) {
            if (!content.isEmpty()) throw EsException.illegalArgument("a _bulk body cannot be given as the [source] parameter");
            return new Decision(path, Decision.BodyPlan.BULK, null, null, autoCreates, changesNames,
                    new BulkItemDecisions(subject, role, names, ingest, params.last("pipeline")));
        }
        if (c.body() == BodyKind.TEMPLATE && !role.isSuperuser()) {
            throw EsException.forbidden("action [" + c.targets().get(0).action() + "] is unauthorized for "
                    + DenialMessages.describe(subject) + ": Keygate cannot check the query a search template renders; only "
                    + "superusers may run search templates");
        }
        List<String> bodyIndices = new ArrayList<>();
        Decision d = bodyDecision(subject, role, c, content, names, expand, path, autoCreates, changesNames, bodyIndices);
        if (c.body() == BodyKind.REINDEX && !role.isSuperuser() && d.content() != null) d = reindexRedirects(subject, role, d, names, ingest);
        if (c.route() != null && c.route().endsWith("/_field_caps")) d = fieldCapsFieldsAsParameter(d, params);
        if (role.hasDocumentOrFieldSecurity()) {
            if (RestrictedReads.isGetDocument(c)) {
                String id = PathCodec.decode(c.pathSegments().get(2));
                byte[] search = restrictedReads.getAsSearch(subject, role, user, c, params, names, concrete, id);
                if (search != null) {
                    String index = PathCodec.decode(c.pathSegments().get(0));
                    boolean sourceOnly = c.route().endsWith("/_source/{id}");
                    Reshape asGet = filtered(new Reshape(GET_AS_SEARCH_PARAMS, bytes -> GetAnswers.fromSearch(bytes, index, id, sourceOnly)), params);
                    return new Decision("/" + c.pathSegments().get(0) + "/_search", Decision.BodyPlan.CHECKED, search,
                            BodyFormat.JSON, List.of(), false, null, java.util.Collections.emptySortedMap(), asGet);
                }
                return d;
            }
            boolean allDenied = !d.deniedItems().isEmpty() && d.content() == null;
            RestrictedReads.MgetSearches mget = allDenied ? null
                    : restrictedReads.mgetAsSearches(subject, role, user, c, params, names, d.content() == null ? new byte[0] : d.content());
            if (mget != null) {
                java.util.SortedMap<Integer, ObjectNode> denied = d.deniedItems();
                Reshape asMget = filtered(new Reshape(Set.of(), bytes -> {
                    Reshape.Reply docs = GetAnswers.fromMsearch(bytes, mget.docs());
                    return denied.isEmpty() ? docs : Reshape.Reply.of(ItemErrors.merge(BodyKind.MGET, docs.body(), denied));
                }), params);
                return new Decision("/_msearch", Decision.BodyPlan.CHECKED, mget.ndjson(), BodyFormat.NDJSON, List.of(), false, null,
                        java.util.Collections.emptySortedMap(), asMget);
            }
            byte[] restricted = restrictedReads.apply(subject, role, user, c, params, names, concrete, bodyIndices, expand,
                    d.content() == null ? new byte[0] : d.content());
            if (restricted != null) {
                BodyFormat format = c.body() == BodyKind.MSEARCH ? BodyFormat.NDJSON : BodyFormat.JSON;
                d = new Decision(d.path(), Decision.BodyPlan.CHECKED, restricted, format, d.autoCreates(), d.changesNames(), null);
            }
            Reshape fieldCaps = restrictedReads.fieldCaps(role, c, names, concrete);
            if (fieldCaps != null) {
                d = new Decision(d.path(), d.body(), d.content(), d.format(), d.autoCreates(), d.changesNames(), null,
                        java.util.Collections.emptySortedMap(), fieldCaps);
            }
        }
        return d;
    }

    /**
     * Elasticsearch takes {@code _field_caps}' {@code fields} in the body too (elasticsearch-java sends them there);
     * OpenSearch reads them from the URL only and answers 400 without them. The checked list goes as the parameter.
     */
    private static Decision fieldCapsFieldsAsParameter(Decision d, Params params) {
        if (d.body() != Decision.BodyPlan.CHECKED) return d;
        ObjectNode body = (ObjectNode) CanonicalJson.parse(d.content());
        JsonNode fields = body.remove("fields");
        if (fields == null) return d;
        if (params.last("fields") != null) {
            throw EsException.illegalArgument("can't specify a request body and [fields] request parameter, either specify a "
                    + "request body or the [fields] request parameter");
        }
        List<String> names = new ArrayList<>();
        if (fields.isArray()) fields.forEach(f -> names.add(f.asText())); else names.add(fields.asText());
        String path = d.path() + "?fields=" + java.net.URLEncoder.encode(String.join(",", names), java.nio.charset.StandardCharsets.UTF_8);
        return new Decision(path, Decision.BodyPlan.CHECKED, CanonicalJson.write(body), d.format(), d.autoCreates(),
                d.changesNames(), null, d.deniedItems(), d.answer());
    }

    /** The reshaped answer as the client's {@code filter_path} shapes it (the backend's request does not carry it). */
    private static Reshape filtered(Reshape reshape, Params params) {
        FilterPath filter = FilterPath.parse(params.last("filter_path"));
        if (filter == null) return reshape;
        return new Reshape(reshape.params(), bytes -> {
            Reshape.Reply answer = reshape.rewrite().apply(bytes);
            return new Reshape.Reply(answer.status(), CanonicalJson.write(filter.apply(CanonicalJson.parse(answer.body()))));
        });
    }

    /** The body plan, once the path's targets are granted: the body's own targets are decided here too. */
    private Decision bodyDecision(Subject subject, Role role, Classification c, RequestContent content, IndexCatalog names,
                                  ExpandWildcards expand, String path, List<String> autoCreates, boolean changesNames,
                                  List<String> bodyIndices) {
        if (!c.body().checked() && content.isEmpty()) {
            Decision.BodyPlan plan = c.body() == BodyKind.NONE ? Decision.BodyPlan.NONE : Decision.BodyPlan.STREAM;
            return new Decision(path, plan, null, null, autoCreates, changesNames, null);
        }
        if (c.body() == BodyKind.NONE) {
            throw EsException.illegalArgument("request [" + c.route() + "] does not support having a body");
        }
        if (content.isEmpty() && c.body() != BodyKind.INTERCEPTED) {
            return new Decision(path, Decision.BodyPlan.NONE, null, null, autoCreates, changesNames, null);
        }
        // a request that creates names is intercepted from its path alone too (a rollover's or resize's new index)
        RequestContent checkedContent = content.isEmpty() ? EMPTY_OBJECT : content;
        BodyChecks.Checked checked = bodies.check(c, checkedContent, role.isSuperuser(), expand);
        java.util.SortedMap<Integer, EsException> denials = new java.util.TreeMap<>();
        for (BodyChecks.Target t : checked.targets()) {
            if (t.item() >= 0 && denials.containsKey(t.item())) continue;
            try {
                bodyIndices.addAll(authorizeBodyTarget(subject, role, names, t));
            } catch (EsException e) {
                // a forbidden _mget doc or _msearch search gets its own error, as in Elasticsearch; the others are served
                if (t.item() < 0 || e.status() != 403) throw e;
                denials.put(t.item(), e);
            }
        }
        if (!denials.isEmpty()) {
            java.util.SortedMap<Integer, ObjectNode> rendered = ItemErrors.render(c.body(), checked.bytes(), denials, c.defaultIndex());
            int items = checked.targets().stream().mapToInt(BodyChecks.Target::item).max().orElse(-1) + 1;
            if (denials.size() == items) { // nothing left for the backend: Keygate answers alone
                return new Decision(path, Decision.BodyPlan.NONE, null, null, autoCreates, changesNames, null, rendered);
            }
            byte[] rest = BodyChecks.withoutItems(c.body(), checked.bytes(), denials.keySet());
            BodyFormat format = c.body() == BodyKind.MSEARCH ? BodyFormat.NDJSON : BodyFormat.JSON;
            return new Decision(path, Decision.BodyPlan.CHECKED, rest, format, autoCreates, changesNames, null, rendered);
        }
        checkNotWider(c, checked.bytes(), role, names);
        for (String created : checked.creates()) {
            if (names.get(created) == null && !role.grantsIndex(ActionNames.AUTO_CREATE, created)) {
                throw DenialMessages.actionDenied(subject, ActionNames.AUTO_CREATE, List.of(created));
            }
        }
        if (content.isEmpty()) return new Decision(path, Decision.BodyPlan.NONE, null, null, autoCreates, true, null);
        BodyFormat format = c.body() == BodyKind.MSEARCH || c.body() == BodyKind.TEMPLATE && content.format() == BodyFormat.NDJSON
                ? BodyFormat.NDJSON : BodyFormat.JSON;
        return new Decision(path, Decision.BodyPlan.CHECKED, checked.bytes(), format, autoCreates,
                changesNames || !checked.creates().isEmpty(), null);
    }

    /**
     * The names of {@link Decision#autoCreates()} whose existence decides the request: those the caller may not create.
     * Only these are looked up on the backend (a name created a moment ago may be missing from the cached catalog).
     */
    public static List<String> autoCreatesToLookUp(Role role, List<String> candidates) {
        return candidates.stream().filter(name -> !role.grantsIndex(ActionNames.AUTO_CREATE, name)).toList();
    }

    /** The names of {@link Decision#autoCreates()} against a catalog that has looked them up. */
    public void decideAutoCreate(Subject subject, Role role, List<String> candidates, IndexCatalog fresh) {
        for (String name : candidates) {
            if (fresh.get(name) == null && !role.grantsIndex(ActionNames.AUTO_CREATE, name)) {
                throw DenialMessages.actionDenied(subject, ActionNames.AUTO_CREATE, List.of(name));
            }
        }
    }

    /**
     * A request the route table does not know may touch anything: only a superuser may send it, and not even a
     * superuser when its path or parameters could reach Keygate's own index.
     */
    private Decision unknown(Subject subject, Role role, Classification c, Params params, RequestContent content) {
        // a spelling of /_security or /_keygate that routing did not take (//_security, %5Fsecurity) is never forwarded
        if (!role.isSuperuser() || c.keygateApi() || mayReachKeygateIndex(c, params)) {
            throw EsException.forbidden("action [" + c.method() + " /" + String.join("/", c.pathSegments())
                    + "] is unauthorized for " + DenialMessages.describe(subject) + ": Keygate does not classify this request; "
                    + "it is allowed only to superusers (cluster privilege [all] and every index privilege)");
        }
        if (content.isEmpty()) return new Decision(c.canonicalPath(), Decision.BodyPlan.NONE, null, null, List.of(), true, null);
        // a plugin API may take an index in its body (a SQL query, say): the decoded content may not name Keygate's index
        byte[] canonical = BodyChecks.canonical(content);
        if (new String(canonical, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("keygate")) {
            throw EsException.forbidden("action [/" + String.join("/", c.pathSegments()) + "] is unauthorized for "
                    + DenialMessages.describe(subject) + ": the request body names Keygate's own index");
        }
        return new Decision(c.canonicalPath(), Decision.BodyPlan.CHECKED, canonical, content.format(), List.of(), true, null);
    }

    /**
     * Names Keygate's index in any spelling, uses a wildcard or date math (resolved only by the backend), or asks for
     * hidden names: checked on the decoded path and every parameter, as the backend reads them.
     */
    private static boolean mayReachKeygateIndex(Classification c, Params params) {
        List<String> texts = new ArrayList<>();
        for (String segment : c.pathSegments()) texts.add(PathCodec.decode(segment));
        for (String name : params.names()) {
            texts.add(name);
            String v = params.last(name);
            if (v != null) texts.add(v);
        }
        for (String t : texts) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.contains("keygate") || lower.contains("*") || lower.contains("?") || lower.contains("<")
                    || lower.contains("{") || lower.contains("hidden") || lower.contains("_all")) return true;
        }
        return false;
    }

    private static boolean needsRewrite(IndexExpressions e) {
        return e.isAll() || e.hasWildcard() || e.hasDateMath();
    }

    private static IndexResolver.Resolved resolve(ActionTarget target, IndexCatalog names, ExpandWildcards expand, Role role) {
        Predicate<String> allowed = role.allowedIndicesMatcher(target.action());
        return IndexResolver.resolve(target.indices(), names, expand, ActionNames.wildcardKinds(target.action()),
                name -> !RestrictedIndices.isKeygateInternal(name) && allowed.test(name));
    }

    /**
     * A single-document write or {@code _update_by_query} that an ingest pipeline may send to another index: authorized
     * there too, or refused when the pipeline may send it anywhere. Returns the names it may create there.
     */
    private static List<String> pipelineRedirects(Subject subject, Role role, Classification c, Params params, IndexCatalog names,
                                                  IngestCatalog ingest, List<String> concrete) {
        String pipeline = params.last("pipeline");
        List<String> creates = new ArrayList<>();
        if (c.route() != null && c.route().endsWith("/_update_by_query")) {
            // each document is written back to its own index, through the pipeline given or that index's default one
            if (concrete == null) return creates;
            for (String name : concrete) {
                for (String index : PipelineChecks.indicesBehind(names, name)) {
                    IndexEffect effect = ingest.forWrite(pipeline, index, true, index);
                    creates.addAll(PipelineChecks.authorizeRedirect(subject, role, names, ActionNames.INDEX_OP_INDEX, index, effect));
                }
            }
            return creates;
        }
        for (ActionTarget t : c.targets()) {
            boolean writes = t.action().equals(ActionNames.INDEX_OP_CREATE) || t.action().equals(ActionNames.INDEX_OP_INDEX)
                    || t.action().equals(ActionNames.UPDATE);
            if (!writes || t.indices() == null) continue;
            for (IndexExpressions.Expression e : t.indices().expressions()) {
                if (e.wildcard() || e.exclusion()) continue;
                IndexEffect effect = PipelineChecks.effect(ingest, names, pipeline, e.name());
                creates.addAll(PipelineChecks.authorizeRedirect(subject, role, names, t.action(), e.name(), effect));
            }
        }
        return creates;
    }

    /** A reindex's destination writes, through {@code dest.pipeline} or the destination's default pipeline. */
    private Decision reindexRedirects(Subject subject, Role role, Decision d, IndexCatalog names, IngestCatalog ingest) {
        ReindexBodyClassifier.ReindexSpec spec = reindex.classify(d.content());
        String action = spec.destCreate() ? ActionNames.INDEX_OP_CREATE : ActionNames.INDEX_OP_INDEX;
        IndexEffect effect = PipelineChecks.effect(ingest, names, spec.destPipeline(), spec.destIndex());
        List<String> creates = PipelineChecks.authorizeRedirect(subject, role, names, action, spec.destIndex(), effect);
        if (creates.isEmpty()) return d;
        List<String> all = new ArrayList<>(d.autoCreates());
        all.addAll(creates);
        return new Decision(d.path(), d.body(), d.content(), d.format(), all, d.changesNames(), d.bulkItems(), d.deniedItems(), d.answer());
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

    /**
     * A target named inside a body (an _mget doc, an _msearch header, a lookup): authorized like a path target; a
     * wildcard inside a body cannot be rewritten in place, so it may not reach anything unauthorized.
     */
    private List<String> authorizeBodyTarget(Subject subject, Role role, IndexCatalog names, BodyChecks.Target bt) {
        ActionTarget t = bt.target();
        if (t.indices().hasRemote()) throw remote();
        if (!role.grantsIndexActionSomewhere(t.action())) throw DenialMessages.actionDenied(subject, t.action());
        IndexResolver.Resolved resolved = resolve(t, names, bt.expand(), role);
        if (resolved.hasDenied()) throw DenialMessages.actionDenied(subject, t.action(), resolved.deniedExplicitNames());
        if (t.indices().hasWildcard() || t.indices().isAll()) {
            if (bt.singleName()) throw DenialMessages.actionDenied(subject, t.action(), List.of(t.indices().toCsv()));
            IndexResolver.Resolved everything = IndexResolver.resolve(t.indices(), names, bt.expand(),
                    ActionNames.wildcardKinds(t.action()), n -> true);
            List<String> unauthorized = everything.concreteNames().stream().filter(n -> !resolved.concreteNames().contains(n)).toList();
            if (!unauthorized.isEmpty()) throw DenialMessages.actionDenied(subject, t.action(), unauthorized);
        }
        return resolved.concreteNames();
    }

    /**
     * Elasticsearch's request interceptors, once every target is granted: no added alias and no resize target may carry
     * more access than the names it comes from ({@link WideningRules}).
     */
    private void checkNotWider(Classification c, byte[] body, Role role, IndexCatalog names) {
        if (c.body() == BodyKind.ALIASES) {
            for (AliasesBodyClassifier.AliasAction a : aliases.classify(body)) {
                if (a.type() != AliasesBodyClassifier.Type.ADD) continue;
                WideningRules.aliasNotWider(role, concreteForAliases(a.indices(), names, role), explicitNames(a.aliases()));
            }
            return;
        }
        if (c.body() != BodyKind.INTERCEPTED) return;
        switch (InterceptedTargets.kind(c)) {
            case PUT_ALIAS -> WideningRules.aliasNotWider(role, concreteForAliases(c.targets().get(0).indices(), names, role),
                    InterceptedTargets.pathAliases(c));
            case RESIZE -> WideningRules.resizeTargetNotWider(role,
                    IndexExpressions.parseSingleName(PathCodec.decode(c.pathSegments().get(0)), clock),
                    InterceptedTargets.newIndex(c, clock));
            default -> { }
        }
    }

    /**
     * The indices an alias action reaches, as the backend will expand them (open and closed indices only), among
     * the authorized.
     */
    private static List<String> concreteForAliases(IndexExpressions e, IndexCatalog names, Role role) {
        return IndexResolver.resolve(e, names, new ExpandWildcards(true, true, false), ActionNames.wildcardKinds(ActionNames.ALIASES),
                role.allowedIndicesMatcher(ActionNames.ALIASES)::test).concreteNames();
    }

    /** Alias names without wildcards (an add with a wildcard alias is refused by the backend). */
    private static List<String> explicitNames(IndexExpressions e) {
        List<String> out = new ArrayList<>();
        if (e == null) return out;
        for (IndexExpressions.Expression x : e.expressions()) {
            if (!x.wildcard() && !x.exclusion()) out.add(x.name());
        }
        return out;
    }

    private static EsException remote() {
        return EsException.illegalArgument("remote cluster index expressions are not supported by Keygate");
    }

    public Clock clock() {
        return clock;
    }
}
