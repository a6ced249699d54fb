package io.keygate.server.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.authc.Authentication;
import io.keygate.core.authz.DenialMessages;
import io.keygate.core.authz.Subject;
import io.keygate.core.classify.ActionNames;
import io.keygate.core.classify.Classification;
import io.keygate.core.classify.PathCodec;
import io.keygate.core.context.ContextId;
import io.keygate.core.context.ContextIds;
import io.keygate.core.context.JsonStrings;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.ActionScope;
import io.keygate.core.role.RestrictedIndices;
import io.keygate.core.role.Role;
import io.keygate.server.wire.Bodies;
import io.keygate.server.wire.Json;
import io.keygate.server.wire.Responses;
import io.keygate.server.proxy.Proxy;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Scroll and point-in-time contexts answer only to the identity that opened them, on every Keygate node, as in
 * Elasticsearch ({@code SecuritySearchOperationListener}). The backend's ids never reach a client: responses carrying
 * {@code _scroll_id} / {@code pit_id} are buffered and their id replaced by a signed Keygate id ({@link ContextIds})
 * naming the owner (and, for a PIT, the indices it was opened on); requests carrying one are unwrapped. An id that does
 * not verify, or that another identity opened, is a 404 {@code search_context_missing_exception}.
 */
final class OwnedContexts {
    private final ContextIds ids;
    private final long maxContentLength;

    OwnedContexts(ContextIds ids, long maxContentLength) {
        this.ids = ids;
        this.maxContentLength = maxContentLength;
    }

    private enum Op { SCROLL, CLEAR_SCROLL, OPEN_PIT_ES, OPEN_PIT, CLOSE_PIT_ES, CLOSE_PIT }

    private static Op op(HttpServerRequest req, Classification c) {
        String route = c.route();
        if (route == null) return null;
        boolean delete = req.method() == HttpMethod.DELETE;
        return switch (route) {
            case "/_search/scroll", "/_search/scroll/{scroll_id}" -> delete ? Op.CLEAR_SCROLL : Op.SCROLL;
            case "/{index}/_pit" -> Op.OPEN_PIT_ES;
            case "/{index}/_search/point_in_time" -> Op.OPEN_PIT;
            case "/_pit" -> Op.CLOSE_PIT_ES;
            case "/_search/point_in_time" -> Op.CLOSE_PIT;
            default -> null;
        };
    }

    /**
     * Scroll, clear scroll, PIT open and close (already authorized by action; {@code body} the checked content, decoded):
     * the forward that binds or checks the context; {@code null} for any other request.
     */
    ProxyAuthorizer.Forward forward(HttpServerRequest req, Classification c, Authentication auth, Role role, Subject subject,
                                    String uri, byte[] body) {
        Op op = op(req, c);
        if (op == null) return null;
        String owner = ContextId.ownerOf(auth);
        return switch (op) {
            case SCROLL -> scroll(req, c, owner, body);
            case CLEAR_SCROLL -> clearScroll(req, c, owner, role, subject, body);
            case OPEN_PIT, OPEN_PIT_ES -> openPit(req, c, owner, uri, op == Op.OPEN_PIT_ES);
            case CLOSE_PIT, CLOSE_PIT_ES -> closePit(owner, body, op == Op.CLOSE_PIT_ES);
        };
    }

    /**
     * A search (body already read and checked): with a PIT, authorized against the PIT's indices and sent without an
     * index; with {@code scroll}, its scroll id bound to the caller. Anything else goes as {@code otherwise}.
     */
    ProxyAuthorizer.Forward search(HttpServerRequest req, Classification c, Authentication auth, Role role, Subject subject,
                                   String uri, Buffer body, byte[] plain, ProxyAuthorizer.Forward otherwise) {
        List<String> pits = JsonStrings.read(plain, "pit", "id");
        String owner = ContextId.ownerOf(auth);
        if (!pits.isEmpty()) {
            if (c.indexSegment() >= 0) {
                throw EsException.illegalArgument("[indices] cannot be used with point in time. Do not specify any index with point in time.");
            }
            ContextId pit = owned(pits.get(0), owner, ContextId.Kind.PIT);
            List<String> denied = pit.indices().stream()
                    .filter(i -> RestrictedIndices.isKeygateInternal(i) || !role.grantsIndex(ActionNames.SEARCH, i)).toList();
            if (!denied.isEmpty()) throw DenialMessages.actionDenied(subject, ActionNames.SEARCH, denied);
            byte[] rewritten = JsonStrings.replace(plain, id -> pit.backendId(), "pit", "id");
            String path = c.canonicalPath() + RequestAuthorizer.query(req, false);
            return (proxy, r) -> BufferedAnswer.send(proxy, r, path, Buffer.buffer(rewritten), BufferedAnswer.STREAMED, rewrap(ContextId.Kind.PIT, owner, pit.indices(), "pit_id"));
        }
        if (req.params().contains("scroll") && c.route() != null && c.route().endsWith("/_search")) {
            return (proxy, r) -> BufferedAnswer.send(proxy, r, uri, body.length() == 0 ? null : Buffer.buffer(plain), BufferedAnswer.STREAMED,
                    rewrap(ContextId.Kind.SCROLL, owner, List.of(), "_scroll_id"));
        }
        return otherwise;
    }

