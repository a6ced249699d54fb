package io.keygate.core.classify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.keygate.core.error.EsException;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code actions[]} of a {@code POST /_aliases} body. Elasticsearch authorizes {@code indices:admin/aliases}
 * on every index and every alias named in {@code add} / {@code remove}, and {@code indices:admin/delete} on the indices
 * of {@code remove_index}.
 */
public final class AliasesBodyClassifier {

    public enum Type { ADD, REMOVE, REMOVE_INDEX }

    /** One alias action: its indices ({@code index}/{@code indices}) and aliases ({@code alias}/{@code aliases}). */
    public record AliasAction(Type type, IndexExpressions indices, IndexExpressions aliases) {

        public List<ActionTarget> targets() {
            if (type == Type.REMOVE_INDEX) {
                return List.of(new ActionTarget("indices:admin/delete", indices));
            }
            return List.of(new ActionTarget(ActionNames.ALIASES, indices), new ActionTarget(ActionNames.ALIASES, aliases));
        }
    }

    private final Clock clock;

    public AliasesBodyClassifier(Clock clock) {
        this.clock = clock;
    }

    public List<AliasAction> classify(byte[] body) {
        List<AliasAction> out = new ArrayList<>();
        try (JsonParser p = Json.FACTORY.createParser(body == null ? new byte[0] : body)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw EsException.validation(List.of("no actions specified"));
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                t = p.nextToken();
                if (!"actions".equals(key)) {
                    throw EsException.badRequest("x_content_parse_exception", "[aliases] unknown field [" + key + "]");
                }
                if (t != JsonToken.START_ARRAY) {
                    throw EsException.badRequest("x_content_parse_exception", "[aliases] actions must be an array");
                }
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                        throw EsException.illegalArgument("[alias_action] expected an object with one action");
                    }
                    Type type = switch (p.currentName()) {
                        case "add" -> Type.ADD;
                        case "remove" -> Type.REMOVE;
                        case "remove_index" -> Type.REMOVE_INDEX;
                        default -> throw EsException.illegalArgument("[alias_action] unknown field [" + p.currentName() + "]");
                    };
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw EsException.illegalArgument("[alias_action] [" + type.name().toLowerCase(java.util.Locale.ROOT)
                                + "] must be an object");
                    }
                    List<String> indices = new ArrayList<>(), aliases = new ArrayList<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        t = p.nextToken();
                        switch (f) {
                            case "index", "indices" -> strings(p, t, f, indices);
                            case "alias", "aliases" -> strings(p, t, f, aliases);
                            default -> p.skipChildren();
                        }
                    }
                    if (p.nextToken() != JsonToken.END_OBJECT) {
                        throw EsException.illegalArgument("[alias_action] expected one action per object");
                    }
                    if (indices.isEmpty()) {
                        throw EsException.validation(List.of("One of [index] or [indices] is required"));
                    }
                    if (type != Type.REMOVE_INDEX && aliases.isEmpty()) {
                        throw EsException.validation(List.of("One of [alias] or [aliases] is required"));
                    }
                    out.add(new AliasAction(type, IndexExpressions.parse(indices, clock),
                            aliases.isEmpty() ? null : IndexExpressions.parse(aliases, clock)));
                }
            }
        } catch (IOException e) {
            throw Json.parseError(e);
        }
        if (out.isEmpty()) {
            throw EsException.validation(List.of("no actions specified"));
        }
        return out;
    }

    private static void strings(JsonParser p, JsonToken t, String field, List<String> into) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            into.add(p.getText());
        } else if (t == JsonToken.START_ARRAY) {
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) {
                    throw EsException.illegalArgument("[" + field + "] must be a string or an array of strings");
                }
                into.add(p.getText());
            }
        } else {
            throw EsException.illegalArgument("[" + field + "] must be a string or an array of strings");
        }
    }
}
