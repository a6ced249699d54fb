package io.keygate.core.classify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Resolves request index expressions against a catalog, for one caller and one action, as Elasticsearch's
 * {@code IndicesAndAliasesResolver} does: wildcards expand only to names the caller is authorized for; explicit names are
 * kept as written and reported when not authorized (the server answers 403); an empty wildcard result is not an error
 * (the server sends {@link #MATCH_NOTHING}).
 */
public final class IndexResolver {

    /** What Elasticsearch rewrites a request to when no authorized name matched: an empty, valid search. */
    public static final String MATCH_NOTHING = "*,-*";
    public static final List<String> MATCH_NOTHING_LIST = List.of("*", "-*");

    private IndexResolver() {}

    /**
     * @param concreteNames       names to send to the backend (authorized explicit names first as written, then wildcard
     *                            matches), without duplicates
     * @param deniedExplicitNames explicit names the caller is not authorized for (the whole request is denied)
     */
    public record Resolved(List<String> concreteNames, List<String> deniedExplicitNames) {
        public Resolved {
            concreteNames = List.copyOf(concreteNames);
            deniedExplicitNames = List.copyOf(deniedExplicitNames);
        }

        public boolean isEmpty() { return concreteNames.isEmpty(); }
        public boolean hasDenied() { return !deniedExplicitNames.isEmpty(); }

        /** The names to put in the path: the concrete list, or {@code ["*","-*"]} when nothing matched. */
        public List<String> namesOrMatchNothing() {
            return concreteNames.isEmpty() ? MATCH_NOTHING_LIST : concreteNames;
        }
    }

    /**
     * @param authorized is the caller authorized for the action on this name (index, alias or data stream name)?
     *                   A backing index of an authorized data stream is authorized too.
     */
    public static Resolved resolve(IndexExpressions expressions, IndexCatalog catalog, ExpandWildcards expand,
                                   Predicate<String> authorized) {
        return resolve(expressions, catalog, expand, EVERY_KIND, authorized);
    }

    private static final Set<IndexCatalog.Kind> EVERY_KIND = java.util.EnumSet.allOf(IndexCatalog.Kind.class);

    /**
     * @param kinds the kinds of names wildcards match ({@link ActionNames#wildcardKinds}): the backend expands a
     *              wildcard to indices only in some requests, and refuses an explicit alias or data stream name there
     */
    public static Resolved resolve(IndexExpressions expressions, IndexCatalog catalog, ExpandWildcards expand,
                                   Set<IndexCatalog.Kind> kinds, Predicate<String> authorized) {
        if (expressions.hasRemote()) {
            throw new IllegalArgumentException("remote index expressions must be refused before resolution: " + expressions);
        }
        Set<String> result = new LinkedHashSet<>();
        List<String> denied = new ArrayList<>();
        if (expressions.isAll()) {
            expand("*", catalog, expand, kinds, authorized, result);
        }
        for (IndexExpressions.Expression e : expressions.expressions()) {
            if (e.exclusion()) {
                for (Iterator<String> it = result.iterator(); it.hasNext(); ) {
                    if (Glob.matches(e.name(), it.next())) {
                        it.remove();
                    }
                }
            } else if (e.wildcard()) {
                expand(e.name(), catalog, expand, kinds, authorized, result);
            } else if (isAuthorized(e.name(), catalog, authorized)) {
                result.add(e.name());
            } else if (!denied.contains(e.name())) {
                denied.add(e.name());
            }
        }
        return new Resolved(new ArrayList<>(result), denied);
    }

    static boolean isAuthorized(String name, IndexCatalog catalog, Predicate<String> authorized) {
        if (authorized.test(name)) {
            return true;
        }
        IndexCatalog.Entry e = catalog.get(name);
        return e != null && e.dataStream() != null && authorized.test(e.dataStream());
    }

    private static void expand(String pattern, IndexCatalog catalog, ExpandWildcards expand, Set<IndexCatalog.Kind> kinds,
                               Predicate<String> authorized, Set<String> out) {
        boolean dotPattern = pattern.startsWith(".");
        // only names that start with the pattern's literal prefix can match: scan that range of the sorted catalog
        for (IndexCatalog.Entry e : catalog.entriesWithPrefix(literalPrefix(pattern)).values()) {
            if (!Glob.matches(pattern, e.name()) || !kinds.contains(e.kind())) {
                continue;
            }
            // hidden names match only with expand_wildcards=hidden|all, or a dot pattern for a dot name (as Elasticsearch)
            if (e.hidden() && !expand.hidden() && !(dotPattern && e.name().startsWith("."))) {
                continue;
            }
            if (e.closed() ? !expand.closed() : !expand.open()) {
                continue;
            }
            if (isAuthorized(e.name(), catalog, authorized)) {
                out.add(e.name());
            }
        }
    }

    /**
     * The pattern up to its first wildcard character. {@link Glob} treats only {@code *} as special; stopping at
     * {@code ?} as well gives a shorter prefix, which is still correct (every match starts with it).
     */
    static String literalPrefix(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                return pattern.substring(0, i);
            }
        }
        return pattern;
    }
}
