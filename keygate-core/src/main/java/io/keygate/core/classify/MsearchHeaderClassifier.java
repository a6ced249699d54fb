package io.keygate.core.classify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.keygate.core.error.EsException;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@code _msearch} (or {@code _msearch/template}) header line: its {@code index} / {@code indices} (a comma
 * string or an array) and {@code expand_wildcards}. A header without index searches the URL index (or all indices).
 * Unknown keys are refused with Elasticsearch's wording.
 */
public final class MsearchHeaderClassifier {

    /**
     * @param indices         the header's index expressions, or {@code null} when the header names none (use the URL's)
     * @param expandWildcards the header's {@code expand_wildcards}, or {@code null}
     */
    public record MsearchHeader(IndexExpressions indices, String expandWildcards) {

        /** The indices this search targets: its own, else the URL's ({@code null} = all). */
        public IndexExpressions effectiveIndices(IndexExpressions urlIndices) {
            return indices != null ? indices : urlIndices == null ? IndexExpressions.ALL : urlIndices;
        }
    }

    private final Clock clock;

    public MsearchHeaderClassifier(Clock clock) {
        this.clock = clock;
    }

    public MsearchHeader classify(byte[] buf, int offset, int length) {
        try (JsonParser p = Json.FACTORY.createParser(buf, offset, length)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new MsearchHeader(null, null); // empty header line: defaults
            }
            if (t != JsonToken.START_OBJECT) {
                throw EsException.illegalArgument("Malformed msearch header: expected START_OBJECT but found ["
                        + Json.tokenName(t) + "]");
            }
            IndexExpressions indices = null;
            String expand = null;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                t = p.nextToken();
                switch (key) {
                    case "index", "indices" -> {
                        if (indices != null) {
                            throw EsException.illegalArgument("key [" + key + "] is given twice in the metadata section");
                        }
                        indices = readIndices(p, t, key);
                    }
                    case "expand_wildcards" -> expand = scalar(p, t, key);
                    case "type", "search_type", "ccs_minimize_roundtrips", "request_cache", "preference", "routing",
                         "allow_partial_search_results", "ignore_unavailable", "allow_no_indices", "ignore_throttled",
                         "max_concurrent_shard_requests", "pre_filter_shard_size",
                         "cancel_after_time_interval", "phase_took" -> p.skipChildren(); // the last two: OpenSearch
                    default -> throw EsException.illegalArgument("key [" + key + "] is not supported in the metadata section");
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw EsException.illegalArgument("Malformed msearch header: trailing data after the header object");
            }
            return new MsearchHeader(indices, expand);
        } catch (IOException e) {
            throw Json.parseError(e);
        }
    }

    private IndexExpressions readIndices(JsonParser p, JsonToken t, String key) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return IndexExpressions.parse(p.getText(), clock);
        }
        if (t == JsonToken.START_ARRAY) {
            List<String> items = new ArrayList<>();
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) {
                    throw EsException.illegalArgument("key [" + key + "] must be a string or an array of strings");
                }
                items.add(p.getText());
            }
            return IndexExpressions.parse(items, clock);
        }
        throw EsException.illegalArgument("key [" + key + "] must be a string or an array of strings");
    }

    private static String scalar(JsonParser p, JsonToken t, String key) throws IOException {
        if (t == JsonToken.START_ARRAY) {
            StringBuilder sb = new StringBuilder();
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (!t.isScalarValue()) {
                    throw EsException.illegalArgument("key [" + key + "] must be a string or an array of strings");
                }
                sb.append(sb.isEmpty() ? "" : ",").append(p.getText());
            }
            return sb.toString();
        }
        if (!t.isScalarValue()) {
            throw EsException.illegalArgument("key [" + key + "] must be a string or an array of strings");
        }
        return p.getText();
    }
}
