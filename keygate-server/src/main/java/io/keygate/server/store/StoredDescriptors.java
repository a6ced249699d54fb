package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorParser;

import java.util.List;

/**
 * Role descriptors read from stored documents, parsed once per distinct content. Keys made from one template (a
 * fleet's shippers) and every key of one owner (its {@code limited_by} snapshot) carry identical descriptors: a key
 * read for the first time then costs a hash and a comparison of its descriptors' JSON instead of a parse, and the keys
 * share one list, so that the compiled-role caches behind them see the same instance.
 *
 * <p>The JSON is compared by value ({@link JsonNode#equals}: same fields, same values, same number types); a
 * difference of any kind is a different entry. Entries are the parsed form and the JSON it came from, neither
 * changed by anyone after reading.
 */
final class StoredDescriptors {
    private static final Cache<JsonNode, List<RoleDescriptor>> PARSED = Caffeine.newBuilder().maximumSize(1_000)
            .executor(Runnable::run).build(); // maintenance on the caller, as the request path's other caches

    private StoredDescriptors() {}

    /** {@link RoleDescriptorParser#parseMap} of a stored {@code role_descriptors} / {@code limited_by_role_descriptors}. */
    static List<RoleDescriptor> parse(JsonNode descriptors) {
        if (descriptors == null || descriptors.isNull() || descriptors.isEmpty()) return RoleDescriptorParser.parseMap(descriptors);
        List<RoleDescriptor> hit = PARSED.getIfPresent(descriptors);
        if (hit != null) return hit;
        List<RoleDescriptor> parsed = List.copyOf(RoleDescriptorParser.parseMap(descriptors)); // throws: nothing cached
        PARSED.put(descriptors, parsed);
        return parsed;
    }
}
