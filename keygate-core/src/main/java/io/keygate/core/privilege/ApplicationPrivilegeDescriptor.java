package io.keygate.core.privilege;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A stored application privilege ({@code PUT /_security/privilege}): an application, a privilege name meaningful to
 * it, the action patterns the name stands for and free metadata. Roles grant privileges by name; the name means
 * these actions.
 */
public record ApplicationPrivilegeDescriptor(String application, String name, List<String> actions,
                                             Map<String, Object> metadata) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ApplicationPrivilegeDescriptor {
        actions = List.copyOf(new LinkedHashSet<>(actions)); // a set in Elasticsearch: a repeated action counts once
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The security-index document id, as Elasticsearch spells it. */
    public String docId() {
        return docId(application, name);
    }

    public static String docId(String application, String name) {
        return "application-privilege_" + application + ":" + name;
    }

    /** {@code {"application":..,"name":..,"actions":[..],"metadata":{..}}}, as the get API shows it. */
    public ObjectNode toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("application", application);
        o.put("name", name);
        actions.forEach(o.putArray("actions")::add);
        o.set("metadata", MAPPER.valueToTree(metadata));
        return o;
    }
}
