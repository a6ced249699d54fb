package io.keygate.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an {@link IngestCatalog} from the backend's answers (each may be null: nothing of that kind):
 * {@code GET _ingest/pipeline}, {@code GET _all/_settings/index.default_pipeline,index.final_pipeline},
 * {@code GET _index_template}, {@code GET _component_template} and {@code GET _template}. Settings are read flat
 * ({@code index.default_pipeline}) or nested ({@code {"index":{"default_pipeline":..}}}), with or without the
 * {@code index.} prefix.
 */
public final class IngestCatalogJson {

    private IngestCatalogJson() {}

    public static IngestCatalog read(JsonNode pipelines, JsonNode settings, JsonNode indexTemplates, JsonNode componentTemplates,
                                     JsonNode legacyTemplates) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        if (pipelines != null) pipelines.fields().forEachRemaining(f -> byId.put(f.getKey(), f.getValue()));

        Map<String, IngestCatalog.IndexPipelines> indices = new HashMap<>();
        Set<String> indicesRead = new java.util.HashSet<>();
        if (settings != null) {
            settings.fields().forEachRemaining(f -> {
                indicesRead.add(f.getKey());
                JsonNode s = f.getValue().path("settings");
                String def = setting(s, "default_pipeline"), fin = setting(s, "final_pipeline");
                if (def != null || fin != null) indices.put(f.getKey(), new IngestCatalog.IndexPipelines(def, fin));
            });
        }

        Map<String, JsonNode> components = new HashMap<>();
        if (componentTemplates != null) {
            for (JsonNode c : componentTemplates.path("component_templates")) {
                components.put(c.path("name").asText(), c.path("component_template").path("template").path("settings"));
            }
        }
        List<IngestCatalog.Template> templates = new ArrayList<>();
        if (indexTemplates != null) {
            for (JsonNode t : indexTemplates.path("index_templates")) {
                JsonNode body = t.path("index_template");
                Set<String> defaults = new LinkedHashSet<>(), finals = new LinkedHashSet<>();
                collect(body.path("template").path("settings"), defaults, finals);
                for (JsonNode c : body.path("composed_of")) collect(components.get(c.asText()), defaults, finals);
                add(templates, t.path("name").asText(), body.path("index_patterns"), defaults, finals);
            }
        }
        if (legacyTemplates != null) {
            legacyTemplates.fields().forEachRemaining(f -> {
                Set<String> defaults = new LinkedHashSet<>(), finals = new LinkedHashSet<>();
                collect(f.getValue().path("settings"), defaults, finals);
                add(templates, f.getKey(), f.getValue().path("index_patterns"), defaults, finals);
            });
        }
        return IngestCatalog.of(byId, indices, indicesRead, templates);
    }

    private static void add(List<IngestCatalog.Template> templates, String name, JsonNode patterns, Set<String> defaults,
                            Set<String> finals) {
        if (defaults.isEmpty() && finals.isEmpty()) return;
        List<String> list = new ArrayList<>();
        if (patterns.isTextual()) list.add(patterns.asText());
        else patterns.forEach(p -> list.add(p.asText()));
        templates.add(new IngestCatalog.Template(name, list, defaults, finals));
    }

    private static void collect(JsonNode settings, Set<String> defaults, Set<String> finals) {
        if (settings == null) return;
        String def = setting(settings, "default_pipeline"), fin = setting(settings, "final_pipeline");
        if (def != null) defaults.add(def);
        if (fin != null) finals.add(fin);
    }

    /** {@code index.<key>} in any spelling the backend accepts, or null. */
    static String setting(JsonNode settings, String key) {
        if (settings == null || !settings.isObject()) return null;
        for (JsonNode v : List.of(settings.path("index." + key), settings.path("index").path(key), settings.path(key))) {
            if (v.isTextual() && !v.asText().isEmpty()) return v.asText();
        }
        return null;
    }
}