    // ---- scroll

    private ProxyAuthorizer.Forward scroll(HttpServerRequest req, Classification c, String owner, byte[] body) {
        String pathId = c.pathSegments().size() > 2 ? PathCodec.decode(c.pathSegments().get(2)) : null;
        List<String> bodyIds = body.length == 0 ? List.of() : JsonStrings.read(body, "scroll_id");
        String paramId = RequestAuthorizer.lastParam(req, "scroll_id");
        if (pathId == null && bodyIds.isEmpty() && paramId == null) {
            throw EsException.validation(List.of("scrollId is missing"));
        }
        String path = "/_search/scroll";
        if (pathId != null) path += "/" + PathCodec.encode(owned(pathId, owner, ContextId.Kind.SCROLL).backendId());
        byte[] out = body;
        if (!bodyIds.isEmpty()) {
            for (String id : bodyIds) owned(id, owner, ContextId.Kind.SCROLL);
            out = JsonStrings.replace(body, id -> ids.unwrap(id).orElseThrow().backendId(), "scroll_id");
        }
        String query = paramId == null ? RequestAuthorizer.query(req, false)
                : replaceParam(RequestAuthorizer.query(req, false), "scroll_id", owned(paramId, owner, ContextId.Kind.SCROLL).backendId());
        String uri = path + query;
        Buffer send = out.length == 0 ? null : Buffer.buffer(out);
        return (proxy, r) -> BufferedAnswer.send(proxy, r, uri, send, BufferedAnswer.STREAMED, rewrap(ContextId.Kind.SCROLL, owner, List.of(), "_scroll_id"));
    }

    /**
     * Clears the caller's own scrolls; ids that do not verify or belong to someone else are unknown (as on a backend
     * that never had them). {@code _all} is Elasticsearch's {@code cluster:admin/indices/scroll/clear_all}: granted by a
     * cluster privilege, it clears every scroll, as there.
     */
    private ProxyAuthorizer.Forward clearScroll(HttpServerRequest req, Classification c, String owner, Role role, Subject subject,
                                                byte[] body) {
        List<String> given = new ArrayList<>();
        if (c.pathSegments().size() > 2) given.addAll(Arrays.asList(PathCodec.decode(c.pathSegments().get(2)).split(",")));
        if (body.length > 0) given.addAll(JsonStrings.read(body, "scroll_id"));
        if (given.isEmpty()) throw EsException.validation(List.of("no scroll ids specified"));
        if (given.contains("_all")) {
            if (!role.grantsCluster(ActionScope.CLEAR_SCROLL_ALL)) throw DenialMessages.actionDenied(subject, ActionScope.CLEAR_SCROLL_ALL);
            return (proxy, r) -> BufferedAnswer.send(proxy, r, "/_search/scroll/_all", null, BufferedAnswer.STREAMED, UnaryOperator.identity());
        }
        ArrayNode backendIds = Json.array();
        for (String id : given) mine(id, owner, ContextId.Kind.SCROLL).ifPresent(ctx -> backendIds.add(ctx.backendId()));
        if (backendIds.isEmpty()) {
            return (proxy, r) -> Responses.json(r, 404, Json.object().put("succeeded", true).put("num_freed", 0));
        }
        ObjectNode out = Json.object();
        out.set("scroll_id", backendIds);
        return (proxy, r) -> BufferedAnswer.send(proxy, r, "/_search/scroll", Json.toBuffer(out), BufferedAnswer.STREAMED, UnaryOperator.identity());
    }

    // ---- point in time

