package io.keygate.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What each ingest pipeline can do to {@code _index}, read from its definition (as {@code GET _ingest/pipeline}
 * returns it). Deny by default: a processor type not on the list below is UNKNOWN. On the list, a processor is NONE
 * unless one of its settings names {@code _index}, takes its field name from a template ({@code {{...}}}), or writes
 * keys read from the document at the root ({@code json} with {@code add_to_root}, {@code kv} without
 * {@code target_field}, {@code dissect} reference keys). {@code set} of {@code _index} to a literal name is FIXED;
 * scripts are read by {@link ScriptCheck}; {@code pipeline}, {@code foreach} and {@code on_failure} handlers add the
 * effects of what they run; a pipeline that runs itself (a cycle) or one that does not exist is UNKNOWN.
 *
 * <p>Conditions ({@code if}) are not read: the backend gives them a read-only view of the document.
 */
final class PipelineAnalyzer {

    /** Processors whose only way to {@code _index} is naming it in a setting (OpenSearch's ingest-common and modules). */
    static final Set<String> PLAIN = Set.of("append", "bytes", "convert", "copy", "csv", "date", "dot_expander", "drop",
            "fail", "fingerprint", "grok", "gsub", "html_strip", "join", "lowercase", "remove", "remove_by_pattern",
            "rename", "sort", "split", "trim", "uppercase", "urldecode", "uri_parts", "user_agent", "geoip",
            "community_id", "network_direction", "registered_domain", "attachment");
    /** Settings that name a field to write or read (templated: the document chooses the field). */
    private static final Set<String> FIELD_SETTINGS = Set.of("field", "fields", "target_field", "target_fields",
            "source_field", "path");
    /** Settings that are never about the document's fields. */
    private static final Set<String> IGNORED = Set.of("if", "tag", "description", "ignore_failure", "on_failure");

    private final Map<String, JsonNode> pipelines;
    private final Map<String, IndexEffect> done = new HashMap<>();
    private final Set<String> running = new LinkedHashSet<>();

    PipelineAnalyzer(Map<String, JsonNode> pipelines) {
        this.pipelines = pipelines;
    }

    /** Every pipeline's effect (analyzed in id order, so that the reasons given for a cycle do not vary). */
    static Map<String, IndexEffect> analyzeAll(Map<String, JsonNode> pipelines) {
        PipelineAnalyzer a = new PipelineAnalyzer(pipelines);
        Map<String, IndexEffect> out = new HashMap<>();
        for (String id : new java.util.TreeSet<>(pipelines.keySet())) out.put(id, a.pipeline(id));
        return out;
    }

    IndexEffect pipeline(String id) {
        IndexEffect known = done.get(id);
        if (known != null) return known;
        if (running.contains(id)) return IndexEffect.unknown("pipeline [" + id + "] runs itself (a cycle)");
        JsonNode definition = pipelines.get(id);
        if (definition == null) return IndexEffect.unknown("pipeline [" + id + "] does not exist");
        running.add(id);
        IndexEffect effect;
        if (!definition.isObject()) {
            effect = IndexEffect.unknown("pipeline [" + id + "] is not an object");
        } else {
            effect = processors(definition.get("processors")).and(processors(definition.get("on_failure")));
        }
        running.remove(id);
        effect = effect.via("pipeline [" + id + "]");
        done.put(id, effect);
        return effect;
    }

    private IndexEffect processors(JsonNode list) {
        if (list == null || list.isNull()) return IndexEffect.NONE;
        if (!list.isArray()) return IndexEffect.unknown("its processors are not a list");
        IndexEffect effect = IndexEffect.NONE;
        for (JsonNode p : list) {
            effect = effect.and(processor(p));
            if (effect.kind() == IndexEffect.Kind.UNKNOWN) return effect;
        }
        return effect;
    }

