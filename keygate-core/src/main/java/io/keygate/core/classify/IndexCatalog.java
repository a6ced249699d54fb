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
     * @param members    alias: its indices; data stream: its backing indices; index: empty
     * @param dataStream for a backing index, the data stream it belongs to; otherwise {@code null}
     */
    public record Entry(String name, Kind kind, boolean hidden, boolean closed, List<String> members, String dataStream) {
        public Entry {
            members = List.copyOf(members);
        }

        public static Entry index(String name) { return new Entry(name, Kind.INDEX, false, false, List.of(), null); }
        public static Entry hiddenIndex(String name) { return new Entry(name, Kind.INDEX, true, false, List.of(), null); }
        public static Entry closedIndex(String name) { return new Entry(name, Kind.INDEX, false, true, List.of(), null); }
        public static Entry alias(String name, String... indices) { return new Entry(name, Kind.ALIAS, false, false, List.of(indices), null); }
        public static Entry hiddenAlias(String name, String... indices) { return new Entry(name, Kind.ALIAS, true, false, List.of(indices), null); }
        public static Entry dataStream(String name, String... backing) { return new Entry(name, Kind.DATA_STREAM, false, false, List.of(backing), null); }
        public static Entry hiddenDataStream(String name, String... backing) { return new Entry(name, Kind.DATA_STREAM, true, false, List.of(backing), null); }
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
