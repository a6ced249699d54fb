package io.keygate.core.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * What a REST request does, in Elasticsearch's terms.
 *
 * @param targets       the actions to authorize (all must be granted), each with its index expressions
 * @param body          what the server must read from the body before forwarding
 * @param known         false when the route table does not know the request: the server refuses it unless the caller
 *                      holds the cluster privilege {@code all}
 * @param defaultIndex  the URL index of {@code _bulk}, {@code _mget}, {@code _msearch} (decoded, date math resolved;
 *                      a comma list for {@code _msearch}), or {@code null}
 * @param urlIndices    the parsed URL index of a composite request ({@code _msearch}: the default for headers without
 *                      index), or {@code null}
 * @param indexSegment  position (in {@link #pathSegments}) of the index segment, or -1
 * @param indexInsertAt for an index-less form ({@code /_search}): the position where an index segment would go, or -1
 * @param pathSegments  the raw (still encoded) non-empty path segments
 * @param route         the matched route template ({@code /{index}/_search}), {@code null} when unknown
 * @param keygateApi    {@code /_security/*} or {@code /_keygate/*}: served by Keygate itself, never classified here
 *                      ({@code known} is false so that forgetting to route them first fails closed)
 * @param method        the HTTP method the route matched ({@code GET} for {@code HEAD})
 */
public record Classification(List<ActionTarget> targets, BodyKind body, boolean known, String defaultIndex,
                             IndexExpressions urlIndices, int indexSegment, int indexInsertAt, List<String> pathSegments, String route,
                             boolean keygateApi, String method) {

    public Classification {
        targets = List.copyOf(targets);
        pathSegments = List.copyOf(pathSegments);
    }

    static Classification unknown(List<String> segments, String method) {
        return new Classification(List.of(), BodyKind.OPAQUE, false, null, null, -1, -1, segments, null, false, method);
    }

    static Classification keygate(List<String> segments, String method) {
        return new Classification(List.of(), BodyKind.OPAQUE, false, null, null, -1, -1, segments, null, true, method);
    }

    /** Can the server put resolved names into the path ({@link #rewritePath})? */
    public boolean rewritable() {
        return indexSegment >= 0 || indexInsertAt >= 0;
    }

    /** Does any target name a remote cluster ({@code cluster:index})? Keygate refuses those. */
    public boolean hasRemote() {
        for (ActionTarget t : targets) {
            if (t.indices() != null && t.indices().hasRemote()) {
                return true;
            }
        }
        return false;
    }

    /** The path with no empty segments, as the backend will read it. */
    public String canonicalPath() {
        return pathSegments.isEmpty() ? "/" : "/" + String.join("/", pathSegments);
    }

    /**
     * The raw path with the index segment replaced (or, for an index-less form, inserted) by {@code names}, each
     * percent-encoded, joined by commas. An empty list writes {@link IndexResolver#MATCH_NOTHING}. The query string is
     * the caller's.
     */
    public String rewritePath(List<String> names) {
        if (!rewritable()) {
            throw new IllegalStateException("route " + route + " has no index segment");
        }
        StringBuilder seg = new StringBuilder();
        if (names.isEmpty()) {
            seg.append(IndexResolver.MATCH_NOTHING);
        } else {
            for (String n : names) {
                if (!seg.isEmpty()) {
                    seg.append(',');
                }
                // keep the match-nothing pattern readable; every real name is encoded
                seg.append(n.equals("*") || n.equals("-*") ? n : PathCodec.encode(n));
            }
        }
        List<String> out = new ArrayList<>(pathSegments);
        if (indexSegment >= 0) {
            out.set(indexSegment, seg.toString());
        } else {
            out.add(indexInsertAt, seg.toString());
        }
        return "/" + String.join("/", out);
    }
}
