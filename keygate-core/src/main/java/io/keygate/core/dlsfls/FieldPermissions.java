package io.keygate.core.dlsfls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.core.automaton.Patterns;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Field-level security of one index for one principal: which field names are visible. Built from the
 * {@code field_security} of the index groups that grant the read ({@code grant} minus {@code except}, a union across
 * groups), intersected for an API key with its owner's ({@link #intersect}).
 *
 * <p>Names are matched with {@code _source} filtering's subtree rule, because that is how the backend will apply the
 * restriction to documents: a granted name grants its subfields ({@code obj} grants {@code obj.a}), an excepted name
 * hides them. Metadata fields ({@code _id}, {@code _index}, ...) are always visible.
 *
 * <p>Two forms are kept: the exact one ({@link #visible}, {@link #covers}) for the fields a request names, and a
 * pattern form ({@link #includes}, {@link #excludes}) to narrow {@code _source}. The pattern form never shows more than
 * the exact one; it shows less only for unusual combinations (an except of one grant re-granted by another grant, two
 * intersected grants whose patterns overlap without one containing the other).
 */
public final class FieldPermissions {

    /** Metadata fields that stay visible whatever the grant (as Elasticsearch's FieldPermissions). */
    public static final Set<String> METADATA = Set.of("_id", "_index", "_routing", "_type", "_uid", "_version",
            "_seq_no", "_primary_term", "_ignored", "_field_names", "_nested_path", "_source", "_size",
            "_doc_count", "_tier", "_data_stream_timestamp", "_feature", "_parent", "_id_hash", "_score", "_doc");

    public static final FieldPermissions ALL = new FieldPermissions(true, List.of("*"), List.of(), Patterns.MATCH_ALL,
            "*");

    private final boolean all;
    private final List<String> includes;
    private final List<String> excludes;
    private final Automaton visibleAutomaton;
    private final Predicate<String> visible;
    private final String key;
    /** Answers per pattern: automaton work is costly and requests repeat the same patterns (bounded, cleared). */
    private final Map<String, List<String>> narrowed = new ConcurrentHashMap<>();
    private final Map<String, Boolean> covered = new ConcurrentHashMap<>();
    private static final int MEMO_LIMIT = 1_000;
    /** Intersections by the two keys: an API key's restriction is intersected on every request. */
    private static final Cache<List<String>, FieldPermissions> INTERSECTIONS =
            Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();

    private FieldPermissions(boolean all, List<String> includes, List<String> excludes, Automaton visible,
                             String key) {
        this.all = all;
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
        this.visibleAutomaton = Patterns.determinize(visible);
        this.visible = Patterns.predicate(this.visibleAutomaton);
        this.key = key;
    }

    /** One {@code field_security} grant: {@code grant} patterns minus {@code except} patterns. */
    public record Grant(List<String> grant, List<String> except) {
        public Grant {
            grant = List.copyOf(grant);
            except = except == null ? List.of() : List.copyOf(except);
        }
    }

    /** The union of grants (several index groups granting the same index). No grant at all: nothing visible. */
    public static FieldPermissions union(Collection<Grant> grants) {
        Set<String> inc = new LinkedHashSet<>();
        Set<String> exc = new LinkedHashSet<>();
        List<Automaton> parts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Grant g : grants) {
            inc.addAll(g.grant());
            exc.addAll(g.except());
            parts.add(Patterns.minus(subtree(g.grant()), subtree(g.except())));
            keys.add(g.grant() + "-" + g.except());
        }
        Automaton union = Patterns.union(parts);
        if (Patterns.isTotal(union)) {
            return ALL;
        }
        keys.sort(null);
        return new FieldPermissions(false, List.copyOf(inc), List.copyOf(exc), union, String.join("|", keys));
    }

    /** What both allow (an API key and its owner). */
    public FieldPermissions intersect(FieldPermissions other) {
        if (all) {
            return other;
        }
        if (other.all || other.key.equals(key)) {
            return this;
        }
        return INTERSECTIONS.get(List.of(key, other.key), k -> intersectNow(other));
    }

    private FieldPermissions intersectNow(FieldPermissions other) {
        Set<String> inc = new LinkedHashSet<>();
        for (String a : includes) {
            for (String b : other.includes) {
                Automaton aa = subtree(List.of(a));
                Automaton bb = subtree(List.of(b));
                if (Patterns.subsetOf(aa, bb)) {
                    inc.add(a);
                } else if (Patterns.subsetOf(bb, aa)) {
                    inc.add(b);
                } // overlapping but neither inside the other: left out (shows less, never more)
            }
        }
        Set<String> exc = new LinkedHashSet<>(excludes);
        exc.addAll(other.excludes);
        return new FieldPermissions(false, List.copyOf(inc), List.copyOf(exc),
                Patterns.intersection(visibleAutomaton, other.visibleAutomaton), "(" + key + ")&(" + other.key + ")");
    }

    public boolean isAll() {
        return all;
    }

    /** True if the concrete field name may be read. */
    public boolean visible(String field) {
        return all || METADATA.contains(field) || visible.test(field);
    }

    /** True if every name the (wildcard) pattern matches may be read. */
    public boolean covers(String pattern) {
        if (all) {
            return true;
        }
        if (!isWildcard(pattern)) {
            return visible(pattern);
        }
        Boolean known = covered.get(pattern);
        if (known == null) {
            if (covered.size() >= MEMO_LIMIT) {
                covered.clear();
            }
            known = Patterns.subsetOf(Patterns.automaton(pattern), visibleAutomaton);
            covered.put(pattern, known);
        }
        return known;
    }

    /**
     * The pattern narrowed to what is visible, as a list of patterns that match no more than the grant allows: the
     * pattern itself if covered, else the grant's include patterns it contains (which must not touch an except);
     * empty if nothing can be shown.
     */
    public List<String> narrow(String pattern) {
        List<String> known = narrowed.get(pattern);
        if (known == null) {
            if (narrowed.size() >= MEMO_LIMIT) {
                narrowed.clear();
            }
            known = List.copyOf(narrowNow(pattern));
            narrowed.put(pattern, known);
        }
        return known;
    }

    private List<String> narrowNow(String pattern) {
        if (covers(pattern)) {
            return List.of(pattern);
        }
        if (!isWildcard(pattern)) {
            return List.of();
        }
        Automaton p = Patterns.automaton(pattern);
        Automaton ex = subtree(excludes);
        List<String> out = new ArrayList<>();
        for (String g : includes) {
            Automaton ga = subtree(List.of(g));
            if (Patterns.subsetOf(ga, p) && Patterns.isEmpty(Patterns.intersection(ga, ex))
                    && Patterns.subsetOf(ga, visibleAutomaton)) {
                out.add(g);
            }
        }
        return out;
    }

    /** {@code _source} include patterns that show no more than the grant. */
    public List<String> includes() {
        return includes;
    }

    /** {@code _source} exclude patterns. */
    public List<String> excludes() {
        return excludes;
    }

    /** A stable description: equal keys, equal permissions. */
    public String key() {
        return key;
    }

    static boolean isWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** The names the patterns match and every subfield of them ({@code p} and {@code p.*}). */
    private static Automaton subtree(List<String> patterns) {
        if (patterns.isEmpty()) {
            return Patterns.EMPTY;
        }
        Automaton names = Patterns.automaton(patterns);
        Automaton below = Operations.concatenate(List.of(names, Automata.makeChar('.'), Automata.makeAnyString()));
        return Patterns.union(List.of(names, below));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPermissions f && f.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return all ? "all fields" : "fields " + includes + (excludes.isEmpty() ? "" : " except " + excludes);
    }
}
