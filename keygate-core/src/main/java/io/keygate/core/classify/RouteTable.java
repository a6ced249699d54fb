package io.keygate.core.classify;

import io.keygate.core.privilege.ActionScope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The REST endpoints Keygate knows: method set + path template → Elasticsearch action names, where the indices are, and
 * what the body holds. Data, read top to bottom; {@link RequestClassifier} interprets it. {@code {index}} marks the
 * index-expression segment; other {@code {...}} segments are free variables. HEAD is allowed wherever GET is.
 */
public final class RouteTable {

    /** How the {@code {index}} segment is read. */
    public enum IndexMode {
        /** No index in the path. */
        NONE,
        /** A comma list of expressions: wildcards, exclusions, date math, {@code _all}. */
        MULTI,
        /** Exactly one name (date math allowed): document APIs, create index, rollover, bulk/mget default index. */
        SINGLE
    }

    /** Requests whose actions depend on more than the path. */
    public enum Special {
        NONE,
        /** {@code PUT|POST /{index}/_doc[/{id}]}: item action from {@code op_type} and whether an id is given. */
        DOC_INDEX,
        /** {@code /{index}/_create/{id}}: always op_type create. */
        DOC_CREATE,
        /** Single-document delete / update: also the shard bulk action, as Elasticsearch runs them as one-item bulks. */
        DOC_WRITE,
        /** {@code /{index}/_alias/{name}}: the alias names are authorized too. */
        ALIAS_NAMES,
        /**
         * The first action is a composite request authorized by name only (Elasticsearch's search template request is a
         * {@code CompositeIndicesRequest}); the following ones (the inner search) carry the path's indices.
         */
        FIRST_ACTION_COMPOSITE
    }

    public record Route(Set<String> methods, String template, List<String> segments, List<String> actions, BodyKind body,
                        IndexMode indexMode, int indexSegment, int indexInsertAt, Special special, boolean composite,
                        boolean destructive, String note) {

        boolean literal(int i) {
            String s = segments.get(i);
            return !(s.startsWith("{") && s.endsWith("}"));
        }
    }

