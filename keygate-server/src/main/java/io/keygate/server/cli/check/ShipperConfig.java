package io.keygate.server.cli.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shipper's configuration as far as the preflight needs it: which shipper it is, and each Elasticsearch output
 * ({@code output.elasticsearch}, {@code monitoring.elasticsearch}, a Logstash pipeline's {@code elasticsearch {}}
 * outputs) with its hosts, credential and targets. Environment references ({@code ${VAR}}, {@code ${VAR:default}}) are
 * expanded as Beats and Logstash expand them.
 */
public record ShipperConfig(Path file, Shipper shipper, Map<String, String> settings, List<Output> outputs) {

    /** The programs the preflight knows. {@code name} is what Beats call their index prefix. */
    public enum Shipper {
        APM_SERVER("APM Server", "apm"), FILEBEAT("Filebeat", "filebeat"), METRICBEAT("Metricbeat", "metricbeat"),
        HEARTBEAT("Heartbeat", "heartbeat"), PACKETBEAT("Packetbeat", "packetbeat"), AUDITBEAT("Auditbeat", "auditbeat"),
        LOGSTASH("Logstash", "logstash");

        public final String label;
        public final String prefix;

        Shipper(String label, String prefix) {
            this.label = label;
            this.prefix = prefix;
        }
    }

    /**
     * One Elasticsearch output. {@code section} names it as the file does; {@code options} are its settings (keys
     * relative to the section, e.g. {@code index}, {@code data_stream}); credential fields are null when absent.
     */
    public record Output(String section, List<String> hosts, String apiKey, String username, String password,
                         Map<String, String> options, List<String> unresolved) {
        public boolean monitoring() {
            return section.startsWith("monitoring.");
        }
    }

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?}");

    public static ShipperConfig read(Path file, Function<String, String> env) throws IOException {
        String text = Files.readString(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yml") || name.endsWith(".yaml");
        if (!yaml || looksLikeLogstash(text)) {
            if (!looksLikeLogstash(text)) {
                throw new IllegalArgumentException(file + ": neither a Beats/APM Server YAML file nor a Logstash pipeline");
            }
            return LogstashPipeline.read(file, text, env);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(text);
        if (root != null && root.isObject()) flatten("", root, flat);
        Shipper shipper = detect(name, flat);
        List<Output> outputs = new ArrayList<>();
        for (String section : List.of("output.elasticsearch", "monitoring.elasticsearch")) {
            if (flat.keySet().stream().noneMatch(k -> k.equals(section) || k.startsWith(section + "."))) continue;
            Map<String, String> options = new LinkedHashMap<>();
            List<String> unresolved = new ArrayList<>();
            flat.forEach((k, v) -> {
                if (k.startsWith(section + ".")) options.put(k.substring(section.length() + 1), expand(v, env, unresolved));
            });
            outputs.add(new Output(section, list(options.get("hosts")), options.get("api_key"), options.get("username"),
                    options.get("password"), options, unresolved));
        }
        Map<String, String> expanded = new LinkedHashMap<>();
        flat.forEach((k, v) -> expanded.put(k, expand(v, env, new ArrayList<>())));
        return new ShipperConfig(file, shipper, expanded, outputs);
    }

    static boolean looksLikeLogstash(String text) {
        return Pattern.compile("(?m)^\\s*output\\s*\\{").matcher(text).find();
    }

    private static Shipper detect(String fileName, Map<String, String> flat) {
        for (Shipper s : Shipper.values()) {
            String key = s == Shipper.APM_SERVER ? "apm-server" : s.prefix;
            if (flat.keySet().stream().anyMatch(k -> k.equals(key) || k.startsWith(key + "."))) return s;
        }
        for (Shipper s : Shipper.values()) {
            String key = s == Shipper.APM_SERVER ? "apm-server" : s.prefix;
            if (fileName.startsWith(key)) return s;
        }
        throw new IllegalArgumentException("cannot tell which shipper this file configures (no apm-server, filebeat, "
                + "metricbeat… section and no telling file name)");
    }

    /** Nested or dotted YAML keys alike become dotted keys; lists become comma-joined values. */
    static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
            out.put(prefix, String.join(",", items));
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    static List<String> list(String value) {
        if (value == null || value.isBlank()) return List.of();
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /** {@code ${VAR}} and {@code ${VAR:default}}; a reference that cannot be resolved is listed in {@code unresolved}. */
    static String expand(String value, Function<String, String> env, List<String> unresolved) {
        if (value == null) return null;
        Matcher m = ENV.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) v = m.group(2);
            if (v == null) {
                unresolved.add(m.group(1));
                v = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
