package io.keygate.core.apikey;

import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The request validation of create and update, worded as Elasticsearch's {@code validate()}. */
public final class ApiKeyRequestValidator {
    public static final int MAX_NAME_LENGTH = 256;

    private ApiKeyRequestValidator() {}

    /** Errors of a create request: name, metadata, then each role descriptor. */
    public static List<String> create(String name, Map<String, Object> metadata, List<RoleDescriptor> descriptors) {
        List<String> errors = new ArrayList<>(name(name));
        errors.addAll(update(metadata, descriptors));
        return errors;
    }

    /** Errors of an update request: metadata, then each role descriptor. */
    public static List<String> update(Map<String, Object> metadata, List<RoleDescriptor> descriptors) {
        List<String> errors = new ArrayList<>();
        if (metadata != null && metadata.keySet().stream().anyMatch(k -> k.startsWith("_"))) {
            errors.add("API key metadata keys may not start with [_]");
        }
        if (descriptors != null) descriptors.forEach(d -> errors.addAll(RoleDescriptorParser.validate(d)));
        return errors;
    }

    public static List<String> name(String name) {
        List<String> errors = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            errors.add("api key name is required");
            return errors;
        }
        if (name.length() > MAX_NAME_LENGTH) errors.add("api key name may not be more than 256 characters long");
        if (!name.equals(name.strip())) errors.add("api key name may not begin or end with whitespace");
        if (name.startsWith("_")) errors.add("api key name may not begin with an underscore");
        return errors;
    }
}
