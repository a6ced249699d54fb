package io.keygate.core.privilege;

import io.keygate.core.automaton.Patterns;
import io.keygate.core.error.EsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.lucene.util.automaton.Automaton;

/**
 * An index privilege: a name and the index action patterns it grants. Raw action names or patterns
 * ({@code indices:...}, {@code internal:transport/proxy/indices:...}) are privileges too, granting
 * {@code <name>*}.
 *
 * <p>{@code read_failure_store} and {@code manage_failure_store} apply only to the failure store of a
 * data stream (the {@code ::failures} selector); {@link #isFailureStoreOnly()} tells them apart. They
 * never grant anything on the data itself.
 */
public final class IndexPrivilege {

    private static final List<String> ALL = List.of("indices:*", "internal:transport/proxy/indices:*");
    private static final List<String> READ = List.of("indices:data/read/*", Actions.RESOLVE_INDEX, Actions.RESOLVE_CLUSTER);
    private static final List<String> MONITOR = List.of("indices:monitor/*");
    private static final List<String> MANAGE = List.of("indices:monitor/*", "indices:admin/*",
            "indices:data/read/field_caps*", "indices:admin/xpack/rollup/get/index/caps*");

    private static final Map<String, IndexPrivilege> NAMED = new LinkedHashMap<>();

    static {
        def("none", List.of());
        def("all", ALL);
        def("read", READ);
        def("read_cross_cluster", List.of("internal:transport/proxy/indices:data/read/*", "indices:admin/shards/search_shards",
                "indices:admin/search/search_shards", Actions.RESOLVE_CLUSTER, "indices:data/read/esql",
                "indices:data/read/esql/compute"));
        def("create_doc", List.of("indices:data/write/index", "indices:data/write/index[*",
                "indices:data/write/index:op_type/create", "indices:data/write/bulk*", "indices:data/write/simulate/bulk*"));
        def("create", List.of("indices:data/write/index*", "indices:data/write/bulk*", "indices:data/write/simulate/bulk*"));
        def("index", List.of("indices:data/write/index*", "indices:data/write/bulk*", "indices:data/write/update*",
                "indices:data/write/simulate/bulk*"));
        def("delete", List.of("indices:data/write/delete*", "indices:data/write/bulk*"));
        def("write", List.of("indices:data/write/*", Actions.AUTO_PUT_MAPPING));
        def("auto_configure", List.of(Actions.AUTO_PUT_MAPPING, Actions.AUTO_CREATE));
        def("create_index", List.of(Actions.CREATE_INDEX, Actions.AUTO_CREATE, "indices:admin/data_stream/create"));
        def("delete_index", List.of(Actions.DELETE_INDEX, "indices:admin/data_stream/delete"));
        def("monitor", MONITOR);
        def("manage", MANAGE);
        def("maintenance", List.of("indices:admin/refresh*", "indices:admin/flush*", "indices:admin/synced_flush",
                "indices:admin/forcemerge*"));
        def("view_index_metadata", List.of("indices:admin/aliases/get", "indices:admin/get",
                "indices:admin/mappings/fields/get*", "indices:admin/mappings/get", "indices:admin/shards/search_shards",
                "indices:admin/search/search_shards", "indices:admin/validate/query*", "indices:monitor/settings/get",
                "indices:admin/ilm/explain", "indices:admin/data_stream/lifecycle/get",
                "indices:admin/data_stream/lifecycle/explain", "indices:admin/data_stream/get", Actions.RESOLVE_INDEX,
                Actions.RESOLVE_CLUSTER, "indices:data/read/field_caps*", "indices:admin/xpack/rollup/get/index/caps*",
                "indices:monitor/transform/checkpoint*"));
        def("manage_follow_index", List.of("indices:admin/xpack/ccr/put_follow", "indices:admin/xpack/ccr/unfollow",
                "indices:admin/close*", "indices:admin/data_stream/promote", "indices:admin/rollover"));
        def("manage_leader_index", List.of("indices:admin/xpack/ccr/forget_follower*"));
        def("manage_ilm", List.of("indices:admin/ilm/*"));
        def("manage_data_stream_lifecycle", List.of("indices:admin/data_stream/lifecycle/*"));
        def("cross_cluster_replication", List.of("indices:data/read/xpack/ccr/shard_changes*", "indices:monitor/stats*",
                "indices:admin/seq_no/add_retention_lease*", "indices:admin/seq_no/remove_retention_lease*",
                "indices:admin/seq_no/renew_retention_lease*"));
        def("cross_cluster_replication_internal", List.of("indices:internal/admin/ccr/restore/session/clear*",
                "indices:internal/admin/ccr/restore/file_chunk/get*", "indices:internal/admin/ccr/restore/session/put*",
                "internal:transport/proxy/indices:internal/admin/ccr/restore/session/clear*",
                "internal:transport/proxy/indices:internal/admin/ccr/restore/file_chunk/get*"));
        NAMED.put("read_failure_store", new IndexPrivilege("read_failure_store", READ, true));
        NAMED.put("manage_failure_store", new IndexPrivilege("manage_failure_store",
                List.of("indices:admin/rollover", "indices:admin/data_stream/options/*", "indices:monitor/*"), true));
    }

