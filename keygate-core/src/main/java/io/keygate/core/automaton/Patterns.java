package io.keygate.core.automaton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.core.error.EsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * Index-name and action-name patterns, as Elasticsearch writes them, compiled to Lucene automata.
 *
 * <ul>
 *   <li>{@code /.../} — a Lucene regular expression (the slashes are not part of it);</li>
 *   <li>anything else — a wildcard: {@code *} any run of characters, {@code ?} one character,
 *       {@code \} makes the next character literal.</li>
 * </ul>
 *
 * A pattern that starts with {@code /} but does not end with one is refused. Compiled automata and
 * predicates are cached by pattern set (order and duplicates do not matter).
 */
public final class Patterns {

    private static final int WORK_LIMIT = Operations.DEFAULT_DETERMINIZE_WORK_LIMIT;
    private static final int CACHE_SIZE = 10_000;
    /** The most states a regular expression pattern may build before it is determinized (400 past it). */
    static final long MAX_REGEX_STATES = 2_000;

    // cache maintenance on the caller (executor): the core starts no work on other threads (it was the common pool)
    private static final Cache<List<String>, Automaton> AUTOMATA =
            Caffeine.newBuilder().maximumSize(CACHE_SIZE).executor(Runnable::run).build();
    private static final Cache<List<String>, Predicate<String>> PREDICATES =
            Caffeine.newBuilder().maximumSize(CACHE_SIZE).executor(Runnable::run).build();

    /** Matches nothing. */
    public static final Automaton EMPTY = Automata.makeEmpty();
    /** Matches every string. */
    public static final Automaton MATCH_ALL = Automata.makeAnyString();

    private Patterns() {}

    /** The automaton of one pattern (not determinized). */
    public static Automaton automaton(String pattern) {
        if (pattern.startsWith("/")) {
            if (pattern.length() == 1 || !pattern.endsWith("/")) {
                throw EsException.illegalArgument("invalid pattern [" + pattern + "]. patterns starting with '/' "
                        + "indicate regular expression pattern and therefore must also end with '/'. other patterns "
                        + "(those that do not start with '/') will be treated as simple wildcard patterns");
            }
            String regex = pattern.substring(1, pattern.length() - 1);
            RegExp parsed;
            try {
                parsed = new RegExp(regex, RegExp.ALL);
            } catch (IllegalArgumentException e) {
                throw EsException.illegalArgument("invalid regular expression pattern [" + pattern + "]: " + e.getMessage());
            }
            // nested repetitions multiply: /((a{1,100}){1,100}){1,100}/ builds a million states (minutes, or the heap)
            // before determinizing could refuse it; its size is known from the parse, so it is refused first (and
            // determinizing what is let through gives up within tens of milliseconds: /(a{1,30}){1,30}/)
            if (states(parsed) > MAX_REGEX_STATES) {
                throw EsException.illegalArgument("pattern is too complex to evaluate: [" + pattern + "] would build more than ["
                        + MAX_REGEX_STATES + "] automaton states");
            }
            return parsed.toAutomaton();
        }
        return wildcard(pattern);
    }

