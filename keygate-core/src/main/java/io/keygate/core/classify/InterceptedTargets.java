package io.keygate.core.classify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.keygate.core.error.EsException;
import io.keygate.core.privilege.Actions;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What Elasticsearch authorizes beyond a request's own action when the request creates names
 * ({@link BodyKind#INTERCEPTED}):
 * <ul>
 *   <li>{@code PUT /{index}} with {@code aliases}: {@code indices:admin/aliases} on the index and on every alias
 *       ({@code AuthorizationService}, for any create-index action);</li>
 *   <li>rollover: {@code indices:admin/create} on an explicit new index, {@code indices:admin/aliases} on it and on the
 *       body's aliases (stricter than Elasticsearch, which only authorizes the rollover target);</li>
 *   <li>shrink / split / clone: {@code indices:admin/create} on the target, {@code indices:admin/aliases} on it and on the
 *       body's aliases (Elasticsearch only authorizes the source and checks the target with its
 *       {@code ResizeRequestInterceptor}, see {@code WideningRules}).</li>
 * </ul>
 * Pure: the route, the path and the body are all it reads.
 */
public final class InterceptedTargets {

    private InterceptedTargets() {}

    /** What a route creates, by template. */
    public enum Kind { CREATE_INDEX, ROLLOVER, RESIZE, PUT_ALIAS, NONE }

    public static Kind kind(Classification c) {
        String route = c.route();
        if (route == null) return Kind.NONE;
        if (route.equals("/{index}")) return Kind.CREATE_INDEX;
        if (route.startsWith("/{index}/_rollover")) return Kind.ROLLOVER;
        if (route.equals("/{index}/_shrink/{target}") || route.equals("/{index}/_split/{target}")
                || route.equals("/{index}/_clone/{target}")) return Kind.RESIZE;
        if (route.equals("/{index}/_alias/{alias}") || route.equals("/{index}/_aliases/{alias}")) return Kind.PUT_ALIAS;
        return Kind.NONE;
    }

    /** The extra targets to authorize (every one must be granted), from the path and the body's {@code aliases}. */
    public static List<ActionTarget> of(Classification c, byte[] body, Clock clock) {
        Kind kind = kind(c);
        if (kind == Kind.NONE || kind == Kind.PUT_ALIAS) return List.of();
        List<String> aliases = bodyAliases(body);
        List<ActionTarget> out = new ArrayList<>();
        String created = kind == Kind.CREATE_INDEX ? null : newIndex(c, clock);
        if (created != null) {
            out.add(new ActionTarget(Actions.CREATE_INDEX, IndexExpressions.parse(List.of(created), clock)));
        }
        if (!aliases.isEmpty()) {
            List<String> names = new ArrayList<>();
            if (kind == Kind.CREATE_INDEX) {
                names.add(IndexExpressions.parseSingleName(PathCodec.decode(c.pathSegments().get(c.indexSegment())), clock));
            } else if (created != null) {
                names.add(created);
            }
            for (String a : aliases) names.add(IndexExpressions.parseSingleName(a, clock));
            out.add(new ActionTarget(ActionNames.ALIASES, IndexExpressions.parse(names, clock)));
        }
        return out;
    }

    /** The new index named in the path: rollover's {@code {new_index}}, a resize's {@code {target}}; else null. */
    public static String newIndex(Classification c, Clock clock) {
        Kind kind = kind(c);
        if ((kind != Kind.ROLLOVER && kind != Kind.RESIZE) || c.pathSegments().size() < 3) return null;
        return IndexExpressions.parseSingleName(PathCodec.decode(c.pathSegments().get(2)), clock);
    }

    /** The alias names {@code PUT /{index}/_alias/{alias}} adds (decoded, comma list), else empty. */
    public static List<String> pathAliases(Classification c) {
        if (kind(c) != Kind.PUT_ALIAS) return List.of();
        return List.of(PathCodec.decode(c.pathSegments().get(2)).split(","));
    }

    /**
     * The names of the top-level {@code aliases} object of a create-index, rollover or resize body. An empty or absent
     * body has none.
     */
    public static List<String> bodyAliases(byte[] body) {
        List<String> out = new ArrayList<>();
        if (body == null || body.length == 0) return out;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) return out;
            if (t != JsonToken.START_OBJECT) {
                throw EsException.parse("request body must be a JSON object");
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                t = p.nextToken();
                if (!field.equals("aliases")) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw EsException.parse("[aliases] must be an object of alias names");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    out.add(p.currentName());
                    p.nextToken();
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw EsException.parse("request body must be one JSON object");
            }
        } catch (IOException e) {
            throw Json.parseError(e);
        }
        return out;
    }
}
