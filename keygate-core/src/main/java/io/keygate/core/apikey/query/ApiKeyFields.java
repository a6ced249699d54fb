package io.keygate.core.apikey.query;

import io.keygate.core.error.EsException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fields of the query API key API: public names (as the key info object shows them) and the
 * security index's stored names behind them. Any other field is refused before a search runs, so a
 * query can never reach the secret's hash, other document types or fields the API does not expose.
 */
public final class ApiKeyFields {
    private ApiKeyFields() {}

    /** The API key query's fields, for the shared translator. */
    public static final QueryFields API_KEYS = new QueryFields() {
        @Override
        public String translate(String field) {
            return ApiKeyFields.translate(field);
        }

        @Override
        public Set<String> translatePattern(String fieldOrPattern) {
            return ApiKeyFields.translatePattern(fieldOrPattern);
        }

        @Override
        public String translateSort(String field) {
            return ApiKeyFields.translateSort(field);
        }
    };

    static final String METADATA = "metadata";
    static final String METADATA_STORED = "metadata_flattened";
    static final String ID = "id";

    /** Public name → stored name; {@code realm} is accepted beside Elasticsearch's {@code realm_name}. */
    private static final Map<String, String> SIMPLE = new LinkedHashMap<>();

    static {
        SIMPLE.put("username", "creator.principal");
        SIMPLE.put("realm_name", "creator.realm");
        SIMPLE.put("realm", "creator.realm");
        SIMPLE.put("name", "name");
        SIMPLE.put("type", "type");
        SIMPLE.put("creation", "creation_time");
        SIMPLE.put("expiration", "expiration_time");
        SIMPLE.put("invalidated", "api_key_invalidated");
        SIMPLE.put("invalidation", "invalidation_time");
    }

    /**
     * Keygate's usage record (an extension), named as in the key info object: queried, sorted and aggregated by name
     * only; field patterns ({@code simple_query_string} over {@code *}) leave them out, as Elasticsearch knows no such fields.
     */
    private static final Set<String> USAGE = Set.of("keygate_usage.last_used", "keygate_usage.request_count",
            "keygate_usage.last_address", "keygate_usage.last_user_agent");

    /** The stored name of a queried field; patterns and unknown fields are the client's 400. */
    public static String translate(String field) {
        if (isPattern(field)) {
            throw EsException.illegalArgument("Field name pattern [" + field + "] is not allowed for querying or aggregation");
        }
        if (field == null) throw EsException.illegalArgument("Field [null] is not allowed for querying or aggregation");
        String simple = SIMPLE.get(field);
        if (simple != null) return simple;
        if (USAGE.contains(field)) return field;
        if (field.equals(ID)) return "_id";
        if (field.equals(METADATA)) return METADATA_STORED;
        if (field.startsWith(METADATA + ".") && field.length() > METADATA.length() + 1) {
            return METADATA_STORED + field.substring(METADATA.length());
        }
        throw EsException.illegalArgument("Field [" + field + "] is not allowed for querying or aggregation");
    }

    /** The stored name to sort by; {@code _doc} is kept, {@code id} cannot be sorted on. */
    public static String translateSort(String field) {
        if ("_doc".equals(field)) return field;
        String stored = translate(field);
        if (stored.equals("_id")) throw EsException.illegalArgument("sorting is not supported for field [" + field + "]");
        return stored;
    }

    /**
     * The stored name of a field-based aggregation ({@code terms}, {@code cardinality}, …). The backend
     * (OpenSearch's {@code flat_object}) cannot aggregate on the leaves of the metadata, and {@code _id}
     * has no doc values: both are refused here, with a reason, rather than answered wrongly.
     */
    public static String translateForAggregation(String field, String aggName) {
        String stored = translate(field);
        if (stored.equals("_id")) {
            throw EsException.illegalArgument("Field [" + field + "] is not allowed for aggregation [" + aggName + "]");
        }
        if (stored.equals(METADATA_STORED) || stored.startsWith(METADATA_STORED + ".")) {
            throw EsException.illegalArgument("Aggregating on field [" + field + "] is not supported by Keygate: the metadata "
                    + "is stored as an OpenSearch flat_object, whose values cannot be aggregated; use a [filter] or [filters] "
                    + "aggregation on it instead");
        }
        return stored;
    }

    /**
     * The stored names whose public names match a field name or simple pattern ({@code *} wildcards), for
     * {@code simple_query_string}; unknown names and the metadata's leaves under a pattern match nothing.
     */
    public static Set<String> translatePattern(String fieldOrPattern) {
        Set<String> out = new LinkedHashSet<>();
        if (!isPattern(fieldOrPattern)) {
            try {
                out.add(translate(fieldOrPattern));
            } catch (EsException unknown) {
                // simple_query_string is lenient about fields: an unknown one matches nothing
            }
            return out;
        }
        for (Map.Entry<String, String> e : SIMPLE.entrySet()) {
            if (simpleMatch(fieldOrPattern, e.getKey())) out.add(e.getValue());
        }
        if (simpleMatch(fieldOrPattern, METADATA)) out.add(METADATA_STORED);
        return out;
    }

    public static boolean isPattern(String field) {
        return field != null && field.indexOf('*') >= 0;
    }

    /** Elasticsearch's {@code Regex.simpleMatch}: {@code *} matches any run of characters. */
    public static boolean simpleMatch(String pattern, String value) {
        return simpleMatch(pattern, 0, value, 0);
    }

    private static boolean simpleMatch(String p, int pi, String v, int vi) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = vi; k <= v.length(); k++) {
                    if (simpleMatch(p, pi + 1, v, k)) return true;
                }
                return false;
            }
            if (vi >= v.length() || v.charAt(vi) != c) return false;
            pi++;
            vi++;
        }
        return vi == v.length();
    }
}