    /**
     * An upper bound of the states {@link RegExp#toAutomaton()} builds for {@code r} (before determinizing): repetitions
     * copy what they repeat, intersections multiply. Saturates at {@code Long.MAX_VALUE}.
     */
    static long states(RegExp r) {
        return switch (r.kind) {
            case REGEXP_UNION, REGEXP_CONCATENATION -> plus(states(r.exp1), states(r.exp2));
            case REGEXP_INTERSECTION -> times(states(r.exp1), states(r.exp2));
            case REGEXP_OPTIONAL, REGEXP_REPEAT, REGEXP_COMPLEMENT, REGEXP_DEPRECATED_COMPLEMENT -> plus(states(r.exp1), 1);
            case REGEXP_REPEAT_MIN -> times(states(r.exp1), r.min + 1L);
            case REGEXP_REPEAT_MINMAX -> times(states(r.exp1), Math.max(r.max, 1) + 1L);
            case REGEXP_STRING -> r.s.length() + 1L;
            case REGEXP_INTERVAL -> 20L * (Integer.toString(r.max).length() + r.digits + 1);
            default -> 2;
        };
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long times(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }

    /** The union of the patterns, determinized and minimal-ish; cached by the pattern set. */
    public static Automaton automaton(Collection<String> patterns) {
        List<String> key = key(patterns);
        Automaton cached = AUTOMATA.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Automaton built = build(key); // compiled outside the cache so that a bad pattern is not cached
        AUTOMATA.put(key, built);
        return built;
    }

    /** A fast matcher for the union of the patterns; cached by the pattern set. */
    public static Predicate<String> predicate(Collection<String> patterns) {
        List<String> key = key(patterns);
        Predicate<String> cached = PREDICATES.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Predicate<String> built = predicate(automaton(key), key.toString());
        PREDICATES.put(key, built);
        return built;
    }

    /** A fast matcher for an automaton. */
    public static Predicate<String> predicate(Automaton automaton) {
        return predicate(automaton, "automaton");
    }

    private static Predicate<String> predicate(Automaton automaton, String description) {
        Automaton det = determinize(automaton);
        if (Operations.isEmpty(det)) {
            return named(s -> false, description);
        }
        if (Operations.isTotal(det)) {
            return named(s -> true, description);
        }
        CharacterRunAutomaton run = new CharacterRunAutomaton(det);
        return named(run::run, description);
    }

    private static Predicate<String> named(Predicate<String> p, String description) {
        return new Predicate<>() {
            @Override public boolean test(String s) { return p.test(s); }
            @Override public String toString() { return description; }
        };
    }

    public static Automaton determinize(Automaton a) {
        if (a.isDeterministic()) {
            return a;
        }
        try {
            return Operations.determinize(a, WORK_LIMIT);
        } catch (TooComplexToDeterminizeException e) {
            throw EsException.illegalArgument("pattern is too complex to evaluate: " + e.getMessage());
        }
    }

    public static Automaton union(Collection<Automaton> automata) {
        if (automata.isEmpty()) {
            return EMPTY;
        }
        if (automata.size() == 1) {
            return determinize(automata.iterator().next());
        }
        return determinize(Operations.union(automata));
    }

    public static Automaton intersection(Automaton a, Automaton b) {
        return determinize(Operations.intersection(a, b));
    }

    /** {@code a} minus {@code b}. */
    public static Automaton minus(Automaton a, Automaton b) {
        if (Operations.isEmpty(b)) {
            return a;
        }
        return determinize(Operations.minus(determinize(a), determinize(b), WORK_LIMIT));
    }

    /** True if every string {@code a} accepts is accepted by {@code b}. */
    public static boolean subsetOf(Automaton a, Automaton b) {
        if (Operations.isEmpty(a)) {
            return true;
        }
        return Operations.isEmpty(Operations.minus(determinize(a), determinize(b), WORK_LIMIT));
    }

    public static boolean isEmpty(Automaton a) {
        return Operations.isEmpty(a);
    }

    public static boolean isTotal(Automaton a) {
        return Operations.isTotal(determinize(a));
    }

    private static List<String> key(Collection<String> patterns) {
        return List.copyOf(new TreeSet<>(patterns));
    }

    private static Automaton build(List<String> patterns) {
        if (patterns.isEmpty()) {
            return EMPTY;
        }
        List<Automaton> parts = new ArrayList<>(patterns.size());
        for (String p : patterns) {
            parts.add(automaton(p));
        }
        return union(parts);
    }

    private static Automaton wildcard(String text) {
        List<Automaton> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int len = Character.charCount(c);
            switch (c) {
                case '*' -> parts.add(Automata.makeAnyString());
                case '?' -> parts.add(Automata.makeAnyChar());
                case '\\' -> {
                    if (i + len < text.length()) {
                        int next = text.codePointAt(i + len);
                        parts.add(Automata.makeChar(next));
                        len += Character.charCount(next);
                    } else {
                        parts.add(Automata.makeChar(c)); // a trailing backslash is literal
                    }
                }
                default -> parts.add(Automata.makeChar(c));
            }
            i += len;
        }
        if (parts.isEmpty()) {
            return Automata.makeEmptyString();
        }
        return parts.size() == 1 ? parts.get(0) : Operations.concatenate(parts);
    }
}
