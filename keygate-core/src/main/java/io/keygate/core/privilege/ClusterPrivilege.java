package io.keygate.core.privilege;

import static io.keygate.core.privilege.Actions.*;

import io.keygate.core.automaton.Patterns;
import io.keygate.core.error.EsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.lucene.util.automaton.Automaton;

/**
 * A cluster privilege: a name and the cluster action patterns it grants. The named privileges are the
 * table below; a raw action name or pattern ({@code cluster:...}, {@code indices:admin/template/...},
 * {@code indices:admin/index_template/...}) is also a privilege, granting {@code <name>*}.
 *
 * <p>{@code manage_own_api_key} is the one conditional privilege: it grants create/update/bulk-update
 * outright, and get/query/invalidate only on the caller's own keys ({@link #ownKeyAutomaton()}); the
 * server checks ownership. It never grants {@code grant}.
 */
public final class ClusterPrivilege {

    private static final String SECURITY = "cluster:admin/xpack/security/*";

    /** What {@code all} grants; also what makes a raw name a cluster action. */
    private static final List<String> ALL_PATTERNS = ActionScope.CLUSTER_PATTERNS;
    private static final List<String> MONITOR_PATTERNS = List.of("cluster:monitor/*", "indices:admin/template/get",
            "cluster:admin/component_template/get", "indices:admin/index_template/get");
    private static final List<String> SNAPSHOT_READ = List.of("cluster:admin/snapshot/status*",
            "cluster:admin/snapshot/get", "cluster:admin/snapshot/status", "cluster:admin/repository/get");
    private static final List<String> TRANSFORM_MONITOR = List.of("cluster:monitor/data_frame/*", "cluster:monitor/transform/*");
    private static final List<String> TRANSFORM_MANAGE = List.of("cluster:admin/data_frame/*", "cluster:monitor/data_frame/*",
            "cluster:monitor/transform/*", "cluster:admin/transform/*");

    // One readable table: name -> granted patterns [minus excluded patterns].
    private static final Map<String, ClusterPrivilege> NAMED = new LinkedHashMap<>();

