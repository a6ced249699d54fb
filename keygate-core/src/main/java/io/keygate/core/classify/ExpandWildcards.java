package io.keygate.core.classify;

import io.keygate.core.error.EsException;

/** Which kinds of index a wildcard may expand to ({@code expand_wildcards}: {@code open,closed,hidden,all,none}). */
public record ExpandWildcards(boolean open, boolean closed, boolean hidden) {

    public static final ExpandWildcards OPEN = new ExpandWildcards(true, false, false);
    public static final ExpandWildcards ALL = new ExpandWildcards(true, true, true);
    public static final ExpandWildcards NONE = new ExpandWildcards(false, false, false);

    /** Parses the parameter value; {@code null} gives {@code defaults} (most read APIs: {@link #OPEN}). */
    public static ExpandWildcards parse(String value, ExpandWildcards defaults) {
        if (value == null) {
            return defaults;
        }
        boolean open = false, closed = false, hidden = false;
        for (String part : value.split(",", -1)) {
            switch (part.trim()) {
                case "open" -> open = true;
                case "closed" -> closed = true;
                case "hidden" -> hidden = true;
                case "all" -> { open = true; closed = true; hidden = true; }
                case "none" -> { }
                default -> throw EsException.illegalArgument("No enum constant "
                        + "org.elasticsearch.action.support.IndicesOptions.WildcardStates." + part.trim().toUpperCase(java.util.Locale.ROOT));
            }
        }
        return new ExpandWildcards(open, closed, hidden);
    }
}
