package io.keygate.core.classify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.error.EsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code _cat/indices} with Elasticsearch's default columns. OpenSearch prints one fewer: Elasticsearch (8.11+) ends
 * each row with {@code dataset.size}, the primaries' data set size, which for an index on local storage (the only kind
 * OpenSearch has) is its {@code pri.store.size}. The server asks the backend for the rows as JSON and this class
 * writes them out as Elasticsearch would: JSON objects with the extra key, or its aligned text table (right-aligned
 * numbers, a header line with {@code v}, empty cells for a closed index's unknown sizes and counts).
 */
public final class CatIndicesColumns {
    private CatIndicesColumns() {}

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The columns the backend is asked for, in Elasticsearch's order; {@code dataset.size} is added here. */
    public static final List<String> BACKEND_COLUMNS = List.of("health", "status", "index", "uuid", "pri", "rep", "docs.count",
            "docs.deleted", "store.size", "pri.store.size");
    private static final String DATASET_SIZE = "dataset.size";
    private static final Set<String> RIGHT_ALIGNED = Set.of("pri", "rep", "docs.count", "docs.deleted", "store.size",
            "pri.store.size", DATASET_SIZE);

    /** The rows as JSON objects, each with {@code dataset.size} after {@code pri.store.size}. */
    public static byte[] toJson(byte[] backendJson) {
        ArrayNode out = MAPPER.createArrayNode();
        for (JsonNode row : rows(backendJson)) {
            ObjectNode o = out.addObject();
            for (String column : BACKEND_COLUMNS) o.set(column, row.get(column));
            o.set(DATASET_SIZE, row.get("pri.store.size"));
        }
        try {
            return MAPPER.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows as Elasticsearch's text table; {@code verbose} ({@code v}) adds the header line. */
    public static byte[] toText(byte[] backendJson, boolean verbose) {
        List<String> columns = new ArrayList<>(BACKEND_COLUMNS);
        columns.add(DATASET_SIZE);
        List<String[]> table = new ArrayList<>();
        if (verbose) table.add(columns.toArray(String[]::new));
        for (JsonNode row : rows(backendJson)) {
            String[] cells = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                JsonNode v = row.get(columns.get(i).equals(DATASET_SIZE) ? "pri.store.size" : columns.get(i));
                cells[i] = v == null || v.isNull() ? "" : v.asText();
            }
            table.add(cells);
        }
        int[] widths = new int[columns.size()];
        for (String[] cells : table) {
            for (int i = 0; i < cells.length; i++) widths[i] = Math.max(widths[i], cells[i].length());
        }
        StringBuilder out = new StringBuilder();
        for (String[] cells : table) {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) out.append(' ');
                String pad = " ".repeat(widths[i] - cells[i].length());
                if (RIGHT_ALIGNED.contains(columns.get(i))) {
                    out.append(pad).append(cells[i]);
                } else {
                    out.append(cells[i]);
                    if (i < cells.length - 1) out.append(pad);
                }
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode rows(byte[] backendJson) {
        try {
            JsonNode rows = MAPPER.readTree(backendJson);
            if (!rows.isArray()) throw EsException.badRequest("exception", "the backend's [_cat/indices] answer is not a JSON array");
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("the backend's [_cat/indices] answer is not JSON", e);
        }
    }
}
