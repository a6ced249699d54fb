package io.keygate.core.classify;

import io.keygate.core.error.EsException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters each route of {@link RouteTable#DEFAULT} accepts: an allow-list per route, as Elasticsearch's REST
 * layer keeps one ({@code request [...] contains unrecognized parameter: [...]}). Data, read top to bottom.
 *
 * <p>Why: OpenSearch keeps path variables and query parameters in one map, so {@code GET /_search?index=secret} searches
 * {@code secret} although the path names no index. Every handler below lists the names it reads from its path
 * ({@link Api#pathParts()}, OpenSearch's spelling, every variant of its routes); those are never accepted as query
 * parameters. The sets come from OpenSearch's REST API specification and its {@code Rest*Action} handlers (3.x):
 * what the handler reads plus its response parameters. {@code source} and {@code source_content_type} are in no set:
 * the server turns them into the body before this check, so if they are still there they are refused.
 */
public final class RouteParameters {

    /** Read for every request whatever the route (OpenSearch's {@code AbstractRestChannel} and {@code RestController}). */
    public static final Set<String> GLOBAL = Set.of("pretty", "human", "error_trace", "filter_path", "format");

    /**
     * Elasticsearch-only parameters that clients send and OpenSearch refuses: not checked, and stripped by the server
     * before forwarding. {@code require_data_stream}: APM Server and the OTel exporter on {@code _bulk}.
     */
    public static final Set<String> DROPPED = Set.of("require_data_stream");

    /** One OpenSearch REST handler: the names it reads from its path, the query parameters it accepts (without {@link #GLOBAL}). */
    public record Api(String name, Set<String> pathParts, Set<String> accepted) {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Parameter groups many handlers share.

    /** {@code IndicesOptions.fromRequest}: how index expressions expand; Keygate's resolver reads {@code expand_wildcards}. */
    private static final String[] INDICES_OPTIONS = {"expand_wildcards", "ignore_unavailable", "allow_no_indices", "ignore_throttled"};
    private static final String[] CM_TIMEOUT = {"cluster_manager_timeout", "master_timeout"};
    /** {@code RestActions.urlParamsToQueryBuilder}: a query_string query from the URL. */
    private static final String[] URL_QUERY = {"q", "df", "analyzer", "analyze_wildcard", "lenient", "default_operator"};
    /** {@code FetchSourceContext.parseFromRestRequest}. */
    private static final String[] SOURCE_FILTER = {"_source", "_source_includes", "_source_excludes"};
    /** {@code AbstractCatAction}'s response parameters and {@code help}. */
    private static final String[] CAT = {"h", "v", "ts", "pri", "bytes", "size", "time", "s", "timeout", "limit", "help"};
    /** {@code RestTermVectorsAction.readURIParameters}. */
    private static final String[] TERM_VECTORS = {"fields", "field_statistics", "offsets", "payloads", "positions", "term_statistics",
            "preference", "realtime", "routing", "version", "version_type"};
    /** {@code RestSearchAction.parseSearchRequest}, also run by the search template and by-query handlers. */
    private static final String[] SEARCH = {"allow_partial_search_results", "batched_reduce_size", "cancel_after_time_interval",
            "ccs_minimize_roundtrips", "docvalue_fields", "explain", "from", "include_named_queries_score",
            "max_concurrent_shard_requests", "phase_took", "pre_filter_shard_size", "preference", "request_cache",
            "rest_total_hits_as_int", "routing", "scroll", "search_pipeline", "search_type", "seq_no_primary_term", "size", "sort",
            "stats", "stored_fields", "suggest_field", "suggest_mode", "suggest_size", "suggest_text", "terminate_after", "timeout",
            "track_scores", "track_total_hits", "typed_keys", "verbose_pipeline", "version"};
    /** {@code AbstractBulkByQueryRestHandler} on top of the search parameters. */
    private static final String[] BY_QUERY = {"conflicts", "max_docs", "refresh", "requests_per_second", "scroll_size",
            "search_timeout", "slices", "wait_for_active_shards", "wait_for_completion"};
    /** {@code RestMultiSearchAction.parseMultiLineRequest} (msearch and msearch template). */
    private static final String[] MULTI_SEARCH = {"search_type", "ccs_minimize_roundtrips", "routing", "max_concurrent_searches",
            "typed_keys", "rest_total_hits_as_int"};

    private static final String[] NONE = {};
    private static final String G = "GET", P = "PUT", PO = "POST", D = "DELETE";
    private static final String[] GP = {G, PO}, PP = {P, PO};

    // ---------------------------------------------------------------------------------------------------------------
    // The table, in RouteTable's order. HEAD is answered by the GET handler (OpenSearch's exists handlers take the same
    // parameters as their get twins), so only GET is listed.

    /** A handler and what check() compares against ({@link #GLOBAL} included), built once. */
    private record Entry(Api api, Set<String> withGlobal) {
    }

    private static final Map<String, Entry> BY_ROUTE = new HashMap<>();
    private static final List<Api> APIS = new ArrayList<>();

    static {
        // -- root, info; /_license and /_xpack are Elasticsearch's (Keygate answers /_license itself)
        api("info", parts(), params(), on(m(G), "/"));
        api("license", parts(), params("local", "accept_enterprise"), on(m(G), "/_license"));
        api("xpack", parts(), params("categories", "accept_enterprise"), on(m(G), "/_xpack"));

        // -- documents
        api("index", parts("index", "id"),
                params("if_primary_term", "if_seq_no", "op_type", "pipeline", "refresh", "require_alias", "routing", "timeout",
                        "version", "version_type", "wait_for_active_shards"),
                on(PP, "/{index}/_doc/{id}"), on(m(PO), "/{index}/_doc"));
        api("create", parts("index", "id"),
                params("op_type", "pipeline", "refresh", "require_alias", "routing", "timeout", "version", "version_type",
                        "wait_for_active_shards"),
                on(PP, "/{index}/_create/{id}"));
        api("delete", parts("index", "id"),
                params("if_primary_term", "if_seq_no", "refresh", "routing", "timeout", "version", "version_type",
                        "wait_for_active_shards"),
                on(m(D), "/{index}/_doc/{id}"));
        api("update", parts("index", "id"),
                params(SOURCE_FILTER, "if_primary_term", "if_seq_no", "lang", "refresh", "require_alias", "retry_on_conflict",
                        "routing", "timeout", "wait_for_active_shards"),
                on(m(PO), "/{index}/_update/{id}"));
        api("get", parts("index", "id"),
                params(SOURCE_FILTER, "preference", "realtime", "refresh", "routing", "stored_fields", "version", "version_type"),
                on(m(G), "/{index}/_doc/{id}"));
        api("get_source", parts("index", "id"),
                params(SOURCE_FILTER, "preference", "realtime", "refresh", "routing", "version", "version_type"),
                on(m(G), "/{index}/_source/{id}"));
        api("mget", parts("index"),
                params(SOURCE_FILTER, "preference", "realtime", "refresh", "routing", "stored_fields"),
                on(GP, "/{index}/_mget", "/_mget"));
        api("bulk", parts("index", "type"),
                params(SOURCE_FILTER, "pipeline", "refresh", "require_alias", "routing", "timeout", "wait_for_active_shards"),
                on(PP, "/{index}/_bulk", "/_bulk"));
        api("termvectors", parts("index", "id"), params(TERM_VECTORS),
                on(GP, "/{index}/_termvectors", "/{index}/_termvectors/{id}"));
        // ids: documents of the URL's index (MultiTermVectorsRequest#ids), authorized as items on that index
        api("mtermvectors", parts("index", "type"), params(TERM_VECTORS, "ids"),
                on(GP, "/{index}/_mtermvectors", "/_mtermvectors"));

        // -- search
        api("search", parts("index"), params(SEARCH, URL_QUERY, SOURCE_FILTER, INDICES_OPTIONS),
                on(GP, "/{index}/_search", "/_search"));
        api("count", parts("index"),
                params(URL_QUERY, INDICES_OPTIONS, "min_score", "preference", "routing", "terminate_after"),
                on(GP, "/{index}/_count", "/_count"));
        api("msearch", parts("index", "type"),
                params(MULTI_SEARCH, INDICES_OPTIONS, "allow_partial_results", "cancel_after_time_interval",
                        "coordinator_timeout", "max_concurrent_shard_requests", "pre_filter_shard_size"),
                on(GP, "/{index}/_msearch", "/_msearch"));
        // the search template handler parses the URL as a search does; the template then replaces the query
        api("search_template", parts("index", "type"), params(SEARCH, URL_QUERY, SOURCE_FILTER, INDICES_OPTIONS, "profile"),
                on(GP, "/{index}/_search/template", "/_search/template"));
        api("msearch_template", parts("index", "type"), params(MULTI_SEARCH, INDICES_OPTIONS),
                on(GP, "/{index}/_msearch/template", "/_msearch/template"));
        api("scroll", parts("scroll_id"), params("scroll", "rest_total_hits_as_int"),
                on(GP, "/_search/scroll", "/_search/scroll/{scroll_id}"));
        api("clear_scroll", parts("scroll_id"), params(),
                on(m(D), "/_search/scroll", "/_search/scroll/{scroll_id}"));
        api("explain", parts("index", "id"), params(URL_QUERY, SOURCE_FILTER, "preference", "routing", "stored_fields"),
                on(GP, "/{index}/_explain/{id}"));
        api("field_caps", parts("index"), params(INDICES_OPTIONS, "fields", "include_unmapped"),
                on(GP, "/{index}/_field_caps", "/_field_caps"));
        api("validate_query", parts("index", "type"), params(URL_QUERY, INDICES_OPTIONS, "all_shards", "explain", "rewrite"),
                on(GP, "/{index}/_validate/query", "/_validate/query"));
        // Elasticsearch's point in time (OpenPointInTimeRequest / ClosePointInTimeRequest)
        api("open_point_in_time", parts("index"),
                params(INDICES_OPTIONS, "keep_alive", "preference", "routing", "allow_partial_search_results",
                        "max_concurrent_shard_requests"),
                on(m(PO), "/{index}/_pit"));
        api("close_point_in_time", parts(), params(), on(m(D), "/_pit"));
        api("create_pit", parts("index"),
                params(INDICES_OPTIONS, "allow_partial_pit_creation", "keep_alive", "preference", "routing"),
                on(m(PO), "/{index}/_search/point_in_time"));
        api("delete_pit", parts(), params(), on(m(D), "/_search/point_in_time"));

        // -- by query, reindex
        api("delete_by_query", parts("index"), params(SEARCH, URL_QUERY, SOURCE_FILTER, INDICES_OPTIONS, BY_QUERY),
                on(m(PO), "/{index}/_delete_by_query"));
        api("update_by_query", parts("index"), params(SEARCH, URL_QUERY, SOURCE_FILTER, INDICES_OPTIONS, BY_QUERY, "pipeline"),
                on(m(PO), "/{index}/_update_by_query"));
        api("reindex", parts(),
                params("max_docs", "refresh", "requests_per_second", "require_alias", "scroll", "slices", "timeout",
                        "wait_for_active_shards", "wait_for_completion"),
                on(m(PO), "/_reindex"));
        api("rethrottle", parts("task_id", "taskId"), params("requests_per_second"),
                on(m(PO), "/_reindex/{task_id}/_rethrottle", "/_delete_by_query/{task_id}/_rethrottle",
                        "/_update_by_query/{task_id}/_rethrottle"));

        // -- index administration
        api("indices.create", parts("index"), params(CM_TIMEOUT, "timeout", "wait_for_active_shards"), on(m(P), "/{index}"));
        api("indices.delete", parts("index"), params(INDICES_OPTIONS, CM_TIMEOUT, "timeout"), on(m(D), "/{index}"));
        api("indices.get", parts("index"), params(INDICES_OPTIONS, CM_TIMEOUT, "flat_settings", "include_defaults", "local"),
                on(m(G), "/{index}"));
        api("indices.open", parts("index"),
                params(INDICES_OPTIONS, CM_TIMEOUT, "task_execution_timeout", "timeout", "wait_for_active_shards",
                        "wait_for_completion"),
                on(m(PO), "/{index}/_open"));
        api("indices.close", parts("index"), params(INDICES_OPTIONS, CM_TIMEOUT, "timeout", "wait_for_active_shards"),
                on(m(PO), "/{index}/_close"));
        api("indices.put_mapping", parts("index", "type"), params(INDICES_OPTIONS, CM_TIMEOUT, "timeout", "write_index_only"),
                on(PP, "/{index}/_mapping", "/_mapping"));
        api("indices.get_mapping", parts("index", "type"), params(INDICES_OPTIONS, CM_TIMEOUT, "local"),
                on(m(G), "/{index}/_mapping", "/_mapping"));
        api("indices.get_field_mapping", parts("index", "fields", "type"), params(INDICES_OPTIONS, "include_defaults", "local"),
                on(m(G), "/{index}/_mapping/field/{fields}", "/_mapping/field/{fields}"));
        api("indices.get_settings", parts("index", "name"),
                params(INDICES_OPTIONS, CM_TIMEOUT, "flat_settings", "include_defaults", "local"),
                on(m(G), "/{index}/_settings", "/_settings", "/{index}/_settings/{name}", "/_settings/{name}"));
        api("indices.put_settings", parts("index"),
                params(INDICES_OPTIONS, CM_TIMEOUT, "flat_settings", "preserve_existing", "timeout"),
                on(m(P), "/{index}/_settings", "/_settings"));
        api("indices.update_aliases", parts(), params(CM_TIMEOUT, "timeout"), on(m(PO), "/_aliases"));
        // GET /_aliases: every alias (OpenSearch takes no index on this form; the answer is filtered)
        api("indices.get_aliases", parts(), params(INDICES_OPTIONS, "local", CM_TIMEOUT), on(m(G), "/_aliases"));
        // shrink, split, clone: ResizeRequest
        api("indices.resize", parts("index", "target"), params(CM_TIMEOUT, "timeout", "wait_for_active_shards", "copy_settings",
                "wait_for_completion", "task_execution_timeout"),
                on(PP, "/{index}/_shrink/{target}", "/{index}/_split/{target}", "/{index}/_clone/{target}"));
        api("indices.put_alias", parts("index", "name"), params(CM_TIMEOUT, "timeout"),
                on(PP, "/{index}/_alias/{alias}", "/{index}/_aliases/{alias}"));
        api("indices.delete_alias", parts("index", "name"), params(CM_TIMEOUT, "timeout"),
                on(m(D), "/{index}/_alias/{alias}", "/{index}/_aliases/{alias}"));
        api("indices.get_alias", parts("index", "name"), params(INDICES_OPTIONS, "local"),
                on(m(G), "/{index}/_alias", "/_alias", "/{index}/_alias/{alias}", "/_alias/{alias}"));
        // OpenSearch's handler reads the rolled-over alias from {index} (the specification calls it {alias})
        api("indices.rollover", parts("index", "alias", "new_index"),
                params(CM_TIMEOUT, "dry_run", "timeout", "wait_for_active_shards"),
                on(m(PO), "/{index}/_rollover", "/{index}/_rollover/{new_index}"));
        api("indices.refresh", parts("index"), params(INDICES_OPTIONS), on(GP, "/{index}/_refresh", "/_refresh"));
        api("indices.flush", parts("index"), params(INDICES_OPTIONS, "force", "wait_if_ongoing"),
                on(GP, "/{index}/_flush", "/_flush"));
        api("indices.forcemerge", parts("index"),
                params(INDICES_OPTIONS, "flush", "max_num_segments", "only_expunge_deletes", "primary_only", "wait_for_completion"),
                on(m(PO), "/{index}/_forcemerge", "/_forcemerge"));
        api("indices.clear_cache", parts("index"), params(INDICES_OPTIONS, "fielddata", "fields", "file", "query", "request"),
                on(m(PO), "/{index}/_cache/clear", "/_cache/clear"));
        api("indices.add_block", parts("index", "block"), params(INDICES_OPTIONS, CM_TIMEOUT, "timeout"),
                on(m(P), "/{index}/_block/{block}"));
        api("indices.stats", parts("index", "metric"),
                params(INDICES_OPTIONS, "completion_fields", "fielddata_fields", "fields", "forbid_closed_indices", "groups",
                        "include_segment_file_sizes", "include_unloaded_segments", "level"),
                on(m(G), "/{index}/_stats", "/_stats", "/{index}/_stats/{metric}", "/_stats/{metric}"));
        api("indices.segments", parts("index"), params(INDICES_OPTIONS, "verbose"), on(m(G), "/{index}/_segments", "/_segments"));
        api("indices.recovery", parts("index"), params("active_only", "detailed"), on(m(G), "/{index}/_recovery", "/_recovery"));
        api("indices.shard_stores", parts("index"), params(INDICES_OPTIONS, "status"),
                on(m(G), "/{index}/_shard_stores", "/_shard_stores"));
        // the index's analyzers are read: an index given as a parameter would escape the route's classification
        api("indices.analyze", parts("index"), params(), on(GP, "/_analyze", "/{index}/_analyze"));
        api("indices.resolve_index", parts("name"), params("expand_wildcards"), on(m(G), "/_resolve/index/{index}"));

        // -- data streams (OpenSearch names the stream {name})
        api("indices.create_data_stream", parts("name"), params(), on(PP, "/_data_stream/{index}"));
        api("indices.delete_data_stream", parts("name"), params(), on(m(D), "/_data_stream/{index}"));
        api("indices.get_data_stream", parts("name"), params(), on(m(G), "/_data_stream/{index}", "/_data_stream"));
        api("indices.data_streams_stats", parts("name"), params(),
                on(m(G), "/_data_stream/{index}/_stats", "/_data_stream/_stats"));

        // -- templates
        api("indices.put_index_template", parts("name"), params(CM_TIMEOUT, "cause", "create"),
                on(PP, "/_index_template/{name}"));
        api("indices.get_index_template", parts("name"), params(CM_TIMEOUT, "flat_settings", "local"),
                on(m(G), "/_index_template", "/_index_template/{name}"));
        api("indices.delete_index_template", parts("name"), params(CM_TIMEOUT, "timeout"), on(m(D), "/_index_template/{name}"));
        api("indices.simulate_index_template", parts("name"), params(CM_TIMEOUT),
                on(m(PO), "/_index_template/_simulate_index/{name}"));
        api("indices.simulate_template", parts("name"), params(CM_TIMEOUT, "cause", "create"),
                on(m(PO), "/_index_template/_simulate", "/_index_template/_simulate/{name}"));
        api("indices.put_template", parts("name"), params(CM_TIMEOUT, "create", "order"), on(PP, "/_template/{name}"));
        api("indices.get_template", parts("name"), params(CM_TIMEOUT, "flat_settings", "local"),
                on(m(G), "/_template", "/_template/{name}"));
        api("indices.delete_template", parts("name"), params(CM_TIMEOUT, "timeout"), on(m(D), "/_template/{name}"));
        api("cluster.put_component_template", parts("name"), params(CM_TIMEOUT, "create", "timeout"),
                on(PP, "/_component_template/{name}"));
        api("cluster.get_component_template", parts("name"), params(CM_TIMEOUT, "flat_settings", "local"),
                on(m(G), "/_component_template", "/_component_template/{name}"));
        api("cluster.delete_component_template", parts("name"), params(CM_TIMEOUT, "timeout"),
                on(m(D), "/_component_template/{name}"));

        // -- cluster
        api("cluster.health", parts("index"),
                params(CM_TIMEOUT, "awareness_attribute", "expand_wildcards", "level", "local", "timeout", "wait_for_active_shards",
                        "wait_for_events", "wait_for_no_initializing_shards", "wait_for_no_relocating_shards", "wait_for_nodes",
                        "wait_for_status"),
                on(m(G), "/_cluster/health", "/_cluster/health/{indices}"));
        api("cluster.state", parts("metric", "index"),
                params(INDICES_OPTIONS, CM_TIMEOUT, "flat_settings", "local", "wait_for_metadata_version", "wait_for_timeout"),
                on(m(G), "/_cluster/state", "/_cluster/state/{metric}", "/_cluster/state/{metric}/{indices}"));
        api("cluster.stats", parts("nodeId", "node_id", "metric", "index_metric"), params("flat_settings", "timeout"),
                on(m(G), "/_cluster/stats", "/_cluster/stats/nodes/{node_id}"));
        api("cluster.get_settings", parts(), params(CM_TIMEOUT, "flat_settings", "include_defaults", "timeout"),
                on(m(G), "/_cluster/settings"));
        api("cluster.put_settings", parts(), params(CM_TIMEOUT, "flat_settings", "timeout"), on(m(P), "/_cluster/settings"));
        api("cluster.pending_tasks", parts(), params(CM_TIMEOUT, "local"), on(m(G), "/_cluster/pending_tasks"));
        api("cluster.allocation_explain", parts(), params("include_disk_info", "include_yes_decisions"),
                on(GP, "/_cluster/allocation/explain"));
        api("cluster.reroute", parts(), params(CM_TIMEOUT, "dry_run", "explain", "metric", "retry_failed", "timeout"),
                on(m(PO), "/_cluster/reroute"));
        api("nodes.info", parts("nodeId", "node_id", "metrics", "metric", "node_id_or_metric"), params("flat_settings", "timeout"),
                on(m(G), "/_nodes", "/_nodes/{node_id}", "/_nodes/{node_id}/{metric}"));
        api("nodes.stats", parts("nodeId", "node_id", "metric", "index_metric"),
                params("completion_fields", "fielddata_fields", "fields", "groups", "include_segment_file_sizes", "level", "timeout",
                        "types"),
                on(m(G), "/_nodes/stats", "/_nodes/stats/{metric}", "/_nodes/stats/{metric}/{index_metric}", "/_nodes/{node_id}/stats",
                        "/_nodes/{node_id}/stats/{metric}", "/_nodes/{node_id}/stats/{metric}/{index_metric}"));
        api("nodes.hot_threads", parts("nodeId", "node_id"),
                params("ignore_idle_threads", "interval", "snapshots", "threads", "timeout", "type"),
                on(m(G), "/_nodes/hot_threads", "/_nodes/{node_id}/hot_threads"));
        api("nodes.usage", parts("nodeId", "node_id", "metric"), params("timeout"),
                on(m(G), "/_nodes/usage", "/_nodes/{node_id}/usage"));
        api("nodes.reload_secure_settings", parts("nodeId", "node_id"), params("timeout"),
                on(m(PO), "/_nodes/reload_secure_settings", "/_nodes/{node_id}/reload_secure_settings"));

        // -- tasks
        api("tasks.list", parts(), params("actions", "detailed", "group_by", "nodes", "parent_task_id", "timeout",
                "wait_for_completion"), on(m(G), "/_tasks"));
        api("tasks.get", parts("task_id"), params("timeout", "wait_for_completion"), on(m(G), "/_tasks/{task_id}"));
        api("tasks.cancel", parts("task_id"), params("actions", "nodes", "parent_task_id", "wait_for_completion"),
                on(m(PO), "/_tasks/_cancel", "/_tasks/{task_id}/_cancel"));

        // -- ingest
        api("ingest.put_pipeline", parts("id"), params(CM_TIMEOUT, "timeout"), on(m(P), "/_ingest/pipeline/{id}"));
        api("ingest.get_pipeline", parts("id"), params(CM_TIMEOUT), on(m(G), "/_ingest/pipeline", "/_ingest/pipeline/{id}"));
        api("ingest.delete_pipeline", parts("id"), params(CM_TIMEOUT, "timeout"), on(m(D), "/_ingest/pipeline/{id}"));
        api("ingest.simulate", parts("id"), params("verbose"),
                on(GP, "/_ingest/pipeline/_simulate", "/_ingest/pipeline/{id}/_simulate"));
        api("ingest.processor_grok", parts(), params("s"), on(m(G), "/_ingest/processor/grok"));

        // -- stored scripts
        api("put_script", parts("id", "context"), params(CM_TIMEOUT, "timeout"), on(PP, "/_scripts/{id}", "/_scripts/{id}/{context}"));
        api("get_script", parts("id"), params(CM_TIMEOUT), on(m(G), "/_scripts/{id}"));
        api("delete_script", parts("id"), params(CM_TIMEOUT, "timeout"), on(m(D), "/_scripts/{id}"));
        api("get_script_context", parts(), params(), on(m(G), "/_script_context"));
        api("get_script_languages", parts(), params(), on(m(G), "/_script_language"));

        // -- snapshots
        api("snapshot.get_repository", parts("repository"), params(CM_TIMEOUT, "local"),
                on(m(G), "/_snapshot", "/_snapshot/{repository}"));
        api("snapshot.create_repository", parts("repository"), params(CM_TIMEOUT, "timeout", "verify"),
                on(PP, "/_snapshot/{repository}"));
        api("snapshot.delete_repository", parts("repository"), params(CM_TIMEOUT, "timeout"), on(m(D), "/_snapshot/{repository}"));
        api("snapshot.verify_repository", parts("repository"), params(CM_TIMEOUT, "timeout"),
                on(m(PO), "/_snapshot/{repository}/_verify"));
        api("snapshot.cleanup_repository", parts("repository"), params(CM_TIMEOUT, "timeout"),
                on(m(PO), "/_snapshot/{repository}/_cleanup"));
        api("snapshot.status", parts("repository", "snapshot"), params(CM_TIMEOUT, "ignore_unavailable"),
                on(m(G), "/_snapshot/_status", "/_snapshot/{repository}/_status", "/_snapshot/{repository}/{snapshot}/_status"));
        api("snapshot.create", parts("repository", "snapshot"), params(CM_TIMEOUT, "wait_for_completion"),
                on(PP, "/_snapshot/{repository}/{snapshot}"));
        api("snapshot.get", parts("repository", "snapshot"), params(CM_TIMEOUT, "ignore_unavailable", "verbose"),
                on(m(G), "/_snapshot/{repository}/{snapshot}"));
        api("snapshot.delete", parts("repository", "snapshot"), params(CM_TIMEOUT), on(m(D), "/_snapshot/{repository}/{snapshot}"));
        api("snapshot.restore", parts("repository", "snapshot"), params(CM_TIMEOUT, "wait_for_completion"),
                on(m(PO), "/_snapshot/{repository}/{snapshot}/_restore"));
        api("snapshot.clone", parts("repository", "snapshot", "target_snapshot"), params(CM_TIMEOUT),
                on(m(P), "/_snapshot/{repository}/{snapshot}/_clone/{target}"));

        // -- _cat (every cat handler also takes CAT's response parameters)
        api("cat.help", parts(), params(), on(m(G), "/_cat")); // RestCatAction is not a cat table: no help, no h
        api("cat.indices", parts("index"),
                params(CAT, CM_TIMEOUT, "expand_wildcards", "health", "include_unloaded_segments", "local"),
                on(m(G), "/_cat/indices/{index}", "/_cat/indices"));
        api("cat.health", parts(), params(CAT), on(m(G), "/_cat/health"));
        api("cat.count", parts("index"), params(CAT), on(m(G), "/_cat/count/{index}", "/_cat/count"));
        api("cat.shards", parts("index"), params(CAT, CM_TIMEOUT, "local"), on(m(G), "/_cat/shards/{index}", "/_cat/shards"));
        api("cat.segments", parts("index"), params(CAT, CM_TIMEOUT), on(m(G), "/_cat/segments/{index}", "/_cat/segments"));
        api("cat.recovery", parts("index"), params(CAT, "active_only", "detailed"),
                on(m(G), "/_cat/recovery/{index}", "/_cat/recovery"));
        api("cat.aliases", parts("alias", "name"), params(CAT, "expand_wildcards", "local"),
                on(m(G), "/_cat/aliases", "/_cat/aliases/{alias}"));
        api("cat.nodes", parts(), params(CAT, CM_TIMEOUT, "full_id", "local"), on(m(G), "/_cat/nodes"));
        api("cat.allocation", parts("nodes", "node_id"), params(CAT, CM_TIMEOUT, "local"),
                on(m(G), "/_cat/allocation", "/_cat/allocation/{node_id}"));
        api("cat.cluster_manager", parts(), params(CAT, CM_TIMEOUT, "local"), on(m(G), "/_cat/master", "/_cat/cluster_manager"));
        api("cat.templates", parts("name"), params(CAT, CM_TIMEOUT, "local"), on(m(G), "/_cat/templates", "/_cat/templates/{name}"));
        api("cat.thread_pool", parts("thread_pool_patterns"), params(CAT, CM_TIMEOUT, "local"),
                on(m(G), "/_cat/thread_pool", "/_cat/thread_pool/{pattern}"));
        api("cat.pending_tasks", parts(), params(CAT, CM_TIMEOUT, "local"), on(m(G), "/_cat/pending_tasks"));
        api("cat.tasks", parts(), params(CAT, "actions", "detailed", "nodes", "parent_task_id"), on(m(G), "/_cat/tasks"));
        api("cat.plugins", parts(), params(CAT, CM_TIMEOUT, "local"), on(m(G), "/_cat/plugins"));
        api("cat.nodeattrs", parts(), params(CAT, CM_TIMEOUT, "local"), on(m(G), "/_cat/nodeattrs"));
        api("cat.repositories", parts(), params(CAT, CM_TIMEOUT, "local"), on(m(G), "/_cat/repositories"));
        api("cat.snapshots", parts("repository"), params(CAT, CM_TIMEOUT, "ignore_unavailable"),
                on(m(G), "/_cat/snapshots", "/_cat/snapshots/{repository}"));
        api("cat.fielddata", parts("fields"), params(CAT), on(m(G), "/_cat/fielddata", "/_cat/fielddata/{fields}"));
    }

    private RouteParameters() {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lookups.

    /** The handler serving {@code method template} ({@link RouteTable.Route#template()}), HEAD as GET; null if none is listed. */
    public static Api api(String method, String template) {
        Entry e = entry(method, template);
        return e == null ? null : e.api();
    }

    /** Every listed route as {@code "METHOD template"}, GET standing for HEAD too. */
    public static Set<String> routes() {
        return Collections.unmodifiableSet(BY_ROUTE.keySet());
    }

    /** Every handler, in table order. */
    public static List<Api> apis() {
        return Collections.unmodifiableList(APIS);
    }

    /**
     * The query parameters {@code method template} accepts, {@link #GLOBAL} included.
     *
     * @throws IllegalStateException if the route has no entry (a route added to {@link RouteTable} without one)
     */
    public static Set<String> accepted(String method, String template) {
        Entry e = entry(method, template);
        if (e == null) {
            throw new IllegalStateException("no parameter list for " + method + " " + template);
        }
        return e.withGlobal();
    }

    /**
     * Refuses the request when a parameter is neither accepted by the route nor global nor {@link #DROPPED}, with
     * Elasticsearch's {@code BaseRestHandler#unrecognized} message. Names are compared as OpenSearch reads them: decoded.
     *
     * @param path the request's path as the client sent it, for the message
     * @throws EsException 400 {@code illegal_argument_exception}
     * @throws IllegalStateException if the route has no entry: fails closed
     */
    public static void check(String method, String template, String path, Iterable<String> names) {
        Set<String> accepted = accepted(method, template);
        TreeSet<String> unrecognized = new TreeSet<>(); // sorted, as Elasticsearch reports them
        for (String name : names) {
            if (!accepted.contains(name) && !DROPPED.contains(name)) {
                unrecognized.add(name);
            }
        }
        if (!unrecognized.isEmpty()) {
            throw EsException.illegalArgument(unrecognized(path, unrecognized, accepted));
        }
    }

    /**
     * {@code request [/p] contains unrecognized parameter: [x] -> did you mean [y]?}, several joined by {@code ", "};
     * suggestions as Elasticsearch makes them (Lucene's Levenshtein similarity above 0.5, best first, then by name).
     */
    static String unrecognized(String path, Set<String> invalids, Set<String> candidates) {
        StringBuilder message = new StringBuilder("request [").append(path).append("] contains unrecognized parameter")
                .append(invalids.size() > 1 ? "s" : "").append(": ");
        boolean first = true;
        for (String invalid : invalids) {
            if (!first) {
                message.append(", ");
            }
            first = false;
            message.append('[').append(invalid).append(']');
            List<String> similar = candidates.stream()
                    .filter(c -> similarity(invalid, c) > 0.5f)
                    .sorted((a, b) -> {
                        int byScore = Float.compare(similarity(invalid, b), similarity(invalid, a));
                        return byScore != 0 ? byScore : a.compareTo(b);
                    })
                    .toList();
            if (!similar.isEmpty()) {
                message.append(" -> did you mean ").append(similar.size() > 1 ? "any of " : "").append(similar).append('?');
            }
        }
        return message.toString();
    }

    /** Lucene's {@code LevenshteinDistance#getDistance}: 1 - edits / longer length. */
    static float similarity(String target, String other) {
        int n = target.length(), m = other.length();
        if (n == 0 || m == 0) {
            return n == m ? 1f : 0f;
        }
        int[] previous = new int[n + 1], current = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            previous[i] = i;
        }
        for (int j = 1; j <= m; j++) {
            char c = other.charAt(j - 1);
            current[0] = j;
            for (int i = 1; i <= n; i++) {
                int cost = target.charAt(i - 1) == c ? 0 : 1;
                current[i] = Math.min(Math.min(current[i - 1] + 1, previous[i] + 1), previous[i - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return 1f - (float) previous[n] / Math.max(n, m);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Builder helpers.

    private record On(String[] methods, String[] templates) {
    }

    private static On on(String[] methods, String... templates) {
        return new On(methods, templates);
    }

    private static String[] m(String... methods) {
        return methods;
    }

    private static Set<String> parts(String... names) {
        return Set.of(names);
    }

    /** Names and groups of names ({@code String[]}), flattened. */
    private static Set<String> params(Object... items) {
        Set<String> out = new LinkedHashSet<>();
        for (Object item : items) {
            if (item instanceof String[] group) {
                out.addAll(List.of(group));
            } else {
                out.add((String) item);
            }
        }
        return out;
    }

    private static void api(String name, Set<String> pathParts, Set<String> accepted, On... sites) {
        for (String part : pathParts) {
            if (accepted.contains(part)) { // the rule this class exists for; checked once, at class load
                throw new IllegalStateException(name + ": path part [" + part + "] listed as a query parameter");
            }
        }
        for (String dropped : DROPPED) {
            if (accepted.contains(dropped)) {
                throw new IllegalStateException(name + ": [" + dropped + "] is dropped, not accepted");
            }
        }
        Api api = new Api(name, pathParts, Collections.unmodifiableSet(new LinkedHashSet<>(accepted)));
        APIS.add(api);
        Entry entry = new Entry(api, union(api.accepted(), GLOBAL));
        for (On on : sites) {
            for (String method : on.methods()) {
                for (String template : on.templates()) {
                    if (BY_ROUTE.put(key(method, template), entry) != null) {
                        throw new IllegalStateException("listed twice: " + method + " " + template);
                    }
                }
            }
        }
    }

    private static Entry entry(String method, String template) {
        return BY_ROUTE.get(key("HEAD".equals(method) ? G : method, template));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return Collections.unmodifiableSet(out);
    }

    private static String key(String method, String template) {
        return method + " " + template;
    }
}