    static {
        def("none");
        def("all", ALL_PATTERNS);
        def("manage", ALL_PATTERNS, List.of(SECURITY));
        def("monitor", MONITOR_PATTERNS);
        def("transport_client", List.of("cluster:monitor/nodes/liveness", CLUSTER_STATE));

        def("manage_security", List.of(SECURITY, DELEGATE_PKI));
        def("read_security", List.of(GET_API_KEY, QUERY_API_KEY, GET_BUILTIN_PRIVILEGES, GET_PRIVILEGES, GET_PROFILES,
                PROFILE_HAS_PRIVILEGES, SUGGEST_PROFILES, GET_ROLES, "cluster:admin/xpack/security/role/query", GET_ROLE_MAPPINGS,
                GET_SERVICE_ACCOUNT, GET_SERVICE_ACCOUNT_CREDENTIALS + "*", GET_USERS, "cluster:admin/xpack/security/user/query",
                GET_USER_PRIVILEGES, HAS_PRIVILEGES));
        def("manage_api_key", List.of(API_KEY_PREFIX + "*"));
        def("grant_api_key", List.of(GRANT_API_KEY + "*"));
        def("clone_api_key", List.of(CLONE_API_KEY + "*"));
        NAMED.put("manage_own_api_key", new ClusterPrivilege("manage_own_api_key",
                List.of(CREATE_API_KEY, UPDATE_API_KEY, BULK_UPDATE_API_KEY, CLONE_API_KEY), List.of(),
                List.of(API_KEY_PREFIX + "*"), List.of(GRANT_API_KEY + "*")));
        def("manage_token", List.of("cluster:admin/xpack/security/token/*"));
        def("manage_saml", List.of("cluster:admin/xpack/security/saml/*", INVALIDATE_TOKEN, REFRESH_TOKEN, SAML_SP_METADATA));
        def("manage_oidc", List.of("cluster:admin/xpack/security/oidc/*"));
        def("manage_service_account", List.of("cluster:admin/xpack/security/service_account/*"));
        def("manage_user_profile", List.of("cluster:admin/xpack/security/profile/*"));
        def("delegate_pki", List.of(DELEGATE_PKI, INVALIDATE_TOKEN));

        def("manage_index_templates", List.of("indices:admin/template/*", "indices:admin/index_template/*",
                "cluster:admin/component_template/*"));
        def("manage_ingest_pipelines", List.of("cluster:admin/ingest/pipeline/*"));
        def("manage_pipeline", List.of("cluster:admin/ingest/pipeline/*"));
        def("read_pipeline", List.of("cluster:admin/ingest/pipeline/get", "cluster:admin/ingest/pipeline/simulate"));
        def("manage_logstash_pipelines", List.of("cluster:admin/logstash/pipeline/*"));

        def("create_snapshot", concat(List.of("cluster:admin/snapshot/create"), SNAPSHOT_READ));
        def("monitor_snapshot", SNAPSHOT_READ);
        def("manage_slm", List.of("cluster:admin/slm/*", "cluster:admin/ilm/start", "cluster:admin/ilm/stop",
                "cluster:admin/ilm/operation_mode/get"));
        def("read_slm", List.of("cluster:admin/slm/get", "cluster:admin/ilm/operation_mode/get"));
        def("manage_ilm", List.of("cluster:admin/ilm/*"));
        def("read_ilm", List.of("cluster:admin/ilm/get", "cluster:admin/ilm/operation_mode/get"));
        def("manage_data_stream_global_retention", List.of("cluster:admin/data_stream/global_retention/*",
                "cluster:monitor/data_stream/global_retention/*"));
        def("cancel_task", List.of("cluster:admin/tasks/cancel*"));
        def("monitor_stats", List.of("cluster:monitor/stats*"));

        def("manage_ccr", List.of("cluster:admin/xpack/ccr/*", CLUSTER_STATE, HAS_PRIVILEGES));
        def("read_ccr", List.of(CLUSTER_STATE, HAS_PRIVILEGES));
        def("cross_cluster_search", List.of("cluster:internal/remote_cluster/handshake",
                "cluster:internal/remote_cluster/nodes", XPACK_INFO));
        def("cross_cluster_replication", List.of("cluster:internal/remote_cluster/handshake",
                "cluster:internal/remote_cluster/nodes", XPACK_INFO, CLUSTER_STATE));

        def("manage_ml", List.of("cluster:admin/xpack/ml/*", "cluster:monitor/xpack/ml/*"));
        def("monitor_ml", List.of("cluster:monitor/xpack/ml/*"));
        def("manage_transform", TRANSFORM_MANAGE);
        def("manage_data_frame_transforms", TRANSFORM_MANAGE);
        def("monitor_transform", TRANSFORM_MONITOR);
        def("monitor_data_frame_transforms", TRANSFORM_MONITOR);
        def("monitor_text_structure", List.of("cluster:monitor/text_structure/*"));
        def("manage_watcher", List.of("cluster:admin/xpack/watcher/*", "cluster:monitor/xpack/watcher/*"));
        def("monitor_watcher", List.of("cluster:monitor/xpack/watcher/*"));
        def("manage_rollup", List.of("cluster:admin/xpack/rollup/*", "cluster:monitor/xpack/rollup/*"));
        def("monitor_rollup", List.of("cluster:monitor/xpack/rollup/*"));
        def("manage_autoscaling", List.of("cluster:admin/autoscaling/*"));
        def("manage_enrich", List.of("cluster:admin/xpack/enrich/*"));
        def("monitor_enrich", List.of("cluster:monitor/xpack/enrich/*", "cluster:admin/xpack/enrich/get"));
        def("manage_esql", List.of("cluster:admin/xpack/esql/*", "cluster:monitor/xpack/esql/*"));
        def("monitor_esql", List.of("cluster:monitor/xpack/esql/*"));
        def("manage_inference", List.of("cluster:admin/xpack/inference/*", "cluster:monitor/xpack/inference*"));
        def("monitor_inference", List.of("cluster:monitor/xpack/inference*"));
        def("manage_search_application", List.of("cluster:admin/xpack/application/search_application/*"));
        def("manage_behavioral_analytics", List.of("cluster:admin/xpack/application/analytics/*"));
        def("post_behavioral_analytics_event", List.of("cluster:admin/xpack/application/analytics/post_event"));
        def("manage_search_query_rules", List.of("cluster:admin/xpack/query_rules/*"));
        def("manage_search_synonyms", List.of("cluster:admin/synonyms/*", "cluster:admin/synonym_rules/*"));
        def("manage_connector", List.of("cluster:admin/xpack/connector/*"));
        def("monitor_connector", List.of("cluster:monitor/xpack/connector/*", "cluster:admin/xpack/connector/get",
                "cluster:admin/xpack/connector/list"));
        def("read_connector_secrets", List.of("cluster:admin/xpack/connector/secret/get"));
        def("write_connector_secrets", List.of("cluster:admin/xpack/connector/secret/post",
                "cluster:admin/xpack/connector/secret/put", "cluster:admin/xpack/connector/secret/delete"));
        def("read_fleet_secrets", List.of("cluster:admin/fleet/secrets/get"));
        def("write_fleet_secrets", List.of("cluster:admin/fleet/secrets/post", "cluster:admin/fleet/secrets/delete"));
    }

    private final String name;
    private final List<String> patterns;
    private final List<String> excluded;
    private final List<String> ownKeyPatterns;
    private final List<String> ownKeyExcluded;
    private final Automaton automaton;
    private final Automaton ownKeyAutomaton;
    private final Predicate<String> predicate;

