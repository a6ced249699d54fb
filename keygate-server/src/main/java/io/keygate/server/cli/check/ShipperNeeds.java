package io.keygate.server.cli.check;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.cli.check.ShipperConfig.Output;
import io.keygate.server.cli.check.ShipperConfig.Shipper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each shipper's output needs, from Elastic's documented minimum privileges, shaped by what the file configures
 * (its index, data stream, ILM and template settings). One {@link Need} is one role descriptor: the fix to print.
 */
public final class ShipperNeeds {
    private ShipperNeeds() {}

    /** Index privileges on some names. */
    public record IndexNeed(List<String> names, List<String> privileges) {}

    /**
     * A role descriptor the credential must hold. {@code optional} needs are reported, not failed: a feature the
     * shipper can run without (RUM source maps, central configuration).
     */
    public record Need(String role, String why, boolean optional, List<String> cluster, List<IndexNeed> index, String template) {
        public ObjectNode descriptor() {
            JsonNodeFactory f = JsonNodeFactory.instance;
            ObjectNode d = f.objectNode();
            if (!cluster.isEmpty()) {
                ArrayNode c = d.putArray("cluster");
                cluster.forEach(c::add);
            }
            ArrayNode idx = d.putArray("index");
            for (IndexNeed n : index) {
                ObjectNode o = idx.addObject();
                n.names().forEach(o.putArray("names")::add);
                n.privileges().forEach(o.putArray("privileges")::add);
                if (n.names().stream().anyMatch(name -> name.startsWith(".apm-agent-configuration"))) {
                    o.put("allow_restricted_indices", true);
                }
            }
            ObjectNode out = f.objectNode();
            out.set(role, d);
            return out;
        }
    }

    public static List<Need> of(ShipperConfig config, Output output) {
        if (output.monitoring()) {
            return List.of(new Need(config.shipper().prefix + "_monitoring", "internal monitoring collection", false,
                    List.of("monitor"), List.of(new IndexNeed(List.of(".monitoring-beats-*"), List.of("create_index", "create_doc"))),
                    config.shipper() == Shipper.APM_SERVER ? "apm-monitoring" : null));
        }
        return switch (config.shipper()) {
            case APM_SERVER -> apmServer(config.settings());
            case LOGSTASH -> List.of(logstash(output.options()));
            default -> List.of(beat(config.shipper(), config.settings(), output.options()));
        };
    }

    private static List<Need> apmServer(Map<String, String> settings) {
        List<Need> needs = new ArrayList<>();
        needs.add(new Need("apm_writer", "writing events", false, List.of("monitor"),
                List.of(new IndexNeed(List.of("traces-apm*", "logs-apm*", "metrics-apm*"), List.of("auto_configure", "create_doc"))),
                "apm-writer"));
        if ("true".equals(settings.get("apm-server.rum.enabled"))) {
            needs.add(new Need("apm_sourcemap", "RUM source maps", true, List.of(),
                    List.of(new IndexNeed(List.of(".apm-source-map"), List.of("read"))), "apm-sourcemaps"));
        }
        needs.add(new Need("apm_agent_config", "agent central configuration", true, List.of(),
                List.of(new IndexNeed(List.of(".apm-agent-configuration"), List.of("read"))), "apm-central-config"));
        return needs;
    }

    private static Need beat(Shipper beat, Map<String, String> settings, Map<String, String> output) {
        List<String> cluster = new ArrayList<>(List.of("monitor"));
        boolean ilm = !"false".equals(settings.get("setup.ilm.enabled")) && !"false".equals(settings.get("setup.ilm.check_exists"));
        if (ilm) cluster.add("read_ilm");
        if (beat == Shipper.FILEBEAT) cluster.add("read_pipeline");
        String index = output.get("index");
        String pattern = index == null || index.isBlank() ? beat.prefix + "-*" : pattern(index);
        return new Need(beat.prefix + "_writer", "publishing events", false, cluster,
                List.of(new IndexNeed(List.of(pattern), List.of("create_doc", "auto_configure"))),
                null);
    }

    /**
     * Logstash's {@code elasticsearch} output: a data stream ({@code data_stream => true}, or no {@code index} given, as
     * Logstash 8 decides in ECS mode) needs {@code auto_configure} + {@code create_doc} on it; an index needs
     * {@code create_index} and the write privilege of its {@code action}, plus template management unless
     * {@code manage_template => false}.
     */
    private static Need logstash(Map<String, String> o) {
        String dataStream = o.getOrDefault("data_stream", "auto");
        boolean ds = dataStream.equals("true") || !dataStream.equals("false") && o.get("index") == null;
        if (ds) {
            String target = o.getOrDefault("data_stream_type", "logs") + "-" + o.getOrDefault("data_stream_dataset", "generic")
                    + "-" + o.getOrDefault("data_stream_namespace", "default");
            return new Need("logstash_writer", "writing to the data stream " + target, false, List.of("monitor"),
                    List.of(new IndexNeed(List.of(pattern(target)), List.of("auto_configure", "create_doc"))), null);
        }
        List<String> cluster = new ArrayList<>(List.of("monitor"));
        if (!"false".equals(o.get("manage_template"))) cluster.add("manage_index_templates");
        String action = o.getOrDefault("action", "index");
        String write = switch (action) {
            case "create" -> "create_doc";
            case "update" -> "write";
            case "delete" -> "delete";
            default -> "index";
        };
        return new Need("logstash_writer", "writing to " + o.get("index"), false, cluster,
                List.of(new IndexNeed(List.of(pattern(o.get("index"))), List.of("create_index", write))), null);
    }

    /** {@code logstash-%{+yyyy.MM.dd}} → {@code logstash-*}: event-dependent parts become a wildcard. */
    static String pattern(String index) {
        return index.replaceAll("%\\{[^}]*}", "*").replaceAll("\\*+", "*");
    }
}
