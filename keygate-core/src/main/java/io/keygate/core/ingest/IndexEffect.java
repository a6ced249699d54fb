package io.keygate.core.ingest;

import java.util.Set;
import java.util.TreeSet;

/**
 * What ingest pipelines can do to the index a document is written to ({@code _index}): nothing, set it to one of a few
 * names written in the pipeline, or anything Keygate cannot tell.
 *
 * @param kind   NONE, FIXED or UNKNOWN
 * @param names  for FIXED: the literal index names the pipelines may set (sorted); otherwise empty
 * @param reason for UNKNOWN: why, naming the pipeline and processor (e.g. {@code pipeline [p]: processor [script] ...});
 *               otherwise null
 */
public record IndexEffect(Kind kind, Set<String> names, String reason) {

    public enum Kind { NONE, FIXED, UNKNOWN }

    public static final IndexEffect NONE = new IndexEffect(Kind.NONE, Set.of(), null);

    public IndexEffect {
        names = Set.copyOf(new TreeSet<>(names));
    }

    public static IndexEffect fixed(String name) {
        return new IndexEffect(Kind.FIXED, Set.of(name), null);
    }

    public static IndexEffect unknown(String reason) {
        return new IndexEffect(Kind.UNKNOWN, Set.of(), reason);
    }

    /** Both may run: UNKNOWN wins (the first reason is kept), FIXED names add up, NONE changes nothing. */
    public IndexEffect and(IndexEffect other) {
        if (kind == Kind.UNKNOWN || other.kind == Kind.NONE) return this;
        if (other.kind == Kind.UNKNOWN || kind == Kind.NONE) return other;
        TreeSet<String> all = new TreeSet<>(names);
        all.addAll(other.names);
        return new IndexEffect(Kind.FIXED, all, null);
    }

    /** The same effect, its reason prefixed with where it comes from (a pipeline run by another). */
    IndexEffect via(String where) {
        return kind == Kind.UNKNOWN ? unknown(where + ": " + reason) : this;
    }

    /** Sorted, for messages and tests. */
    public java.util.List<String> sortedNames() {
        return new java.util.ArrayList<>(new TreeSet<>(names));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "NONE";
            case FIXED -> "FIXED" + sortedNames();
            case UNKNOWN -> "UNKNOWN(" + reason + ")";
        };
    }
}
