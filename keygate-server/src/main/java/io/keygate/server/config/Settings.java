package io.keygate.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keygate's settings, spelled as Elasticsearch spells its own: dotted keys read from
 * {@code config/keygate.yml} (nested or flat YAML) and overridden by {@code -E key=value}.
 * Values are kept as strings; lists are comma-joined, as Elasticsearch accepts them on the command line.
 */
public final class Settings {

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** Reads {@code yamlFile} if it exists, then applies the {@code key=value} overrides. */
    public static Settings load(Path yamlFile, List<String> overrides) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (yamlFile != null && Files.isRegularFile(yamlFile)) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yamlFile.toFile());
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                if (!root.isObject()) {
                    throw new IllegalArgumentException(yamlFile + " must hold a map of settings");
                }
                flatten("", root, values);
            }
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("setting [" + override + "] must be of the form key=value");
            }
            values.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return new Settings(values);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            out.put(prefix, String.join(",", items));
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public String get(String key) {
        return values.get(key);
    }

    public int getInt(String key, int defaultValue) {
        String v = values.get(key);
        if (v == null) return defaultValue;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting [" + key + "] must be an integer, got [" + v + "]");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) return defaultValue;
        return switch (v.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("setting [" + key + "] must be true or false, got [" + v + "]");
        };
    }

    public List<String> getList(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) return List.of();
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public long getBytes(String key, long defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : ByteSizes.parse(key, v);
    }

    /** A size in bytes, or a share of the JVM's maximum heap ({@code 40%}), as Elasticsearch's breaker limits are given. */
    public long getBytesOrHeapShare(String key, String defaultValue) {
        String v = values.getOrDefault(key, defaultValue).trim();
        if (!v.endsWith("%")) return ByteSizes.parse(key, v);
        double percent;
        try {
            percent = Double.parseDouble(v.substring(0, v.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse setting [" + key + "] with value [" + v + "] as a percentage of the heap");
        }
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("setting [" + key + "] must be between 0% and 100%, got [" + v + "]");
        }
        return (long) (Runtime.getRuntime().maxMemory() * percent / 100);
    }

    public Duration getDuration(String key, Duration defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : TimeValues.parse(key, v);
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }
}
