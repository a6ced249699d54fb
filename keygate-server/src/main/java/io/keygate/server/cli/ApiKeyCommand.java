package io.keygate.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code keygate apikey create|list|info|rotate|invalidate}: API keys through Keygate's public {@code /_security/api_key}
 * API (and its rotation extension), as Elasticsearch's {@code apm-server apikey} once offered. Works against any running
 * Keygate.
 */
@Command(name = "apikey", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates, lists, shows, rotates and invalidates API keys on a running Keygate.",
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Info.class,
                ApiKeyCommand.Rotate.class, ApiKeyCommand.Invalidate.class},
        footer = {"", "Credentials: --user NAME with the password in KEYGATE_PASSWORD (or typed at the prompt), or an API key "
                + "in KEYGATE_API_KEY. Keygate's address: --url or KEYGATE_URL.",
                "Example: KEYGATE_PASSWORD=... keygate apikey create --user elastic --name apm_host001 --template apm-writer "
                        + "--expiration 30d --format beats"})
public final class ApiKeyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum CreateFormat { beats, encoded, json }

    enum ListFormat { table, json }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Creates an API key and prints it (the secret is shown once).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The key's name, e.g. apm_host001.")
        String name;

        @Option(names = {"-t", "--template"}, paramLabel = "TEMPLATE", completionCandidates = KeyTemplates.Ids.class,
                description = "Role descriptors for a shipper, as in the web UI (repeatable): ${COMPLETION-CANDIDATES}.")
        List<String> templates = new ArrayList<>();

        @Option(names = "--role-descriptors", paramLabel = "JSON|@FILE",
                description = "Role descriptors of your own, as JSON or @file; merged with the templates'.")
        String roleDescriptors;

        @Option(names = "--expiration", paramLabel = "TIME", description = "Lifetime, e.g. 30d, 12h (default: never expires).")
        String expiration;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
                description = "beats (id:api_key, for Beats, APM Server, Logstash), encoded (for Authorization: ApiKey, "
                        + "OTel, Fluent Bit) or json (default).")
        CreateFormat format;

        @Override
        public Integer call() {
            ObjectNode descriptors = KeygateClient.JSON.createObjectNode();
            for (String id : templates) {
                KeyTemplates.Template t = KeyTemplates.all().byId(id).orElseThrow(() -> new CliException(
                        "unknown template [" + id + "]; known: " + String.join(", ", KeyTemplates.all().ids()), 2));
                descriptors.setAll((ObjectNode) t.descriptors().deepCopy());
            }
            if (roleDescriptors != null) descriptors.setAll(parseObject(roleDescriptors, "--role-descriptors"));
            ObjectNode body = KeygateClient.JSON.createObjectNode().put("name", name);
            if (!templates.isEmpty() || roleDescriptors != null) body.set("role_descriptors", descriptors);
            if (expiration != null) body.put("expiration", expiration);
            JsonNode created = connection.client().require("POST", "/_security/api_key", body);
            printCredentials(spec, created, format, "created API key [" + created.path("name").asText() + "] id ["
                    + created.path("id").asText() + "], " + expiry(created.path("expiration"), Instant.now()));
            return 0;
        }
    }

    /**
     * The new secret on stdout in {@code format}, as create prints it; in the beats and encoded forms a summary on
     * stderr, so that stdout can be piped into a config.
     */
    static void printCredentials(CommandSpec spec, JsonNode answer, CreateFormat format, String summary) {
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case beats -> out.println(answer.path("id").asText() + ":" + answer.path("api_key").asText());
            case encoded -> out.println(answer.path("encoded").asText());
            case json -> out.println(answer.toPrettyString());
        }
        out.flush();
        if (format != CreateFormat.json) spec.commandLine().getErr().println(summary);
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Gives an API key a new secret and prints it (shown once); the key keeps its id, name, privileges "
                    + "and expiration. The old secret keeps working for the grace period, so that shippers can be given "
                    + "the new one without a gap."})
    static final class Rotate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ID", description = "The key's id.")
        String id;

        @Option(names = "--grace", paramLabel = "TIME",
                description = "How long the old secret keeps working, e.g. 24h, 7d, 0s for not at all (default: 24h, at most 30d).")
        String grace;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
                description = "beats (id:api_key), encoded (for Authorization: ApiKey) or json (default), as create prints.")
        CreateFormat format;

        @Override
        public Integer call() {
            ObjectNode body = KeygateClient.JSON.createObjectNode();
            if (grace != null) body.put("grace_period", grace);
            JsonNode rotated = connection.client().require("POST",
                    "/_security/api_key/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/_rotate", body);
            JsonNode until = rotated.path("previous_secret_valid_until");
            printCredentials(spec, rotated, format, "rotated API key [" + rotated.path("name").asText() + "] id ["
                    + rotated.path("id").asText() + "]; " + (until.isNumber()
                    ? "the old secret works until " + time(until) + " (" + human(Duration.between(Instant.now(),
                            Instant.ofEpochMilli(until.asLong()))) + " left)"
                    : "the old secret no longer works"));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false, description = "Lists API keys.")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;

        @Option(names = "--name", paramLabel = "NAME", description = "Only keys of this name (wildcards allowed).")
        String name;

        @Option(names = "--owner", description = "Only the caller's own keys.")
        boolean owner;

        @Option(names = "--active-only", description = "Leave out expired and invalidated keys.")
        boolean activeOnly;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table (default) or json.")
        ListFormat format;

        @Override
        public Integer call() {
            StringBuilder q = new StringBuilder();
            if (name != null) q.append("&name=").append(URLEncoder.encode(name, StandardCharsets.UTF_8));
            if (owner) q.append("&owner=true");
            if (activeOnly) q.append("&active_only=true");
            String path = "/_security/api_key" + (q.isEmpty() ? "" : "?" + q.substring(1));
            JsonNode keys = connection.client().require("GET", path, null).path("api_keys");
            PrintWriter out = spec.commandLine().getOut();
            if (format == ListFormat.json) {
                out.println(keys.toPrettyString());
                return 0;
            }
            Instant now = Instant.now();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"ID", "NAME", "OWNER", "CREATED", "EXPIRES", "STATUS"});
            for (JsonNode k : keys) {
                rows.add(new String[]{k.path("id").asText(), k.path("name").asText(""),
                        k.path("username").asText() + "@" + k.path("realm").asText(), time(k.path("creation")),
                        k.path("expiration").isNumber() ? time(k.path("expiration")) : "never", status(k, now)});
            }
            Table.print(out, rows);
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Shows one API key: owner, dates, status and role descriptors.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ID", description = "The key's id.")
        String id;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table (default) or json.")
        ListFormat format;

        @Override
        public Integer call() {
            JsonNode keys = connection.client().require("GET", "/_security/api_key?id="
                    + URLEncoder.encode(id, StandardCharsets.UTF_8), null).path("api_keys");
            if (keys.isEmpty()) throw new CliException("no API key with id [" + id + "]");
            JsonNode k = keys.get(0);
            PrintWriter out = spec.commandLine().getOut();
            if (format == ListFormat.json) {
                out.println(k.toPrettyString());
                return 0;
            }
            Instant now = Instant.now();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"id", k.path("id").asText()});
            rows.add(new String[]{"name", k.path("name").asText("")});
            rows.add(new String[]{"owner", k.path("username").asText() + " (realm " + k.path("realm").asText() + ")"});
            rows.add(new String[]{"created", time(k.path("creation"))});
            rows.add(new String[]{"expires", expiry(k.path("expiration"), now).replaceFirst("^expires ", "")});
            rows.add(new String[]{"status", status(k, now)});
            Table.print(out, rows);
            out.println("role_descriptors:");
            out.println(k.path("role_descriptors").toPrettyString());
            return 0;
        }
    }

    @Command(name = "invalidate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Invalidates API keys by id or by name; they stop working at once.")
    static final class Invalidate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection;

        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(paramLabel = "ID", arity = "1..*", description = "Ids of the keys to invalidate.")
            List<String> ids;
            @Option(names = "--name", paramLabel = "NAME", description = "Invalidate every key of this name instead.")
            String name;
        }

        @Override
        public Integer call() {
            ObjectNode body = KeygateClient.JSON.createObjectNode();
            if (which.ids != null) {
                var ids = body.putArray("ids");
                which.ids.forEach(ids::add);
            } else {
                body.put("name", which.name);
            }
            JsonNode r = connection.client().require("DELETE", "/_security/api_key", body);
            PrintWriter out = spec.commandLine().getOut();
            JsonNode done = r.path("invalidated_api_keys");
            out.println("invalidated " + done.size() + " key(s)" + (done.isEmpty() ? "" : ": " + join(done)));
            if (r.path("previously_invalidated_api_keys").size() > 0) {
                out.println("already invalid: " + join(r.path("previously_invalidated_api_keys")));
            }
            for (JsonNode e : r.path("error_details")) out.println("error: " + e.path("reason").asText());
            return r.path("error_count").asInt(0) > 0 ? 1 : 0;
        }

        private static String join(JsonNode array) {
            List<String> s = new ArrayList<>();
            array.forEach(n -> s.add(n.asText()));
            return String.join(", ", s);
        }
    }

    static ObjectNode parseObject(String value, String option) {
        String text = value;
        try {
            if (value.startsWith("@")) text = Files.readString(Path.of(value.substring(1)));
            JsonNode node = KeygateClient.JSON.readTree(text);
            if (node instanceof ObjectNode o) return o;
        } catch (IOException e) {
            throw new CliException(option + ": " + e.getMessage(), 2);
        }
        throw new CliException(option + " must be a JSON object of role descriptors", 2);
    }

    static String time(JsonNode millis) {
        return millis.isNumber() ? Instant.ofEpochMilli(millis.asLong()).truncatedTo(ChronoUnit.SECONDS).toString() : "-";
    }

    /** "never expires", "expires 2026-12-30T09:00:00Z (in 30 days)", "expired 2026-…". */
    public static String expiry(JsonNode millis, Instant now) {
        if (!millis.isNumber()) return "never expires";
        Instant at = Instant.ofEpochMilli(millis.asLong());
        Duration left = Duration.between(now, at);
        if (left.isNegative()) return "expired " + time(millis);
        return "expires " + time(millis) + " (in " + human(left) + ")";
    }

    static String human(Duration d) {
        // rounded to the nearest unit: a key created with 30d reads "in 30 days", not 29
        if (d.toHours() >= 36) return (d.toHours() + 12) / 24 + " days";
        if (d.toMinutes() >= 90) return (d.toMinutes() + 30) / 60 + " hours";
        if (d.toSeconds() >= 90) return (d.toSeconds() + 30) / 60 + " minutes";
        return Math.max(1, d.toSeconds()) + " seconds"; // a short rotation grace: "5 seconds", not "1 minutes"
    }

    static String status(JsonNode key, Instant now) {
        if (key.path("invalidated").asBoolean()) return "invalidated";
        if (key.path("expiration").isNumber() && key.path("expiration").asLong() <= now.toEpochMilli()) return "expired";
        return "active";
    }
}
