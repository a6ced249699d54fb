package io.keygate.core.apikey;

import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The request validation of create and update, worded as Elasticsearch's {@code validate()}. */
public final class ApiKeyRequestValidator {
    public static final int MAX_NAME_LENGTH = 256;
    /**
     * The most bytes a key's {@code role_descriptors} and {@code metadata} may take together, as JSON (a Keygate limit:
     * Elasticsearch has none below the request size). Every authentication of a key this node has not seen reads them,
     * in reads of up to 64 keys, and listings return them: keys of a megabyte each (600 of them, made by one user with
     * {@code manage_own_api_key}) exhausted the managed backend's heap. Real keys take a few kilobytes at most.
     */
    public static final int MAX_CONTENT_BYTES = 64 * 1024;

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

    /** The error when a request's {@code role_descriptors} and {@code metadata} take {@code bytes} as JSON, else none. */
    public static List<String> contentSize(long bytes) {
        return bytes > MAX_CONTENT_BYTES ? List.of("API key role_descriptors and metadata may not take more than ["
                + MAX_CONTENT_BYTES + "] bytes together, got [" + bytes + "]") : List.of();
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
