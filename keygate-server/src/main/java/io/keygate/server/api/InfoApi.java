package io.keygate.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.wire.Json;
import io.keygate.server.wire.Responses;
import io.vertx.core.http.HttpServerRequest;

/** {@code GET /}, {@code GET /_license} and {@code GET /_xpack[/usage]}, answered as Elasticsearch answers them. */
public final class InfoApi {
    private final ClusterIdentity identity;
    private final XpackApi xpack;

    public InfoApi(ClusterIdentity identity) {
        this.identity = identity;
        this.xpack = new XpackApi(identity);
    }

    /** {@code GET /_xpack}: see {@link XpackApi}. */
    public void xpack(HttpServerRequest req) {
        xpack.info(req);
    }

    /** {@code GET /_xpack/usage}: see {@link XpackApi}. */
    public void xpackUsage(HttpServerRequest req) {
        xpack.usage(req);
    }

    public void main(HttpServerRequest req) {
        ObjectNode body = Json.object();
        body.put("name", identity.nodeName());
        body.put("cluster_name", identity.clusterName());
        body.put("cluster_uuid", identity.clusterUuid());
        ObjectNode version = body.putObject("version");
        version.put("number", identity.version());
        version.put("build_flavor", "default");
        version.put("build_type", "tar");
        version.put("build_hash", "keygate");
        version.put("build_date", "2026-01-01T00:00:00.000Z");
        version.put("build_snapshot", false);
        version.put("lucene_version", "10.3.0");
        version.put("minimum_wire_compatibility_version", "8.19.0");
        version.put("minimum_index_compatibility_version", "8.0.0");
        body.put("tagline", "You Know, for Search");
        Responses.json(req, 200, body);
    }

    /** An active basic license, which is what Elasticsearch's free distribution reports. */
    public void license(HttpServerRequest req) {
        ObjectNode body = Json.object();
        ObjectNode license = body.putObject("license");
        license.put("status", "active");
        license.put("uid", identity.clusterUuid());
        license.put("type", "basic");
        license.put("issue_date", "2026-01-01T00:00:00.000Z");
        license.put("issue_date_in_millis", 1767225600000L);
        license.put("max_nodes", 1000);
        license.putNull("max_resource_units");
        license.put("issued_to", identity.clusterName());
        license.put("issuer", "elasticsearch");
        license.put("start_date_in_millis", -1);
        Responses.json(req, 200, body);
    }
}
