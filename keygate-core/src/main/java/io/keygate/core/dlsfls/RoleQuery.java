package io.keygate.core.dlsfls;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.keygate.core.user.User;
import io.keygate.core.error.EsException;
import io.keygate.core.query.BodyShape;
import io.keygate.core.query.DslListener;
import io.keygate.core.query.DslWalker;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One role's document-level security query, as stored ({@code indices[].query}): a query, or a template
 * ({@code {"template":{"source":..., "params":{...}}}}) rendered per user with mustache.java, as Elasticsearch's
 * {@code SecurityQueryTemplateEvaluator} does, with {@code _user.username}, {@code full_name}, {@code email},
 * {@code roles}, {@code metadata}. Values are JSON-escaped as they are substituted.
 */
public final class RoleQuery {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectNode MATCH_NONE = (ObjectNode) MAPPER.createObjectNode().set("match_none",
            MAPPER.createObjectNode());

    private final String source;
    private final ObjectNode query;       // a plain query, checked
    private final Mustache template;      // or a template
    private final Map<String, Object> params;

    private RoleQuery(String source, ObjectNode query, Mustache template, Map<String, Object> params) {
        this.source = source;
        this.query = query;
        this.template = template;
        this.params = params;
    }

    /**
     * Compiles a stored role query. A query Keygate cannot read (a role stored before validation existed, say)
     * becomes {@code match_none}: the grant then shows no document, it never shows all of them.
     */
    public static RoleQuery compile(String source) {
        try {
            return parse(source);
        } catch (EsException e) {
            return new RoleQuery(source, MATCH_NONE, null, Map.of());
        }
    }

    /**
     * The errors Elasticsearch's {@code DLSRoleQueryValidator} would report for a role query, plus what Keygate
     * cannot apply; empty if valid. Checked when a role or an API key is created.
     */
    public static List<String> validate(String source) {
        try {
            RoleQuery q = parse(source);
            if (q.template != null) {
                // a template's rendered query is checked with a placeholder user, as far as it can be
                q.render(new User("_validation_user", List.of(), null, null, Map.of(), true));
            }
            return List.of();
        } catch (EsException e) {
            return List.of(e.reason());
        }
    }

    private static RoleQuery parse(String source) {
        JsonNode node;
        try {
            node = MAPPER.readTree(source);
        } catch (IOException e) {
            throw EsException.parse("failed to parse role query: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode obj)) {
            throw EsException.parse("failed to parse role query: the query must be an object");
        }
        if (obj.size() == 1 && obj.has("template")) {
            JsonNode t = obj.get("template");
            if (!t.isObject() || !t.has("source")) {
                throw EsException.parse("role query templates must have a [source] (stored scripts are not supported)");
            }
            for (String key : (Iterable<String>) t::fieldNames) {
                if (!key.equals("source") && !key.equals("params") && !key.equals("lang")) {
                    throw EsException.parse("role query template does not support [" + key + "]");
                }
            }
            if (t.has("lang") && !t.get("lang").asText().equals("mustache")) {
                throw EsException.parse("role query templates must be mustache templates");
            }
            JsonNode src = t.get("source");
            String text = src.isTextual() ? src.asText() : src.toString();
            Mustache m;
            try {
                m = new JsonMustacheFactory().compile(new StringReader(text), "role-query");
            } catch (RuntimeException e) {
                throw EsException.parse("failed to compile role query template: " + e.getMessage());
            }
            Map<String, Object> params = t.has("params") ? MAPPER.convertValue(t.get("params"), Map.class) : Map.of();
            return new RoleQuery(source, null, m, params);
        }
        return new RoleQuery(source, checked(obj), null, Map.of());
    }

    /** A role query must be checkable and must not read other documents (Elasticsearch's own refusals). */
    static ObjectNode checked(ObjectNode query) {
        List<String> refused = new ArrayList<>();
        DslListener refuse = new DslListener() {
            @Override
            public void lookup(io.keygate.core.query.Lookup lookup) {
                refused.add(switch (lookup.kind()) {
                    case "terms" -> "terms query with terms lookup isn't supported as part of a role query";
                    case "geo_shape", "xy_shape", "shape" ->
                            "geoshape query referring to indexed shapes isn't supported as part of a role query";
                    case "percolate" -> "percolate query isn't supported as part of a role query";
                    default -> lookup.kind() + " query reading other documents isn't supported as part of a role query";
                });
            }

            @Override
            public void feature(Feature feature, String detail) {
                if (feature == Feature.JOIN_QUERY) {
                    refused.add(detail + " query isn't supported as part of a role query");
                }
            }
        };
        ObjectNode out = new DslWalker(true, refuse).body(query, BodyShape.QUERY);
        if (!refused.isEmpty()) {
            throw EsException.illegalArgument(refused.get(0));
        }
        return out;
    }

    /** The query for this user (a template rendered and checked; a plain query as is). */
    public ObjectNode render(User user) {
        if (template == null) {
            return query;
        }
        Map<String, Object> scope = new HashMap<>(params);
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("username", user.username());
        u.put("full_name", user.fullName());
        u.put("email", user.email());
        u.put("roles", user.roles());
        u.put("metadata", user.metadata());
        scope.put("_user", u);
        StringWriter w = new StringWriter();
        template.execute(w, scope);
        JsonNode rendered;
        try {
            rendered = MAPPER.readTree(w.toString());
        } catch (IOException e) {
            throw EsException.parse("failed to parse the rendered role query: " + e.getMessage());
        }
        if (!(rendered instanceof ObjectNode obj)) {
            throw EsException.parse("the rendered role query is not an object");
        }
        return checked(obj);
    }

    public boolean isTemplate() {
        return template != null;
    }

    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoleQuery r && r.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    /** Mustache with JSON string escaping, as Elasticsearch renders templates whose content type is JSON. */
    private static final class JsonMustacheFactory extends DefaultMustacheFactory {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(JsonStringEncoder.getInstance().quoteAsString(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