    private final List<Route> routes;
    private final List<List<Route>> bySegmentCount; // matching only looks at routes of the right length
    /**
     * The same routes split further for matching (every request is matched): per segment count, those whose first
     * segment is a given literal, and those whose first segment is a variable. A path is only tried against the routes
     * of its first segment and the variable ones: the others cannot match it, so the result is the same as trying all.
     */
    private final List<Map<String, List<Route>>> byFirstLiteral;
    private final List<List<Route>> byFirstVariable;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        int max = 0;
        for (Route r : routes) {
            max = Math.max(max, r.segments().size());
        }
        List<List<Route>> by = new ArrayList<>();
        List<Map<String, List<Route>>> literal = new ArrayList<>();
        List<List<Route>> variable = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            by.add(new ArrayList<>());
            literal.add(new HashMap<>());
            variable.add(new ArrayList<>());
        }
        for (Route r : routes) {
            int n = r.segments().size();
            by.get(n).add(r);
            if (n == 0 || !r.literal(0)) variable.get(n).add(r);
            else literal.get(n).computeIfAbsent(r.segments().get(0), k -> new ArrayList<>()).add(r);
        }
        this.bySegmentCount = by.stream().map(List::copyOf).toList();
        this.byFirstVariable = variable.stream().map(List::copyOf).toList();
        this.byFirstLiteral = literal.stream().map(m -> {
            Map<String, List<Route>> copy = new HashMap<>();
            m.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return Map.copyOf(copy);
        }).toList();
    }

    public List<Route> routes() {
        return routes;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The table.

    private static final String G = "GET", P = "PUT", PO = "POST", D = "DELETE";
    private static final String[] GP = {G, PO}, PP = {P, PO};

    public static final RouteTable DEFAULT = build();

    private static RouteTable build() {
        List<Route> t = new ArrayList<>();

        // -- root, info
        add(t, r(m(G), "/", "cluster:monitor/main"));
        add(t, r(m(G), "/_license", "cluster:monitor/xpack/license/get"));
        add(t, r(m(G), "/_xpack", "cluster:monitor/xpack/info"));

        // -- documents
        add(t, r(PP, "/{index}/_doc/{id}", ActionNames.INDEX).single().special(Special.DOC_INDEX).body(BodyKind.OPAQUE));
        add(t, r(m(PO), "/{index}/_doc", ActionNames.INDEX).single().special(Special.DOC_INDEX).body(BodyKind.OPAQUE));
        add(t, r(PP, "/{index}/_create/{id}", ActionNames.INDEX).single().special(Special.DOC_CREATE).body(BodyKind.OPAQUE));
        add(t, r(m(D), "/{index}/_doc/{id}", ActionNames.DELETE).single().special(Special.DOC_WRITE));
        add(t, r(m(PO), "/{index}/_update/{id}", ActionNames.UPDATE).single().special(Special.DOC_WRITE).body(BodyKind.OPAQUE));
        add(t, r(m(G), "/{index}/_doc/{id}", ActionNames.GET).single());
        add(t, r(m(G), "/{index}/_source/{id}", ActionNames.GET).single());
        both(t, r(GP, "/{index}/_mget", ActionNames.MGET).single().body(BodyKind.MGET).composite());
        both(t, r(PP, "/{index}/_bulk", ActionNames.BULK).single().body(BodyKind.BULK).composite());
        add(t, r(GP, "/{index}/_termvectors", "indices:data/read/tv").single().body(BodyKind.TERMVECTORS));
        add(t, r(GP, "/{index}/_termvectors/{id}", "indices:data/read/tv").single().body(BodyKind.TERMVECTORS));
        both(t, r(GP, "/{index}/_mtermvectors", ActionNames.MTV).single().body(BodyKind.MGET).composite());

        // -- search
        both(t, r(GP, "/{index}/_search", ActionNames.SEARCH).body(BodyKind.SEARCH));
        both(t, r(GP, "/{index}/_count", ActionNames.SEARCH).body(BodyKind.SEARCH).note("_count runs a search"));
        both(t, r(GP, "/{index}/_msearch", ActionNames.MSEARCH).body(BodyKind.MSEARCH).composite());
        both(t, r(GP, "/{index}/_search/template", "indices:data/read/search/template", ActionNames.SEARCH)
                .special(Special.FIRST_ACTION_COMPOSITE).body(BodyKind.TEMPLATE));
        both(t, r(GP, "/{index}/_msearch/template", "indices:data/read/msearch/template").body(BodyKind.TEMPLATE).composite());
        add(t, r(GP, "/_search/scroll", "indices:data/read/scroll").body(BodyKind.CONTEXT).composite());
        add(t, r(GP, "/_search/scroll/{scroll_id}", "indices:data/read/scroll").composite());
        add(t, r(m(D), "/_search/scroll", "indices:data/read/scroll/clear").body(BodyKind.CONTEXT).composite());
        add(t, r(m(D), "/_search/scroll/{scroll_id}", "indices:data/read/scroll/clear").composite());
        add(t, r(GP, "/{index}/_explain/{id}", "indices:data/read/explain").single().body(BodyKind.SEARCH));
        both(t, r(GP, "/{index}/_field_caps", "indices:data/read/field_caps").body(BodyKind.SEARCH));
        both(t, r(GP, "/{index}/_validate/query", "indices:admin/validate/query").body(BodyKind.SEARCH));
        add(t, r(m(PO), "/{index}/_pit", "indices:data/read/open_point_in_time").body(BodyKind.SEARCH).note("Elasticsearch point in time"));
        add(t, r(m(D), "/_pit", "indices:data/read/close_point_in_time").body(BodyKind.CONTEXT).composite());
        add(t, r(m(PO), "/{index}/_search/point_in_time", "indices:data/read/open_point_in_time")
                .note("OpenSearch point in time, authorized as Elasticsearch's"));
        add(t, r(m(D), "/_search/point_in_time", "indices:data/read/close_point_in_time").body(BodyKind.CONTEXT).composite()
                .note("closes the PIT ids in the body; `/_search/point_in_time/_all` (everyone's PITs) is not classified"));

        // -- by query, reindex
        add(t, r(m(PO), "/{index}/_delete_by_query", "indices:data/write/delete/byquery").body(BodyKind.SEARCH));
        add(t, r(m(PO), "/{index}/_update_by_query", "indices:data/write/update/byquery").body(BodyKind.SEARCH));
        add(t, r(m(PO), "/_reindex", ActionNames.REINDEX).body(BodyKind.REINDEX).composite()
                .note("source indices: indices:data/read/search; dest index: bulk items, from the body"));
        add(t, r(m(PO), "/_reindex/{task_id}/_rethrottle", "cluster:admin/reindex/rethrottle"));
        add(t, r(m(PO), "/_delete_by_query/{task_id}/_rethrottle", "cluster:admin/reindex/rethrottle"));
        add(t, r(m(PO), "/_update_by_query/{task_id}/_rethrottle", "cluster:admin/reindex/rethrottle"));

        // -- index administration
        add(t, r(m(P), "/{index}", "indices:admin/create").single().body(BodyKind.INTERCEPTED));
        add(t, r(m(D), "/{index}", "indices:admin/delete").destructive());
        add(t, r(m(G), "/{index}", "indices:admin/get"));
        add(t, r(m(PO), "/{index}/_open", "indices:admin/open"));
        add(t, r(m(PO), "/{index}/_close", "indices:admin/close").destructive());
        both(t, r(PP, "/{index}/_mapping", "indices:admin/mapping/put").body(BodyKind.OPAQUE));
        both(t, r(m(G), "/{index}/_mapping", "indices:admin/mappings/get"));
        both(t, r(m(G), "/{index}/_mapping/field/{fields}", "indices:admin/mappings/fields/get"));
        both(t, r(m(G), "/{index}/_settings", "indices:monitor/settings/get"));
        both(t, r(m(G), "/{index}/_settings/{name}", "indices:monitor/settings/get"));
        both(t, r(m(P), "/{index}/_settings", "indices:admin/settings/update").body(BodyKind.OPAQUE));
        add(t, r(m(PO), "/_aliases", ActionNames.ALIASES).body(BodyKind.ALIASES).composite());
        for (String a : List.of("/{index}/_alias/{alias}", "/{index}/_aliases/{alias}")) {
            add(t, r(PP, a, ActionNames.ALIASES).special(Special.ALIAS_NAMES).body(BodyKind.INTERCEPTED));
            add(t, r(m(D), a, ActionNames.ALIASES).special(Special.ALIAS_NAMES));
        }
        both(t, r(m(G), "/{index}/_alias", "indices:admin/aliases/get"));
        add(t, r(m(G), "/_aliases", "indices:admin/aliases/get").composite()
                .note("the backend takes no index here: answer filtered to the authorized (index, alias) pairs"));
        both(t, r(m(G), "/{index}/_alias/{alias}", "indices:admin/aliases/get"));
        add(t, r(m(PO), "/{index}/_rollover", "indices:admin/rollover").single().body(BodyKind.INTERCEPTED));
        add(t, r(m(PO), "/{index}/_rollover/{new_index}", "indices:admin/rollover").single().body(BodyKind.INTERCEPTED)
                .note("`indices:admin/create` on the new index"));
        for (String resize : List.of("_shrink", "_split", "_clone")) {
            add(t, r(PP, "/{index}/" + resize + "/{target}", "indices:admin/resize").single().body(BodyKind.INTERCEPTED)
                    .note("`indices:admin/create` on the target, which may not carry more access than the source"));
        }
        both(t, r(GP, "/{index}/_refresh", "indices:admin/refresh"));
        both(t, r(GP, "/{index}/_flush", "indices:admin/flush"));
        both(t, r(m(PO), "/{index}/_forcemerge", "indices:admin/forcemerge"));
        both(t, r(m(PO), "/{index}/_cache/clear", "indices:admin/cache/clear"));
        add(t, r(m(P), "/{index}/_block/{block}", "indices:admin/block/add").destructive());
        both(t, r(m(G), "/{index}/_stats", "indices:monitor/stats"));
        both(t, r(m(G), "/{index}/_stats/{metric}", "indices:monitor/stats"));
        both(t, r(m(G), "/{index}/_segments", "indices:monitor/segments"));
        both(t, r(m(G), "/{index}/_recovery", "indices:monitor/recovery"));
        both(t, r(m(G), "/{index}/_shard_stores", "indices:monitor/shard_stores"));
        add(t, r(GP, "/_analyze", ActionScope.ANALYZE_WITHOUT_INDEX).body(BodyKind.OPAQUE)
                .note("Elasticsearch authorizes an analyze without index as a cluster action"));
        add(t, r(GP, "/{index}/_analyze", "indices:admin/analyze").single().body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_resolve/index/{index}", "indices:admin/resolve/index"));

        // -- data streams
        add(t, r(PP, "/_data_stream/{index}", "indices:admin/data_stream/create").single());
        add(t, r(m(D), "/_data_stream/{index}", "indices:admin/data_stream/delete").destructive());
        both(t, r(m(G), "/_data_stream/{index}", "indices:admin/data_stream/get"));
        both(t, r(m(G), "/_data_stream/{index}/_stats", "indices:monitor/data_stream/stats"));

        // -- templates (cluster privileges manage_index_templates / monitor cover them)
        add(t, r(PP, "/_index_template/{name}", "indices:admin/index_template/put").body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_index_template", "indices:admin/index_template/get"));
        add(t, r(m(G), "/_index_template/{name}", "indices:admin/index_template/get"));
        add(t, r(m(D), "/_index_template/{name}", "indices:admin/index_template/delete"));
        add(t, r(m(PO), "/_index_template/_simulate_index/{name}", "indices:admin/index_template/simulate_index").body(BodyKind.OPAQUE));
        add(t, r(m(PO), "/_index_template/_simulate", "indices:admin/index_template/simulate").body(BodyKind.OPAQUE));
        add(t, r(m(PO), "/_index_template/_simulate/{name}", "indices:admin/index_template/simulate").body(BodyKind.OPAQUE));
        add(t, r(PP, "/_template/{name}", "indices:admin/template/put").body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_template", "indices:admin/template/get"));
        add(t, r(m(G), "/_template/{name}", "indices:admin/template/get"));
        add(t, r(m(D), "/_template/{name}", "indices:admin/template/delete"));
        add(t, r(PP, "/_component_template/{name}", "cluster:admin/component_template/put").body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_component_template", "cluster:admin/component_template/get"));
        add(t, r(m(G), "/_component_template/{name}", "cluster:admin/component_template/get"));
        add(t, r(m(D), "/_component_template/{name}", "cluster:admin/component_template/delete"));

        // -- cluster
        add(t, r(m(G), "/_cluster/health", "cluster:monitor/health"));
        add(t, r(m(G), "/_cluster/health/{indices}", "cluster:monitor/health"));
        add(t, r(m(G), "/_cluster/state", "cluster:monitor/state"));
        add(t, r(m(G), "/_cluster/state/{metric}", "cluster:monitor/state"));
        add(t, r(m(G), "/_cluster/state/{metric}/{indices}", "cluster:monitor/state"));
        add(t, r(m(G), "/_cluster/stats", "cluster:monitor/stats"));
        add(t, r(m(G), "/_cluster/stats/nodes/{node_id}", "cluster:monitor/stats"));
        add(t, r(m(G), "/_cluster/settings", "cluster:monitor/settings"));
        add(t, r(m(P), "/_cluster/settings", "cluster:admin/settings/update").body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_cluster/pending_tasks", "cluster:monitor/task"));
        add(t, r(GP, "/_cluster/allocation/explain", "cluster:monitor/allocation/explain").body(BodyKind.OPAQUE));
        add(t, r(m(PO), "/_cluster/reroute", "cluster:admin/reroute").body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_nodes", "cluster:monitor/nodes/info"));
        add(t, r(m(G), "/_nodes/{node_id}", "cluster:monitor/nodes/info"));
        add(t, r(m(G), "/_nodes/{node_id}/{metric}", "cluster:monitor/nodes/info"));
        add(t, r(m(G), "/_nodes/stats", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_nodes/stats/{metric}", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_nodes/stats/{metric}/{index_metric}", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_nodes/{node_id}/stats", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_nodes/{node_id}/stats/{metric}", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_nodes/{node_id}/stats/{metric}/{index_metric}", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_nodes/hot_threads", "cluster:monitor/nodes/hot_threads"));
        add(t, r(m(G), "/_nodes/{node_id}/hot_threads", "cluster:monitor/nodes/hot_threads"));
        add(t, r(m(G), "/_nodes/usage", "cluster:monitor/nodes/usage"));
        add(t, r(m(G), "/_nodes/{node_id}/usage", "cluster:monitor/nodes/usage"));
        add(t, r(m(PO), "/_nodes/reload_secure_settings", "cluster:admin/nodes/reload_secure_settings").body(BodyKind.OPAQUE));
        add(t, r(m(PO), "/_nodes/{node_id}/reload_secure_settings", "cluster:admin/nodes/reload_secure_settings").body(BodyKind.OPAQUE));

        // -- tasks
        add(t, r(m(G), "/_tasks", "cluster:monitor/tasks/lists"));
        add(t, r(m(G), "/_tasks/{task_id}", "cluster:monitor/task/get"));
        add(t, r(m(PO), "/_tasks/_cancel", "cluster:admin/tasks/cancel"));
        add(t, r(m(PO), "/_tasks/{task_id}/_cancel", "cluster:admin/tasks/cancel"));

        // -- ingest
        add(t, r(m(P), "/_ingest/pipeline/{id}", "cluster:admin/ingest/pipeline/put").body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_ingest/pipeline", "cluster:admin/ingest/pipeline/get"));
        add(t, r(m(G), "/_ingest/pipeline/{id}", "cluster:admin/ingest/pipeline/get"));
        add(t, r(m(D), "/_ingest/pipeline/{id}", "cluster:admin/ingest/pipeline/delete"));
        add(t, r(GP, "/_ingest/pipeline/_simulate", "cluster:admin/ingest/pipeline/simulate").body(BodyKind.OPAQUE));
        add(t, r(GP, "/_ingest/pipeline/{id}/_simulate", "cluster:admin/ingest/pipeline/simulate").body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_ingest/processor/grok", "cluster:admin/ingest/processor/grok/get"));

        // -- stored scripts
        add(t, r(PP, "/_scripts/{id}", "cluster:admin/script/put").body(BodyKind.OPAQUE));
        add(t, r(PP, "/_scripts/{id}/{context}", "cluster:admin/script/put").body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_scripts/{id}", "cluster:admin/script/get"));
        add(t, r(m(D), "/_scripts/{id}", "cluster:admin/script/delete"));
        add(t, r(m(G), "/_script_context", "cluster:admin/script_context/get"));
        add(t, r(m(G), "/_script_language", "cluster:admin/script_language/get"));

        // -- snapshots
        add(t, r(m(G), "/_snapshot", "cluster:admin/repository/get"));
        add(t, r(m(G), "/_snapshot/{repository}", "cluster:admin/repository/get"));
        add(t, r(PP, "/_snapshot/{repository}", "cluster:admin/repository/put").body(BodyKind.OPAQUE));
        add(t, r(m(D), "/_snapshot/{repository}", "cluster:admin/repository/delete"));
        add(t, r(m(PO), "/_snapshot/{repository}/_verify", "cluster:admin/repository/verify"));
        add(t, r(m(PO), "/_snapshot/{repository}/_cleanup", "cluster:admin/repository/_cleanup"));
        add(t, r(m(G), "/_snapshot/_status", "cluster:admin/snapshot/status"));
        add(t, r(m(G), "/_snapshot/{repository}/_status", "cluster:admin/snapshot/status"));
        add(t, r(m(G), "/_snapshot/{repository}/{snapshot}/_status", "cluster:admin/snapshot/status"));
        add(t, r(PP, "/_snapshot/{repository}/{snapshot}", "cluster:admin/snapshot/create").body(BodyKind.OPAQUE));
        add(t, r(m(G), "/_snapshot/{repository}/{snapshot}", "cluster:admin/snapshot/get"));
        add(t, r(m(D), "/_snapshot/{repository}/{snapshot}", "cluster:admin/snapshot/delete"));
        add(t, r(m(PO), "/_snapshot/{repository}/{snapshot}/_restore", "cluster:admin/snapshot/restore").body(BodyKind.OPAQUE));
        add(t, r(m(P), "/_snapshot/{repository}/{snapshot}/_clone/{target}", "cluster:admin/snapshot/clone").body(BodyKind.OPAQUE));

        // -- _cat: the actions the cat handler runs underneath
        add(t, r(m(G), "/_cat").note("help text only: any authenticated caller"));
        both(t, r(m(G), "/_cat/indices/{index}", "cluster:monitor/state", "cluster:monitor/health",
                "indices:monitor/settings/get", "indices:monitor/stats"));
        add(t, r(m(G), "/_cat/health", "cluster:monitor/health"));
        both(t, r(m(G), "/_cat/count/{index}", ActionNames.SEARCH));
        both(t, r(m(G), "/_cat/shards/{index}", "cluster:monitor/state", "indices:monitor/stats"));
        both(t, r(m(G), "/_cat/segments/{index}", "indices:monitor/segments"));
        both(t, r(m(G), "/_cat/recovery/{index}", "indices:monitor/recovery"));
        add(t, r(m(G), "/_cat/aliases", "indices:admin/aliases/get").composite()
                .note("answer filtered to the authorized (index, alias) pairs"));
        add(t, r(m(G), "/_cat/aliases/{alias}", "indices:admin/aliases/get").composite());
        add(t, r(m(G), "/_cat/nodes", "cluster:monitor/state", "cluster:monitor/nodes/info", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_cat/allocation", "cluster:monitor/state", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_cat/allocation/{node_id}", "cluster:monitor/state", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_cat/master", "cluster:monitor/state", "cluster:monitor/nodes/info"));
        add(t, r(m(G), "/_cat/cluster_manager", "cluster:monitor/state", "cluster:monitor/nodes/info"));
        add(t, r(m(G), "/_cat/templates", "indices:admin/index_template/get", "indices:admin/template/get"));
        add(t, r(m(G), "/_cat/templates/{name}", "indices:admin/index_template/get", "indices:admin/template/get"));
        add(t, r(m(G), "/_cat/thread_pool", "cluster:monitor/nodes/info", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_cat/thread_pool/{pattern}", "cluster:monitor/nodes/info", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_cat/pending_tasks", "cluster:monitor/task"));
        add(t, r(m(G), "/_cat/tasks", "cluster:monitor/tasks/lists"));
        add(t, r(m(G), "/_cat/plugins", "cluster:monitor/nodes/info"));
        add(t, r(m(G), "/_cat/nodeattrs", "cluster:monitor/nodes/info"));
        add(t, r(m(G), "/_cat/repositories", "cluster:admin/repository/get"));
        add(t, r(m(G), "/_cat/snapshots", "cluster:admin/snapshot/get"));
        add(t, r(m(G), "/_cat/snapshots/{repository}", "cluster:admin/snapshot/get"));
        add(t, r(m(G), "/_cat/fielddata", "cluster:monitor/nodes/stats"));
        add(t, r(m(G), "/_cat/fielddata/{fields}", "cluster:monitor/nodes/stats"));

        return new RouteTable(t);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Builder helpers.

    private static String[] m(String... methods) {
        return methods;
    }

    private static final class R {
        final Set<String> methods = new LinkedHashSet<>();
        final String template;
        final List<String> actions;
        BodyKind body = BodyKind.NONE;
        IndexMode mode;
        Special special = Special.NONE;
        boolean composite;
        boolean destructive;
        String note;

        R(String[] methods, String template, String... actions) {
            this.methods.addAll(Arrays.asList(methods));
            if (this.methods.contains(G)) {
                this.methods.add("HEAD");
            }
            this.template = template;
            this.actions = List.of(actions);
            this.mode = template.contains("{index}") ? IndexMode.MULTI : IndexMode.NONE;
        }

        R single() { mode = IndexMode.SINGLE; return this; }
        R body(BodyKind b) { body = b; return this; }
        R special(Special s) { special = s; return this; }
        /** The top-level action names no index of its own: indices come from the body (or URL default index). */
        R composite() { composite = true; return this; }
        R note(String n) { note = n; return this; }
        /** Elasticsearch's {@code action.destructive_requires_name}: no wildcard, no {@code _all}. */
        R destructive() { destructive = true; return this; }
    }

    private static R r(String[] methods, String template, String... actions) {
        return new R(methods, template, actions);
    }

    private static void add(List<Route> t, R r) {
        add(t, r, r.template, -1);
    }

    /** Adds the route and its index-less form ({@code /{index}/_search} and {@code /_search}). */
    private static void both(List<Route> t, R r) {
        add(t, r);
        List<String> segs = PathCodec.segments(r.template);
        int at = segs.indexOf("{index}");
        List<String> without = new ArrayList<>(segs);
        without.remove(at);
        add(t, r, "/" + String.join("/", without), at);
    }

    private static void add(List<Route> t, R r, String template, int insertAt) {
        List<String> segs = PathCodec.segments(template);
        int indexSeg = segs.indexOf("{index}");
        IndexMode mode = indexSeg < 0 && (insertAt < 0 || r.composite) ? IndexMode.NONE : r.mode;
        t.add(new Route(Set.copyOf(r.methods), template, segs, r.actions, r.body, mode, indexSeg,
                r.composite ? -1 : insertAt, r.special, r.composite, r.destructive, r.note));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Matching.

    /** A matched route and the raw values of its variables, by position. */
    public record Match(Route route, List<String> rawSegments) {
        public String raw(String variable) {
            int i = route.segments().indexOf("{" + variable + "}");
            return i < 0 ? null : rawSegments.get(i);
        }
    }

    /**
     * The most specific route for the method and raw segments: at the first position where two candidates differ, a
     * literal beats a variable. {@code {index}} never binds a segment starting with {@code _} (other than {@code _all}):
     * {@code /_plugins/...} or {@code /_nodes} must not be read as an index name.
     */
    public Match match(String method, List<String> rawSegments) {
        if (rawSegments.size() >= bySegmentCount.size()) {
            return null;
        }
        int n = rawSegments.size();
        Route best = null;
        if (n > 0) {
            best = mostSpecific(byFirstLiteral.get(n).getOrDefault(rawSegments.get(0), List.of()), method, rawSegments, null);
        }
        best = mostSpecific(byFirstVariable.get(n), method, rawSegments, best);
        return best == null ? null : new Match(best, rawSegments);
    }

    private static Route mostSpecific(List<Route> candidates, String method, List<String> rawSegments, Route best) {
        for (Route r : candidates) {
            if (!r.methods().contains(method)) {
                continue;
            }
            if (!matches(r, rawSegments)) {
                continue;
            }
            if (best == null || moreSpecific(r, best)) {
                best = r;
            }
        }
        return best;
    }

    /** Does any route (any method) take this path? Used to tell 405 from unknown; informational only. */
    public boolean knowsPath(List<String> rawSegments) {
        for (Route r : routes) {
            if (r.segments().size() == rawSegments.size() && matches(r, rawSegments)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Route r, List<String> raw) {
        for (int i = 0; i < raw.size(); i++) {
            String s = r.segments().get(i);
            if (r.literal(i)) {
                if (!s.equals(raw.get(i))) {
                    return false;
                }
            } else if (s.equals("{index}") || s.equals("{alias}")) {
                String v = raw.get(i);
                if ((v.startsWith("_") || v.startsWith("%5F") || v.startsWith("%5f")) && !v.equals("_all")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean moreSpecific(Route a, Route b) {
        for (int i = 0; i < a.segments().size(); i++) {
            boolean la = a.literal(i), lb = b.literal(i);
            if (la != lb) {
                return la;
            }
        }
        return false;
    }
}
