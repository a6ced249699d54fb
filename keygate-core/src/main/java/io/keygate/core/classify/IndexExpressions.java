package io.keygate.core.classify;

import io.keygate.core.error.EsException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The index expressions of a request, parsed as Elasticsearch reads them: a comma list of names, wildcards ({@code *}),
 * exclusions ({@code -name}, only after a wildcard earlier in the list), date math ({@code <logs-{now/d}>}, resolved here
 * with the injected clock), remote-cluster expressions ({@code cluster:index}, detected, never resolved) and {@code _all}.
 * An empty list means "all indices", as an index-less path ({@code /_search}) does.
 */
public record IndexExpressions(List<Expression> expressions) {

    /** No index named: all indices. */
    public static final IndexExpressions ALL = new IndexExpressions(List.of());

    /**
     * One expression.
     *
     * @param name      the name or pattern, date math resolved, without the leading {@code -} of an exclusion
     * @param exclusion {@code -name}: removes matches of {@code name} from what the earlier expressions selected
     * @param wildcard  contains {@code *}
     * @param remote    {@code cluster:index}: targets a remote cluster (Keygate refuses those)
     * @param dateMath  was written as {@code <...>}
     */
    public record Expression(String name, boolean exclusion, boolean wildcard, boolean remote, boolean dateMath) {}

    public IndexExpressions {
        expressions = List.copyOf(expressions);
    }

    /** Parses a raw (percent-encoded) path segment. */
    public static IndexExpressions parsePath(String rawSegment, Clock clock) {
        return parse(PathCodec.decode(rawSegment), clock);
    }

    /** Parses a decoded comma list ({@code a,b*,-b1}). {@code null} or empty means all indices. */
    public static IndexExpressions parse(String csv, Clock clock) {
        if (csv == null || csv.isEmpty()) {
            return ALL;
        }
        return parse(splitCommas(csv), clock);
    }

    /** Parses decoded expressions given one per element (a JSON array in a body); elements are not split on commas. */
    public static IndexExpressions parse(List<String> items, Clock clock) {
        if (items.isEmpty()) {
            return ALL;
        }
        if (items.size() == 1 && "_all".equals(items.get(0))) {
            return ALL;
        }
        List<Expression> out = new ArrayList<>(items.size());
        boolean wildcardSeen = false;
        for (String raw : items) {
            Expression e = parseOne(raw, wildcardSeen, clock);
            wildcardSeen |= e.wildcard() && !e.exclusion();
            out.add(e);
        }
        return new IndexExpressions(out);
    }

    /** Parses one concrete index name as a document API takes it ({@code _bulk} item, {@code /{index}/_doc}): no list, no wildcard. */
    public static String parseSingleName(String decoded, Clock clock) {
        Expression e = parseOne(decoded, false, clock);
        if (e.wildcard() || e.name().indexOf(',') >= 0) {
            throw invalidName(decoded, "must not contain the following characters " + INVALID_CHARS);
        }
        if (e.remote()) {
            throw invalidName(decoded, "remote cluster indices are not supported here");
        }
        return e.name();
    }

    static final String INVALID_CHARS = "[\\, /, *, ?, \", <, >, |,  , ,, #]";

    private static Expression parseOne(String raw, boolean wildcardSeen, Clock clock) {
        if (raw.isEmpty()) {
            throw invalidName(raw, "must not be empty");
        }
        boolean exclusion = false;
        String text = raw;
        if (raw.charAt(0) == '-' && wildcardSeen) {
            exclusion = true;
            text = raw.substring(1);
            if (text.isEmpty()) {
                throw invalidName(raw, "must not be empty");
            }
        }
        boolean dateMath = DateMathNames.isDateMath(text);
        if (!dateMath && text.indexOf(':') >= 0) {
            // cluster:index (or ES's ::selector suffix): not ours to resolve, the server refuses it
            return new Expression(text, exclusion, text.indexOf('*') >= 0, true, false);
        }
        String name = dateMath ? DateMathNames.resolve(text, clock) : text;
        validate(raw, name);
        return new Expression(name, exclusion, name.indexOf('*') >= 0, false, dateMath);
    }

    private static void validate(String raw, String name) {
        if (name.isEmpty()) {
            throw invalidName(raw, "must not be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalidName(name, "must not be '.' or '..'");
        }
        char first = name.charAt(0);
        if (first == '_' || first == '-' || first == '+') {
            throw invalidName(name, "must not start with '_', '-', or '+'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == '/' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' || c == ' '
                    || c == ',' || c == '#' || c < 0x20 || c == 0x7f) {
                throw invalidName(name, "must not contain the following characters " + INVALID_CHARS);
            }
        }
    }

    static EsException invalidName(String name, String why) {
        return EsException.badRequest("invalid_index_name_exception", "Invalid index name [" + name + "], " + why)
                .withMetadata("es.index", name);
    }

    private static List<String> splitCommas(String csv) {
        List<String> out = new ArrayList<>(4);
        int start = 0;
        for (int i = 0; i <= csv.length(); i++) {
            if (i == csv.length() || csv.charAt(i) == ',') {
                out.add(csv.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** No expression, or {@code _all}: every index (subject to {@code expand_wildcards}, like {@code *}). */
    public boolean isAll() {
        return expressions.isEmpty();
    }

    public boolean hasRemote() {
        for (Expression e : expressions) {
            if (e.remote()) {
                return true;
            }
        }
        return false;
    }

    /** True if resolving needs the catalog: all indices, a wildcard, or an exclusion. */
    public boolean hasWildcard() {
        if (isAll()) {
            return true;
        }
        for (Expression e : expressions) {
            if (e.wildcard() || e.exclusion()) {
                return true;
            }
        }
        return false;
    }

    public boolean hasDateMath() {
        for (Expression e : expressions) {
            if (e.dateMath()) {
                return true;
            }
        }
        return false;
    }

    /** The names as written (exclusions with their {@code -}), date math resolved, joined by commas; {@code _all} when empty. */
    public String toCsv() {
        if (isAll()) {
            return "_all";
        }
        StringBuilder sb = new StringBuilder();
        for (Expression e : expressions) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(e.exclusion() ? "-" : "").append(e.name());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toCsv();
    }
}
