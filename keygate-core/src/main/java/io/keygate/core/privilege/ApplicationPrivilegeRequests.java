package io.keygate.core.privilege;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.error.EsException;
import io.keygate.core.error.XContentTokens;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /_security/privilege}, read and validated as Elasticsearch does:
 * {@code {"<application>":{"<name>":{"actions":[..],"metadata":{..}}}}}, where each privilege may repeat its
 * application and name (they must then agree with the keys).
 */
public final class ApplicationPrivilegeRequests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final String PARSER = "[application-privilege] ";

    private ApplicationPrivilegeRequests() {}

    /** The privileges of a put request, in the body's order; a body of the wrong shape is a 400. */
    public static List<ApplicationPrivilegeDescriptor> parsePut(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw EsException.parse("expected object but found " + XContentTokens.of(body) + " instead");
        }
        List<ApplicationPrivilegeDescriptor> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> apps = body.fields(); apps.hasNext(); ) {
            Map.Entry<String, JsonNode> app = apps.next();
            if (!app.getValue().isObject()) {
                throw EsException.parse("expected the value for " + app.getKey() + " to be an object, but found "
                        + XContentTokens.of(app.getValue()) + " instead");
            }
            for (Iterator<Map.Entry<String, JsonNode>> names = app.getValue().fields(); names.hasNext(); ) {
                Map.Entry<String, JsonNode> privilege = names.next();
                if (!privilege.getValue().isObject()) {
                    // Elasticsearch names the application here, not the privilege
                    throw EsException.parse("expected the value for " + app.getKey() + " to be an object, but found "
                            + XContentTokens.of(privilege.getValue()) + " instead");
                }
                out.add(parsePrivilege(privilege.getValue(), app.getKey(), privilege.getKey()));
            }
        }
        return out;
    }

    private static ApplicationPrivilegeDescriptor parsePrivilege(JsonNode node, String application, String name) {
        String app = null;
        String privilegeName = null;
        List<String> actions = List.of();
        Map<String, Object> metadata = Map.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "application" -> app = string(e.getKey(), v);
                case "name" -> privilegeName = string(e.getKey(), v);
                case "actions" -> actions = strings(e.getKey(), v);
                case "metadata" -> {
                    if (!v.isObject()) throw fieldError(e.getKey());
                    metadata = MAPPER.convertValue(v, MAP);
                }
                case "type" -> throw EsException.illegalArgument("Field type cannot be specified here");
                default -> throw new EsException(400, "x_content_parse_exception", PARSER + "unknown field [" + e.getKey() + "]");
            }
        }
        if (app != null && !app.equals(application)) {
            throw EsException.illegalArgument("privilege application [" + app + "] in source does not match the provided "
                    + "application [" + application + "]");
        }
        if (privilegeName != null && !privilegeName.equals(name)) {
            throw EsException.illegalArgument("privilege name [" + privilegeName + "] in source does not match the provided "
                    + "name [" + name + "]");
        }
        return new ApplicationPrivilegeDescriptor(application, name, actions, metadata);
    }

    /** The request's validation errors, worded as Elasticsearch's; empty when it may be stored. */
    public static List<String> validatePut(List<ApplicationPrivilegeDescriptor> privileges) {
        List<String> errors = new ArrayList<>();
        if (privileges.isEmpty()) {
            errors.add("At least one application privilege must be provided");
            return errors;
        }
        for (ApplicationPrivilegeDescriptor p : privileges) {
            addIfError(errors, ApplicationNames.applicationError(p.application(), false));
            addIfError(errors, ApplicationNames.privilegeNameError(p.name()));
            if (p.actions().isEmpty()) {
                errors.add("Application privileges must have at least one action");
            }
            for (String action : p.actions()) {
                addIfError(errors, ApplicationNames.actionError(action));
            }
            if (p.metadata().keySet().stream().anyMatch(k -> k.startsWith("_"))) {
                errors.add("metadata keys may not start with [_] (in privilege " + p.application() + ' ' + p.name() + ")");
            }
        }
        return errors;
    }

    private static void addIfError(List<String> errors, String error) {
        if (error != null) errors.add(error);
    }

    private static String string(String field, JsonNode v) {
        if (!v.isTextual()) throw fieldError(field);
        return v.asText();
    }

    private static List<String> strings(String field, JsonNode v) {
        if (v.isTextual()) return List.of(v.asText()); // a lone string reads as a one-element array, as in Elasticsearch
        if (!v.isArray()) throw fieldError(field);
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) throw fieldError(field);
            out.add(item.asText());
        }
        return out;
    }

    private static EsException fieldError(String field) {
        return new EsException(400, "x_content_parse_exception", PARSER + "failed to parse field [" + field + "]");
    }
}