    private final String name;
    private final List<String> patterns;
    private final boolean failureStoreOnly;
    private final Automaton automaton;
    private final Predicate<String> predicate;

    private IndexPrivilege(String name, List<String> patterns, boolean failureStoreOnly) {
        this.name = name;
        this.patterns = List.copyOf(patterns);
        this.failureStoreOnly = failureStoreOnly;
        this.automaton = Patterns.automaton(patterns);
        this.predicate = Patterns.predicate(patterns);
    }

    private static void def(String name, List<String> patterns) {
        NAMED.put(name, new IndexPrivilege(name, patterns, false));
    }

    /** The named privilege or the raw action privilege; an {@code illegal_argument_exception} otherwise. */
    public static IndexPrivilege resolve(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (isIndexAction(lower)) {
            return new IndexPrivilege(lower, List.of(lower + "*"), false);
        }
        IndexPrivilege named = NAMED.get(lower);
        if (named == null) {
            throw EsException.illegalArgument(unknownMessage(lower));
        }
        return named;
    }

    /** The union of the actions of several privileges (data access only; failure-store ones excluded). */
    public static Automaton automaton(Collection<String> names) {
        List<Automaton> parts = new ArrayList<>();
        for (String n : names) {
            IndexPrivilege p = resolve(n);
            if (!p.failureStoreOnly) {
                parts.add(p.automaton);
            }
        }
        return Patterns.union(parts);
    }

    /**
     * The union of the actions the privileges grant on a failure store: {@code all} and the
     * failure-store privileges.
     */
    public static Automaton failureStoreAutomaton(Collection<String> names) {
        List<Automaton> parts = new ArrayList<>();
        for (String n : names) {
            IndexPrivilege p = resolve(n);
            if (p.failureStoreOnly || p.name.equals("all")) {
                parts.add(p.automaton);
            }
        }
        return Patterns.union(parts);
    }

    public static boolean isKnown(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return NAMED.containsKey(lower) || isIndexAction(lower);
    }

    /** True if the text is an index action name or pattern (what {@code all} covers). */
    public static boolean isIndexAction(String action) {
        return Holder.ACTION_MATCHER.test(action);
    }

    /** The predefined names, alphabetically, as Elasticsearch lists them in its error message. */
    public static List<String> names() {
        return Holder.SORTED_NAMES;
    }

    public static String unknownMessage(String name) {
        return "unknown index privilege [" + name + "]. a privilege must be either one of the predefined fixed indices "
                + "privileges [" + String.join(",", names()) + "] or a pattern over one of the available index actions";
    }

    /**
     * The predefined privileges that grant the action on data (not failure stores), least to most
     * privileged, as Elasticsearch's denial message lists them: e.g. {@code [create_doc,create,index,write,all]}
     * for {@code indices:data/write/index:op_type/create}.
     */
    public static List<String> namesGranting(String action) {
        List<String> out = new ArrayList<>();
        for (String n : Holder.BY_ACCESS_LEVEL) {
            IndexPrivilege p = NAMED.get(n);
            if (!p.failureStoreOnly && p.predicate.test(action)) {
                out.add(n);
            }
        }
        return out;
    }

    public String name() { return name; }
    public List<String> patterns() { return patterns; }
    public Automaton automaton() { return automaton; }
    public boolean grants(String action) { return predicate.test(action); }
    public boolean isFailureStoreOnly() { return failureStoreOnly; }

    @Override
    public String toString() { return name; }

    private static final class Holder {
        static final Predicate<String> ACTION_MATCHER = Patterns.predicate(ALL);
        static final List<String> SORTED_NAMES = List.copyOf(new TreeSet<>(NAMED.keySet()));
        static final List<String> BY_ACCESS_LEVEL = order();

        /**
         * Elasticsearch's order: privileges contained in more other privileges come first (they are
         * smaller), then by name.
         */
        private static List<String> order() {
            Map<String, Long> containedIn = new HashMap<>();
            for (var e : NAMED.entrySet()) {
                long count = NAMED.values().stream()
                        .filter(o -> o != e.getValue() && Patterns.subsetOf(e.getValue().automaton, o.automaton))
                        .count();
                containedIn.put(e.getKey(), count);
            }
            List<String> names = new ArrayList<>(NAMED.keySet());
            names.sort(Comparator.<String>comparingLong(containedIn::get).reversed()
                    .thenComparing(Comparator.naturalOrder()));
            return List.copyOf(names);
        }
    }
}
