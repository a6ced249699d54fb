package io.keygate.server.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.wire.Json;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Installs the index templates Elasticsearch ships for {@code logs-*-*}, {@code metrics-*-*}, {@code traces-*-*} and
 * {@code synthetics-*-*} (priority 100, {@code data_stream}, {@code @timestamp} as {@code date}, ECS dynamic mappings),
 * so that a shipper's first {@code create} makes a data stream on OpenSearch as it does on Elasticsearch.
 * <p>
 * Idempotent and versioned: a template is written when it is missing, or when Keygate wrote it
 * ({@code _meta.managed_by: keygate}) at a lower {@code version}. A template of the same name that someone else wrote
 * is left alone, and so is any user template of higher priority: it simply wins over Keygate's, as on Elasticsearch.
 * A failure is reported, never fatal: the proxy works without these templates, shippers only get plain indices.
 */
public final class BuiltinTemplates {
    static final String RESOURCE = "io/keygate/server/backend/builtin-templates.json";
    public static final String MANAGED_BY = "keygate";
    static final int PRIORITY = 100;

    private final BackendClient backend;
    private final JsonNode definitions;

    public BuiltinTemplates(BackendClient backend) {
        this(backend, load());
    }

    BuiltinTemplates(BackendClient backend, JsonNode definitions) {
        this.backend = backend;
        this.definitions = definitions;
    }

    /** The version of the templates this Keygate carries. */
    public int version() {
        return definitions.path("version").asInt();
    }

    /** Installs what is missing or older; one line per template says what happened. */
    public Future<List<String>> install() {
        List<String> report = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        // components first: an index template naming a missing component is refused
        for (Map.Entry<String, JsonNode> e : definitions.path("component_templates").properties()) {
            chain = chain.compose(v -> ensure("_component_template", "component_templates", "component_template",
                    e.getKey(), component(e.getValue()), report));
        }
        for (Map.Entry<String, JsonNode> e : definitions.path("index_templates").properties()) {
            chain = chain.compose(v -> ensure("_index_template", "index_templates", "index_template",
                    e.getKey(), indexTemplate(e.getValue()), report));
        }
        return chain.map(v -> report);
    }

    private Future<Void> ensure(String api, String listField, String itemField, String name, ObjectNode body, List<String> report) {
        String path = "/" + api + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return backend.json(HttpMethod.GET, path, null).compose(existing -> {
            String why = reasonToWrite(existing, listField, itemField);
            if (why == null) {
                report.add(api + "/" + name + ": kept (" + keptReason(existing, listField, itemField) + ")");
                return Future.succeededFuture();
            }
            return backend.json(HttpMethod.PUT, path, body).map(put -> {
                report.add(api + "/" + name + ": " + (put.ok() ? why : "NOT installed: " + put.status() + " "
                        + put.body().path("error").path("reason").asText(put.body().toString())));
                return (Void) null;
            });
        }).recover(failure -> {
            report.add(api + "/" + name + ": NOT installed: " + failure.getMessage());
            return Future.succeededFuture();
        });
    }

    /** Why the template must be written ("installed", "updated from version N"), or null to keep what is there. */
    private String reasonToWrite(BackendClient.JsonResponse existing, String listField, String itemField) {
        if (existing.status() == 404) return "installed version " + version();
        JsonNode current = current(existing, listField, itemField);
        if (current == null) return "installed version " + version();
        if (!MANAGED_BY.equals(current.path("_meta").path("managed_by").asText())) return null;
        int installed = current.path("version").asInt(0);
        return installed < version() ? "updated from version " + installed + " to " + version() : null;
    }

    private String keptReason(BackendClient.JsonResponse existing, String listField, String itemField) {
        JsonNode current = current(existing, listField, itemField);
        if (current == null) return "the backend answered " + existing.status();
        if (!MANAGED_BY.equals(current.path("_meta").path("managed_by").asText())) return "not written by Keygate";
        return "version " + current.path("version").asInt(0) + " is current";
    }

    private static JsonNode current(BackendClient.JsonResponse existing, String listField, String itemField) {
        if (!existing.ok()) return null;
        JsonNode list = existing.body().path(listField);
        if (!list.isArray() || list.isEmpty()) return null;
        JsonNode item = list.get(0).path(itemField);
        return item.isMissingNode() ? null : item;
    }

    private ObjectNode component(JsonNode definition) {
        ObjectNode body = definition.deepCopy();
        body.put("version", version());
        body.set("_meta", meta("installed by Keygate, as Elasticsearch installs its own"));
        return body;
    }

    private ObjectNode indexTemplate(JsonNode definition) {
        ObjectNode body = definition.deepCopy();
        body.put("priority", PRIORITY);
        body.putObject("data_stream");
        body.put("version", version());
        body.set("_meta", meta("default data stream template installed by Keygate (Elasticsearch's built-in equivalent)"));
        return body;
    }

    private static ObjectNode meta(String description) {
        ObjectNode meta = Json.object();
        meta.put("description", description);
        meta.put("managed", true);
        meta.put("managed_by", MANAGED_BY);
        return meta;
    }

    static JsonNode load() {
        try (InputStream in = BuiltinTemplates.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