    private ClusterPrivilege(String name, List<String> patterns, List<String> excluded,
                             List<String> ownKeyPatterns, List<String> ownKeyExcluded) {
        this.name = name;
        this.patterns = List.copyOf(patterns);
        this.excluded = List.copyOf(excluded);
        this.ownKeyPatterns = List.copyOf(ownKeyPatterns);
        this.ownKeyExcluded = List.copyOf(ownKeyExcluded);
        this.automaton = Patterns.minus(Patterns.automaton(patterns), Patterns.automaton(excluded));
        this.ownKeyAutomaton = Patterns.minus(Patterns.automaton(ownKeyPatterns), Patterns.automaton(ownKeyExcluded));
        this.predicate = Patterns.predicate(automaton);
    }

    private static void def(String name) {
        def(name, List.of());
    }

    private static void def(String name, List<String> patterns) {
        def(name, patterns, List.of());
    }

    private static void def(String name, List<String> patterns, List<String> excluded) {
        NAMED.put(name, new ClusterPrivilege(name, patterns, excluded, List.of(), List.of()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---- lookup ------------------------------------------------------------------------------------

    /** The named privilege or the raw action privilege; an {@code illegal_argument_exception} otherwise. */
    public static ClusterPrivilege resolve(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (isClusterAction(lower)) {
            return new ClusterPrivilege(lower, List.of(lower + "*"), List.of(), List.of(), List.of());
        }
        ClusterPrivilege named = NAMED.get(lower);
        if (named == null) {
            throw EsException.illegalArgument(unknownMessage(lower));
        }
        return named;
    }

    /** True for a predefined name or a raw cluster action (pattern). */
    public static boolean isKnown(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return NAMED.containsKey(lower) || isClusterAction(lower);
    }

    /** True if the text is a cluster action name or pattern, as Elasticsearch decides it. */
    public static boolean isClusterAction(String action) {
        return Ordering.ACTION_MATCHER.test(action);
    }

    /** The predefined names, least to most privileged, as Elasticsearch lists them in its error message. */
    public static List<String> names() {
        return Ordering.NAMES;
    }

    /** The validation message for an unknown cluster privilege, word for word as Elasticsearch's. */
    public static String unknownMessage(String name) {
        return "unknown cluster privilege [" + name + "]. a privilege must be either one of the predefined cluster "
                + "privilege names [" + String.join(",", names()) + "] or a pattern over one of the available "
                + "cluster actions";
    }

    /**
     * The predefined privileges that grant the action outright, least to most privileged, e.g.
     * {@code [manage_api_key,manage_security,all]} for invalidating an API key. The conditional
     * {@code manage_own_api_key} is listed only where it grants unconditionally (create/update).
     */
    public static List<String> namesGranting(String action) {
        List<String> out = new ArrayList<>();
        for (String n : Ordering.NAMES) {
            if (NAMED.get(n).predicate.test(action)) {
                out.add(n);
            }
        }
        return out;
    }

    // ---- instance ----------------------------------------------------------------------------------

    public String name() { return name; }
    public List<String> patterns() { return patterns; }
    public List<String> excludedPatterns() { return excluded; }
    public List<String> ownKeyPatterns() { return ownKeyPatterns; }

    /** Actions granted outright. */
    public Automaton automaton() { return automaton; }

    /** Actions granted only on the caller's own API keys (empty except for {@code manage_own_api_key}). */
    public Automaton ownKeyAutomaton() { return ownKeyAutomaton; }

    /** True if this privilege grants the action outright. */
    public boolean grants(String action) { return predicate.test(action); }

    /** True if this privilege grants something only for the caller's own API keys. */
    public boolean isOwnKeysOnly() { return !Patterns.isEmpty(ownKeyAutomaton); }

    @Override
    public String toString() { return name; }

    /** Computed on first use: Elasticsearch's least-to-most ordering needs automaton comparisons. */
    private static final class Ordering {
        static final Predicate<String> ACTION_MATCHER = Patterns.predicate(ALL_PATTERNS);
        static final List<String> NAMES = order();

        /**
         * Elasticsearch sorts by how many other privileges a privilege implies (fewer first), then by name.
         * "Implies" = the other's actions (outright and own-key) are a subset of this one's.
         */
        private static List<String> order() {
            Map<String, Automaton> reach = new HashMap<>();
            NAMED.forEach((n, p) -> reach.put(n, Patterns.union(List.of(p.automaton, p.ownKeyAutomaton))));
            Map<String, Long> implies = new HashMap<>();
            for (String n : NAMED.keySet()) {
                long count = NAMED.keySet().stream()
                        .filter(o -> !o.equals(n) && Patterns.subsetOf(reach.get(o), reach.get(n)))
                        .count();
                implies.put(n, count);
            }
            List<String> names = new ArrayList<>(NAMED.keySet());
            names.sort(Comparator.<String>comparingLong(implies::get).thenComparing(Comparator.naturalOrder()));
            return List.copyOf(names);
        }
    }
}
