package io.keygate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.classify.IndexCatalog;
import io.keygate.core.role.RoleDescriptor;
import io.keygate.core.role.RoleDescriptorParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Shared inputs: role descriptors with N index patterns, a 1,000-item bulk body, catalogs of N indices. */
final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {}

    /**
     * An APM-writer-like role (cluster {@code monitor}; {@code auto_configure}+{@code create_doc}) whose index
     * patterns are {@code logs-app0-*} … {@code logs-app(N-1)-*}, either in one index group or one group per pattern.
     */
    static List<RoleDescriptor> writerRole(int patterns, boolean groupPerPattern) {
        StringBuilder indices = new StringBuilder();
        if (groupPerPattern) {
            for (int i = 0; i < patterns; i++) {
                if (i > 0) indices.append(',');
                indices.append("{\"names\":[\"logs-app").append(i).append("-*\"],\"privileges\":[\"auto_configure\",\"create_doc\"]}");
            }
        } else {
            indices.append("{\"names\":[");
            for (int i = 0; i < patterns; i++) {
                if (i > 0) indices.append(',');
                indices.append("\"logs-app").append(i).append("-*\"");
            }
            indices.append("],\"privileges\":[\"auto_configure\",\"create_doc\"]}");
        }
        return List.of(parse("writer", "{\"cluster\":[\"monitor\"],\"indices\":[" + indices + "]}"));
    }

    /** The APM Server writer role of Elastic's docs. */
    static List<RoleDescriptor> apmWriter() {
        return List.of(parse("apm_writer", """
                {"cluster":["monitor"],"indices":[{"names":["traces-apm*","logs-apm*","metrics-apm*"],
                 "privileges":["auto_configure","create_doc"]}]}"""));
    }

    /** The role with every privilege. */
    static List<RoleDescriptor> superuser() {
        return List.of(parse("superuser", """
                {"cluster":["all"],"indices":[{"names":["*"],"privileges":["all"],"allow_restricted_indices":true}]}"""));
    }

    static RoleDescriptor parse(String name, String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return RoleDescriptorParser.parse(name, node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The index the last pattern of {@link #writerRole} matches: the worst case for a linear scan. */
    static String targetIndex(int patterns) {
        return "logs-app" + (patterns - 1) + "-default";
    }

    /**
     * {@code items} {@code create} items on {@code index}, each with a ~1 KB source line: about 1 MB for 1,000.
     */
    static byte[] bulkBody(int items, String index) {
        StringBuilder sb = new StringBuilder(items * 1100);
        String pad = "x".repeat(900);
        for (int i = 0; i < items; i++) {
            sb.append("{\"create\":{\"_index\":\"").append(index).append("\"}}\n");
            sb.append("{\"@timestamp\":\"2026-11-27T10:00:00.000Z\",\"message\":\"event ").append(i)
              .append(" ").append(pad).append("\",\"service\":{\"name\":\"bench\"},\"n\":").append(i).append("}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code size} open indices: {@code logs-app0-default} plus {@code other-00000…}, as the backend would list them. */
    static IndexCatalog catalog(int size, int matching) {
        List<IndexCatalog.Entry> entries = new ArrayList<>(size);
        for (int i = 0; i < matching; i++) entries.add(IndexCatalog.Entry.index("logs-app0-" + i));
        for (int i = matching; i < size; i++) entries.add(IndexCatalog.Entry.index(String.format("other-%05d", i)));
        return new IndexCatalog(entries);
    }
}