    /**
     * Opens a PIT on the authorized names (the path the authorizer rewrote), bound to the caller and to those names.
     * Elasticsearch's {@code POST /{index}/_pit} is sent as OpenSearch's {@code _search/point_in_time} and answered in
     * Elasticsearch's shape ({@code {"id": …}}).
     */
    private ProxyAuthorizer.Forward openPit(HttpServerRequest req, Classification c, String owner, String uri, boolean esShape) {
        String rawIndex = uri.substring(1).split("[/?]", 2)[0];
        String decoded = PathCodec.decode(rawIndex);
        List<String> indices = decoded.equals("*,-*") ? List.of() : List.of(decoded.split(","));
        if (!esShape) {
            return (proxy, r) -> BufferedAnswer.send(proxy, r, uri, null, BufferedAnswer.STREAMED, rewrap(ContextId.Kind.PIT, owner, indices, "pit_id"));
        }
        String backendUri = "/" + rawIndex + "/_search/point_in_time" + RequestAuthorizer.query(req, false);
        return (proxy, r) -> BufferedAnswer.send(proxy, r, backendUri, null, BufferedAnswer.PARSED, bytes -> {
            JsonNode os = Json.parse(Buffer.buffer(bytes));
            ObjectNode es = Json.object();
            es.put("id", ids.wrap(new ContextId(ContextId.Kind.PIT, owner, indices, os.path("pit_id").asText())));
            if (os.has("_shards")) es.set("_shards", os.get("_shards"));
            return Json.toBuffer(es).getBytes();
        });
    }

    /** Closes the caller's own PITs; others' (and ids that do not verify) are unknown. */
    private ProxyAuthorizer.Forward closePit(String owner, byte[] body, boolean esShape) {
        List<String> given = body.length == 0 ? List.of() : JsonStrings.read(body, esShape ? "id" : "pit_id");
        if (given.isEmpty()) throw EsException.validation(List.of(esShape ? "id is missing" : "pit_id is missing"));
        Map<String, String> wrappedByBackend = new LinkedHashMap<>();
        for (String id : given) mine(id, owner, ContextId.Kind.PIT).ifPresent(ctx -> wrappedByBackend.put(ctx.backendId(), id));
        if (wrappedByBackend.isEmpty()) {
            if (esShape) return (proxy, r) -> Responses.json(r, 404, Json.object().put("succeeded", true).put("num_freed", 0));
            return (proxy, r) -> Responses.error(r, missing(given.get(0)));
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("pit_id");
        wrappedByBackend.keySet().forEach(list::add);
        return (proxy, r) -> BufferedAnswer.send(proxy, r, "/_search/point_in_time", Json.toBuffer(out), BufferedAnswer.PARSED, bytes -> {
            JsonNode answer = Json.parse(Buffer.buffer(bytes));
            if (esShape) {
                int freed = 0;
                for (JsonNode p : answer.path("pits")) if (p.path("successful").asBoolean()) freed++;
                return Json.toBuffer(Json.object().put("succeeded", freed == wrappedByBackend.size()).put("num_freed", freed)).getBytes();
            }
            for (JsonNode p : answer.path("pits")) {
                String wrapped = wrappedByBackend.get(p.path("pit_id").asText());
                if (p instanceof ObjectNode o) o.put("pit_id", wrapped == null ? "" : wrapped);
            }
            return Json.toBuffer(answer).getBytes();
        });
    }

    // ---- ids

    /** The context behind an id the caller owns, or Elasticsearch's 404 for anything else. */
    private ContextId owned(String id, String owner, ContextId.Kind kind) {
        return mine(id, owner, kind).orElseThrow(() -> missing(id));
    }

    private Optional<ContextId> mine(String id, String owner, ContextId.Kind kind) {
        return ids.unwrap(id).filter(ctx -> ctx.kind() == kind && ctx.owner().equals(owner));
    }

    private static EsException missing(String id) {
        String shown = id.length() > 200 ? id.substring(0, 200) + "…" : id;
        return EsException.notFound("search_context_missing_exception", "No search context found for id [" + shown + "]");
    }

    /** Replaces the backend id at {@code field} of a successful answer by a Keygate id for the same owner. */
    private UnaryOperator<byte[]> rewrap(ContextId.Kind kind, String owner, List<String> indices, String field) {
        return bytes -> JsonStrings.replace(bytes, backendId -> ids.wrap(new ContextId(kind, owner, indices, backendId)), field);
    }

    private static String replaceParam(String query, String name, String value) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.isEmpty() ? new String[0] : query.substring(1).split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            out.append(out.isEmpty() ? "?" : "&");
            out.append(key.equals(name) ? name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8) : pair);
        }
        return out.toString();
    }
}