    IndexEffect processor(JsonNode p) {
        if (p == null || !p.isObject() || p.size() != 1) return IndexEffect.unknown("a processor is not an object of one type");
        var entry = p.fields().next();
        String type = entry.getKey();
        JsonNode config = entry.getValue();
        if (!config.isObject()) return IndexEffect.unknown("processor [" + type + "] has no settings object");
        IndexEffect own = switch (type) {
            case "set" -> set(config);
            case "script" -> script(config);
            case "pipeline" -> pipelineProcessor(config);
            case "foreach" -> plain(type, config, "processor").and(processor(config.get("processor")).via("processor [foreach]"));
            case "date_index_name" -> IndexEffect.unknown("processor [date_index_name] sets [_index] from a date");
            case "json" -> config.path("add_to_root").asBoolean(false)
                    ? IndexEffect.unknown("processor [json] with [add_to_root] writes keys read from the document at the root")
                    : plain(type, config);
            case "kv" -> kv(config);
            case "dissect" -> {
                String pattern = config.path("pattern").asText("");
                yield pattern.contains("%{*") || pattern.contains("%{&")
                        ? IndexEffect.unknown("processor [dissect] takes field names from the document (reference keys)")
                        : plain(type, config);
            }
            default -> PLAIN.contains(type) ? plain(type, config)
                    : IndexEffect.unknown("processor type [" + type + "] is not one Keygate can analyze");
        };
        return own.and(processors(config.get("on_failure")).via("the [on_failure] of processor [" + type + "]"));
    }

    /** NONE unless a setting (other than those in {@link #IGNORED} and {@code skip}) names [_index] or a templated field. */
    private static IndexEffect plain(String type, JsonNode config, String... skip) {
        Set<String> skipped = Set.of(skip);
        for (var it = config.fields(); it.hasNext(); ) {
            var f = it.next();
            if (IGNORED.contains(f.getKey()) || skipped.contains(f.getKey())) continue;
            if (Mentions.index(f.getValue())) return IndexEffect.unknown("processor [" + type + "] names [_index] in [" + f.getKey() + "]");
            if (FIELD_SETTINGS.contains(f.getKey()) && Mentions.template(f.getValue())) {
                return IndexEffect.unknown("processor [" + type + "] takes its field name from a template in [" + f.getKey() + "]");
            }
        }
        return IndexEffect.NONE;
    }

    /** {@code set} of {@code _index} to a literal name: FIXED; to anything else: UNKNOWN; of another field: plain. */
    private static IndexEffect set(JsonNode config) {
        JsonNode field = config.get("field");
        if (field == null || !field.isTextual() || !"_index".equals(field.asText())) return plain("set", config);
        JsonNode value = config.get("value");
        if (config.has("copy_from") || value == null || !value.isTextual()) {
            return IndexEffect.unknown("processor [set] sets [_index] to a value that is not a literal name");
        }
        String name = value.asText();
        if (name.isEmpty() || name.contains("{{") || name.startsWith("<") || name.contains("*") || name.contains(",")) {
            return IndexEffect.unknown("processor [set] sets [_index] from a template or expression [" + name + "]");
        }
        return IndexEffect.fixed(name);
    }

    private static IndexEffect script(JsonNode config) {
        if (config.has("id")) return IndexEffect.unknown("processor [script] runs a stored script Keygate cannot read");
        String lang = config.path("lang").asText("painless");
        if (!lang.equals("painless")) return IndexEffect.unknown("processor [script] is in language [" + lang + "]");
        JsonNode source = config.has("source") ? config.get("source") : config.get("inline");
        if (source == null || !source.isTextual()) return IndexEffect.unknown("processor [script] has no source Keygate can read");
        if (Mentions.index(config.get("params"))) return IndexEffect.unknown("processor [script] names [_index] in [params]");
        String why = ScriptCheck.mayWriteIndex(source.asText());
        return why == null ? IndexEffect.NONE : IndexEffect.unknown("processor [script] may set [_index]: " + why);
    }

    private IndexEffect pipelineProcessor(JsonNode config) {
        JsonNode name = config.get("name");
        if (name == null || !name.isTextual() || name.asText().contains("{{")) {
            return IndexEffect.unknown("processor [pipeline] names the pipeline it runs with a template");
        }
        return pipeline(name.asText());
    }

    /** {@code kv} writes its keys under {@code target_field}, else at the root: safe there only for a fixed key list. */
    private static IndexEffect kv(JsonNode config) {
        IndexEffect plain = plain("kv", config);
        if (plain.kind() != IndexEffect.Kind.NONE || config.hasNonNull("target_field")) return plain;
        JsonNode include = config.get("include_keys");
        boolean fixedKeys = include != null && include.isArray() && !include.isEmpty() && !config.hasNonNull("prefix");
        return fixedKeys ? IndexEffect.NONE
                : IndexEffect.unknown("processor [kv] without [target_field] writes keys read from the document at the root");
    }
}
