package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.wire.Json;
import io.keygate.server.wire.Responses;
import io.vertx.core.http.HttpServerRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /_xpack} and {@code GET /_xpack/usage}, answered as a basic-licensed Elasticsearch with security enabled
 * (Logstash and Beats ask at start). Features are reported for what Keygate and its backend really do: security and
 * data streams are there; ILM, machine learning, watcher… are not, so a client that asks (Logstash's
 * {@code ilm_enabled => auto}) does not try them.
 */
public final class XpackApi {

    /** Feature → available on this deployment. Names as Elasticsearch 9 lists them. */
    static final Map<String, Boolean> FEATURES = features();

    private static Map<String, Boolean> features() {
        Map<String, Boolean> f = new LinkedHashMap<>();
        for (String name : List.of("aggregate_metric", "analytics", "archive", "ccr", "data_streams", "data_tiers", "enrich",
                "enterprise_search", "eql", "esql", "frozen_indices", "graph", "ilm", "logsdb", "logstash", "ml", "monitoring",
                "rollup", "searchable_snapshots", "security", "slm", "spatial", "sql", "transform", "universal_profiling",
                "voting_only", "watcher")) {
            f.put(name, Set.of("data_streams", "monitoring", "security").contains(name));
        }
        return Map.copyOf(f);
    }

    private final ClusterIdentity identity;

    public XpackApi(ClusterIdentity identity) {
        this.identity = identity;
    }

    public void info(HttpServerRequest req) {
        String categories = req.getParam("categories", "build,license,features");
        Set<String> wanted = Set.of(categories.split(","));
        ObjectNode body = Json.object();
        if (wanted.contains("build")) {
            ObjectNode build = body.putObject("build");
            build.put("hash", "keygate");
            build.put("date", "2026-01-01T00:00:00.000Z");
        }
        if (wanted.contains("license")) {
            ObjectNode license = body.putObject("license");
            license.put("uid", identity.clusterUuid());
            license.put("type", "basic");
            license.put("mode", "basic");
            license.put("status", "active");
        }
        if (wanted.contains("features")) {
            ObjectNode features = body.putObject("features");
            FEATURES.keySet().stream().sorted().forEach(name -> {
                ObjectNode feature = features.putObject(name);
                feature.put("available", FEATURES.get(name));
                feature.put("enabled", FEATURES.get(name));
            });
        }
        if (!"false".equals(req.getParam("human"))) body.put("tagline", "You know, for X");
        Responses.json(req, 200, body);
    }

    public void usage(HttpServerRequest req) {
        ObjectNode body = Json.object();
        FEATURES.keySet().stream().sorted().forEach(name -> {
            ObjectNode feature = body.putObject(name);
            feature.put("available", FEATURES.get(name));
            feature.put("enabled", FEATURES.get(name));
        });
        ObjectNode security = (ObjectNode) body.get("security");
        security.putObject("realms").putObject("native").put("available", true).put("enabled", true);
        security.putObject("api_key_service").put("enabled", true);
        security.putObject("token_service").put("enabled", false);
        ObjectNode ssl = security.putObject("ssl");
        ssl.putObject("http").put("enabled", req.isSSL());
        ssl.putObject("transport").put("enabled", false);
        security.putObject("audit").put("enabled", true);
        security.putObject("anonymous").put("enabled", false);
        ObjectNode monitoring = (ObjectNode) body.get("monitoring");
        monitoring.put("collection_enabled", false);
        monitoring.putObject("enabled_exporters");
        Responses.json(req, 200, body);
    }
}
