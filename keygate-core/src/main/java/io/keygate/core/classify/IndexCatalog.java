package io.keygate.core.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A snapshot of the backend's names: indices, aliases (with their member indices) and data streams (with their backing
 * {@code .ds-} indices). The server builds it from {@code _resolve/index/*?expand_wildcards=all} (or {@code _cat}); the
 * core only reads it.
 */
public final class IndexCatalog {

    public enum Kind { INDEX, ALIAS, DATA_STREAM }

    /**
     * @param members    alias: its indices; data stream: its backing indices, oldest first; index: empty
     * @param dataStream for a backing index, the data stream it belongs to; otherwise {@code null}
     * @param writeIndex alias: the index a write through it lands in ({@link #aliasWriteIndex}), {@code null} when it has
     *                   none (the backend refuses such a write); data stream: its newest backing index; index: itself
     */
    public record Entry(String name, Kind kind, boolean hidden, boolean closed, List<String> members, String dataStream,
                        String writeIndex) {
        public Entry {
            members = List.copyOf(members);
            if (kind == Kind.INDEX) writeIndex = name;
            else if (kind == Kind.DATA_STREAM) writeIndex = members.isEmpty() ? null : members.get(members.size() - 1);
        }

        public Entry(String name, Kind kind, boolean hidden, boolean closed, List<String> members, String dataStream) {
            this(name, kind, hidden, closed, members, dataStream, null);
        }

        /** An alias whose writes land in {@code writeIndex} (one of {@code indices}, or {@code null}: none). */
        public static Entry aliasWritingTo(String name, String writeIndex, String... indices) {
            return new Entry(name, Kind.ALIAS, name.startsWith("."), false, List.of(indices), null, writeIndex);
        }

        public static Entry index(String name) { return new Entry(name, Kind.INDEX, false, false, List.of(), null); }
        public static Entry hiddenIndex(String name) { return new Entry(name, Kind.INDEX, true, false, List.of(), null); }
        public static Entry closedIndex(String name) { return new Entry(name, Kind.INDEX, false, true, List.of(), null); }
        public static Entry alias(String name, String... indices) { return new Entry(name, Kind.ALIAS, false, false, List.of(indices), null); }
        public static Entry hiddenAlias(String name, String... indices) { return new Entry(name, Kind.ALIAS, true, false, List.of(indices), null); }
        public static Entry dataStream(String name, String... backing) { return new Entry(name, Kind.DATA_STREAM, false, false, List.of(backing), null); }
        public static Entry hiddenDataStream(String name, String... backing) { return new Entry(name, Kind.DATA_STREAM, true, false, List.of(backing), null); }
    }

    /**
     * The write index of an alias, as the backend picks it: the member marked {@code is_write_index: true}; else, for an
     * alias of exactly one index that is not marked {@code false}, that index; else none ({@code null}).
     *
     * @param isWriteIndex per member index: its {@code is_write_index} flag, {@code null} when unset
     */
    public static String aliasWriteIndex(java.util.Map<String, Boolean> isWriteIndex) {
        for (var e : isWriteIndex.entrySet()) {
            if (Boolean.TRUE.equals(e.getValue())) return e.getKey();
        }
        if (isWriteIndex.size() == 1) {
            var only = isWriteIndex.entrySet().iterator().next();
            return only.getValue() == null ? only.getKey() : null;
        }
        return null;
    }

    public static final IndexCatalog EMPTY = new IndexCatalog(List.of());

    private final NavigableMap<String, Entry> byName; // sorted: wildcard expansion is deterministic, prefixes are ranges

    public IndexCatalog(Collection<Entry> entries) {
        TreeMap<String, Entry> m = new TreeMap<>();
        for (Entry e : entries) {
            m.put(e.name(), e);
        }
        // backing indices of a data stream are hidden indices that belong to it, whether listed or not
        for (Entry e : entries) {
            if (e.kind() == Kind.DATA_STREAM) {
                for (String b : e.members()) {
                    Entry prev = m.get(b);
                    m.put(b, new Entry(b, Kind.INDEX, true, prev != null && prev.closed(), List.of(), e.name()));
                }
            }
        }
        this.byName = Collections.unmodifiableNavigableMap(m);
    }

    public static IndexCatalog of(Entry... entries) {
        return new IndexCatalog(List.of(entries));
    }

    public Entry get(String name) {
        return byName.get(name);
    }

    /**
     * Where a write to {@code name} lands: the name itself for an index, the write index of an alias ({@code null} when
     * it has none), the newest backing index of a data stream; {@code null} for a name this catalog does not know.
     */
    public String writeIndexOf(String name) {
        Entry e = byName.get(name);
        return e == null ? null : e.writeIndex();
    }

    /** This catalog with {@code found} added (an entry of the same name replaced): what a lookup of one name learned. */
    public IndexCatalog with(Collection<Entry> found) {
        if (found.isEmpty()) return this;
        TreeMap<String, Entry> m = new TreeMap<>(byName);
        for (Entry e : found) m.put(e.name(), e);
        return new IndexCatalog(m.values());
    }

    public Collection<Entry> entries() {
        return byName.values();
    }

    /**
     * The entries whose name starts with {@code prefix}, in name order: a read-only view of the sorted map, found in
     * O(log n) (the whole catalog for an empty prefix).
     */
    public NavigableMap<String, Entry> entriesWithPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return byName;
        }
        String end = prefixEnd(prefix);
        return end == null ? byName.tailMap(prefix, true) : byName.subMap(prefix, true, end, false);
    }

    /**
     * The least string greater than every string that starts with {@code prefix} (in {@link String#compareTo} order),
     * or {@code null} if there is none (the prefix is all {@code '\uffff'}).
     */
    static String prefixEnd(String prefix) {
        int i = prefix.length() - 1;
        while (i >= 0 && prefix.charAt(i) == '\uffff') {
            i--;
        }
        if (i < 0) {
            return null;
        }
        return prefix.substring(0, i) + (char) (prefix.charAt(i) + 1);
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
