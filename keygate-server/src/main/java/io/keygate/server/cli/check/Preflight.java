package io.keygate.server.cli.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.server.cli.ApiKeyCommand;
import io.keygate.server.cli.CliException;
import io.keygate.server.cli.Connection;
import io.keygate.server.cli.KeygateClient;
import io.keygate.server.cli.check.ShipperConfig.Output;
import io.keygate.server.cli.check.ShipperNeeds.IndexNeed;
import io.keygate.server.cli.check.ShipperNeeds.Need;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Asks Keygate, with each credential a shipper's config holds, whether it has what that shipper needs
 * ({@code _authenticate}, then {@code _has_privileges} for the configured targets), and prints one ✔/✘ line per
 * privilege, the role descriptor that fixes a ✘, and an API key's expiry. Nothing is written anywhere.
 */
public final class Preflight {
    static final String OK = "✔", MISSING = "✘", WARN = "⚠";

    /** How to reach Keygate when the config's hosts should not be used, and how close an expiry is "close". */
    public record Options(URI url, Path ca, boolean insecure, Duration expiryWarning) {}

    private final PrintWriter out;
    private final Options options;
    private final Function<String, String> env;

    public Preflight(PrintWriter out, Options options, Function<String, String> env) {
        this.out = out;
        this.options = options;
        this.env = env;
    }

    /** Checks one file; true when every required privilege of every output is held. */
    public boolean check(Path file) {
        ShipperConfig config;
        try {
            config = ShipperConfig.read(file, env);
        } catch (Exception e) {
            throw new CliException(file + ": " + e.getMessage(), 2);
        }
        out.println(file.getFileName() + " (" + config.shipper().label + ")");
        if (config.outputs().isEmpty()) {
            out.println("  " + MISSING + " no output.elasticsearch section: nothing to check");
            return false;
        }
        boolean ok = true;
        for (Output output : config.outputs()) ok &= checkOutput(config, output);
        out.println(ok ? "  ready: every required privilege is held" : "  NOT ready: see " + MISSING + " above");
        out.flush();
        return ok;
    }

    private boolean checkOutput(ShipperConfig config, Output output) {
        URI url = options.url() != null ? options.url() : hostUrl(output);
        out.println("  " + output.section() + " → " + (url == null ? "(no hosts)" : url));
        if (!output.unresolved().isEmpty()) {
            out.println("    " + MISSING + " the config refers to " + output.unresolved().stream().map(v -> "${" + v + "}").toList()
                    + ", not set in this environment");
            return false;
        }
        String authorization = authorization(output);
        if (authorization == null) {
            out.println("    " + MISSING + " no credential (api_key, or username and password)");
            return false;
        }
        if (url == null) {
            out.println("    " + MISSING + " no hosts to ask: give --url");
            return false;
        }
        KeygateClient client = new KeygateClient(url, authorization, options.ca(), options.insecure());
        KeygateClient.Answer who = client.get("/_security/_authenticate");
        if (!who.ok()) {
            out.println("    " + MISSING + " Keygate refuses the credential (" + who.status() + "): " + who.reason());
            return false;
        }
        JsonNode apiKey = who.body().path("api_key");
        out.println("    " + OK + " authenticates as " + (apiKey.isObject()
                ? "API key [" + apiKey.path("name").asText() + "] (id " + apiKey.path("id").asText() + ") of ["
                + who.body().path("username").asText() + "]"
                : "user [" + who.body().path("username").asText() + "]"));
        boolean ok = true;
        for (Need need : ShipperNeeds.of(config, output)) ok &= checkNeed(client, need);
        if (apiKey.isObject()) ok &= expiry(client, apiKey.path("id").asText());
        return ok;
    }

    private boolean checkNeed(KeygateClient client, Need need) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        need.cluster().forEach(body.putArray("cluster")::add);
        var index = body.putArray("index");
        for (IndexNeed n : need.index()) {
            ObjectNode o = index.addObject();
            n.names().forEach(o.putArray("names")::add);
            n.privileges().forEach(o.putArray("privileges")::add);
            if (n.names().stream().anyMatch(name -> name.startsWith(".apm-agent-configuration"))) {
                o.put("allow_restricted_indices", true);
            }
        }
        JsonNode answer = client.require("POST", "/_security/user/_has_privileges", body);
        String label = need.optional() ? "optional, " + need.why() : need.why();
        out.println("    " + need.role() + " (" + label + "):");
        boolean all = true;
        for (String c : need.cluster()) {
            boolean has = answer.path("cluster").path(c).asBoolean();
            all &= has;
            out.println("      " + mark(has, need) + " cluster " + c);
        }
        for (IndexNeed n : need.index()) {
            for (String name : n.names()) {
                for (String p : n.privileges()) {
                    boolean has = answer.path("index").path(name).path(p).asBoolean();
                    all &= has;
                    out.println("      " + mark(has, need) + " index " + p + " on " + name);
                }
            }
        }
        if (!all) {
            out.println("      " + (need.optional() ? "to enable it" : "fix") + ": the credential needs this role descriptor"
                    + (need.template() != null ? " (template " + need.template() + ")" : "") + ":");
            out.println("        " + need.descriptor());
            if (need.template() != null) {
                out.println("        e.g. keygate apikey create --name <name> --template " + need.template() + " --format beats");
            }
        }
        return all || need.optional();
    }

    private static String mark(boolean has, Need need) {
        return has ? OK : need.optional() ? WARN : MISSING;
    }

    /** An API key may read itself: its expiry, and whether it is close. */
    private boolean expiry(KeygateClient client, String id) {
        KeygateClient.Answer a = client.get("/_security/api_key?id=" + id);
        JsonNode key = a.body().path("api_keys").path(0);
        if (!a.ok() || key.isMissingNode()) {
            out.println("    " + WARN + " expiry unknown: the key cannot read itself (" + a.status() + ")");
            return true;
        }
        JsonNode expiration = key.path("expiration");
        Instant now = Instant.now();
        String text = ApiKeyCommand.expiry(expiration, now);
        if (!expiration.isNumber()) {
            out.println("    " + OK + " key never expires");
            return true;
        }
        Duration left = Duration.between(now, Instant.ofEpochMilli(expiration.asLong()));
        if (left.isNegative()) {
            out.println("    " + MISSING + " key " + text);
            return false;
        }
        boolean close = left.compareTo(options.expiryWarning()) < 0;
        out.println("    " + (close ? WARN : OK) + " key " + text + (close ? ": close, rotate it soon" : ""));
        return true;
    }

    private static URI hostUrl(Output output) {
        if (output.hosts().isEmpty()) return null;
        String host = output.hosts().getFirst();
        if (!host.contains("://")) {
            String protocol = output.options().getOrDefault("protocol", "http");
            host = protocol + "://" + host;
        }
        URI uri = URI.create(host);
        // Beats and Logstash default to port 9200 when a host names none
        return uri.getPort() > 0 ? uri
                : URI.create(uri.getScheme() + "://" + uri.getHost() + ":9200" + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    /** The credential as the shipper sends it: an API key ({@code id:api_key}, Base64'd by the shipper) or Basic. */
    static String authorization(Output output) {
        if (output.apiKey() != null && !output.apiKey().isBlank()) return Connection.apiKeyHeader(output.apiKey().trim());
        if (output.username() != null && !output.username().isBlank()) {
            String pair = output.username() + ":" + (output.password() == null ? "" : output.password());
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

}
