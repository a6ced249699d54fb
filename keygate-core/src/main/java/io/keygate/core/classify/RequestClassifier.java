package io.keygate.core.classify;

import io.keygate.core.error.EsException;
import io.keygate.core.privilege.ActionScope;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a REST request into the actions Elasticsearch would authorize, using a {@link RouteTable}. Pure: no I/O; the
 * clock resolves date math index names.
 *
 * <p>Paths under {@code /_security/} and {@code /_keygate/} are Keygate's own APIs: the server must route them before
 * calling this; if it does not, the result says {@code keygateApi} and {@code known=false} (fails closed).
 */
public final class RequestClassifier {

    private final RouteTable table;
    private final Clock clock;
    private final boolean destructiveRequiresName;

    /**
     * @param destructiveRequiresName Elasticsearch's {@code action.destructive_requires_name} (default true): deleting,
     *                                closing or blocking indices (and deleting data streams) by wildcard or {@code _all}
     *                                is refused. It must be enforced here: once the server has rewritten a wildcard to
     *                                the authorized names, the backend's own check can no longer see it.
     */
    public RequestClassifier(RouteTable table, Clock clock, boolean destructiveRequiresName) {
        this.table = table;
        this.clock = clock;
        this.destructiveRequiresName = destructiveRequiresName;
    }

    public RequestClassifier(Clock clock) {
        this(RouteTable.DEFAULT, clock, true);
    }

    public Clock clock() {
        return clock;
    }

    /**
     * @throws EsException 400 for a malformed path (bad percent-encoding, {@code .}/{@code ..} segments, invalid index
     *                     names where the route takes an index)
     */
    public Classification classify(RestRequest request) {
        List<String> segs = PathCodec.segments(request.rawPath());
        if (!segs.isEmpty()) {
            String first = PathCodec.decode(segs.get(0)); // the backend decodes it too: %5Fsecurity is _security
            if (first.equals("_security") || first.equals("_keygate")) return Classification.keygate(segs, request.method());
        }
        for (String s : segs) {
            String d = PathCodec.decode(s); // rejects bad escapes for every segment, not only the ones we read
            if (d.equals(".") || d.equals("..")) {
                throw EsException.illegalArgument("path segment [" + d + "] is not allowed in [" + request.rawPath() + "]");
            }
        }
        String method = request.method() == null ? "" : request.method();
        RouteTable.Match match = table.match(method, segs);
        if (match == null) {
            return Classification.unknown(segs, method);
        }
        RouteTable.Route route = match.route();

        IndexExpressions indices = null;
        if (route.indexSegment() >= 0) {
            String raw = segs.get(route.indexSegment());
            indices = route.indexMode() == RouteTable.IndexMode.SINGLE
                    ? single(PathCodec.decode(raw))
                    : IndexExpressions.parsePath(raw, clock);
        } else if (route.indexInsertAt() >= 0) {
            indices = IndexExpressions.ALL;
        }
        if (route.destructive() && destructiveRequiresName && indices != null && indices.hasWildcard()) {
            throw EsException.illegalArgument("Wildcard expressions or all indices are not allowed");
        }

        List<ActionTarget> targets = new ArrayList<>(4);
        String defaultIndex = null;
        IndexExpressions urlIndices = null;
        if (route.composite()) {
            for (String a : route.actions()) {
                targets.add(new ActionTarget(a, null));
            }
            if (indices != null && !indices.isAll()) {
                defaultIndex = indices.toCsv();
                urlIndices = indices;
            }
        } else {
            switch (route.special()) {
                case DOC_INDEX, DOC_CREATE -> {
                    boolean create = route.special() == RouteTable.Special.DOC_CREATE
                            || match.raw("id") == null // auto id: the REST layer forces op_type=create
                            || "create".equals(request.param("op_type"));
                    targets.add(new ActionTarget(ActionNames.INDEX, indices));
                    targets.add(new ActionTarget(ActionNames.BULK_SHARD, indices));
                    targets.add(new ActionTarget(create ? ActionNames.INDEX_OP_CREATE : ActionNames.INDEX_OP_INDEX, indices));
                }
                case DOC_WRITE -> {
                    targets.add(new ActionTarget(route.actions().get(0), indices));
                    targets.add(new ActionTarget(ActionNames.BULK_SHARD, indices));
                }
                case ALIAS_NAMES -> {
                    targets.add(new ActionTarget(ActionNames.ALIASES, indices));
                    targets.add(new ActionTarget(ActionNames.ALIASES, IndexExpressions.parsePath(match.raw("alias"), clock)));
                }
                case FIRST_ACTION_COMPOSITE -> {
                    targets.add(new ActionTarget(route.actions().get(0), null));
                    for (String a : route.actions().subList(1, route.actions().size())) {
                        targets.add(new ActionTarget(a, indices));
                    }
                }
                case NONE -> {
                    for (String a : route.actions()) {
                        targets.add(new ActionTarget(a, ActionScope.isIndex(a) ? indices : null));
                    }
                }
            }
        }
        return new Classification(targets, route.body(), true, defaultIndex, urlIndices, route.indexSegment(), route.indexInsertAt(),
                segs, route.template(), false, method);
    }

    private IndexExpressions single(String decoded) {
        IndexExpressions e = IndexExpressions.parse(List.of(decoded), clock);
        if (e.isAll()) {
            throw IndexExpressions.invalidName(decoded, "must not start with '_', '-', or '+'");
        }
        IndexExpressions.Expression x = e.expressions().get(0);
        if (!x.remote() && x.wildcard()) {
            throw IndexExpressions.invalidName(decoded, "must not contain the following characters " + IndexExpressions.INVALID_CHARS);
        }
        return e;
    }
}
