package io.keygate.server.cli;

import picocli.CommandLine.Option;

import java.io.Console;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Where Keygate is and who is asking: shared by the {@code apikey} commands. Secrets never come from the command line
 * (where {@code ps} shows them): a password from {@code KEYGATE_PASSWORD} or a prompt, an API key from
 * {@code KEYGATE_API_KEY}.
 */
public final class Connection {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:KEYGATE_URL:-http://127.0.0.1:9200}",
            description = "Keygate's address (env KEYGATE_URL; default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", defaultValue = "${env:KEYGATE_USER}",
            description = "User to authenticate as (env KEYGATE_USER). The password is read from KEYGATE_PASSWORD, "
                    + "or asked for. Without a user, the API key in KEYGATE_API_KEY (encoded or id:api_key) is used.")
    String user;

    @Option(names = "--ca", paramLabel = "PEM", description = "CA certificate(s) to trust for https.")
    Path ca;

    @Option(names = "--insecure", description = "Do not verify Keygate's TLS certificate (testing only).")
    boolean insecure;

    public KeygateClient client() {
        return new KeygateClient(url, authorization(), ca, insecure);
    }

    String authorization() {
        if (user != null && !user.isBlank()) {
            String password = System.getenv("KEYGATE_PASSWORD");
            if (password == null) password = prompt("Password for [" + user + "]: ");
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String apiKey = System.getenv("KEYGATE_API_KEY");
        if (apiKey != null && !apiKey.isBlank()) return apiKeyHeader(apiKey.trim());
        throw new CliException("no credentials: give --user (password from KEYGATE_PASSWORD or a prompt) "
                + "or set KEYGATE_API_KEY", 2);
    }

    /** {@code id:api_key} (Beats form) or its Base64 ({@code encoded}) as an {@code Authorization} value. */
    public static String apiKeyHeader(String key) {
        String encoded = key.contains(":") ? Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)) : key;
        return "ApiKey " + encoded;
    }

    private static String prompt(String message) {
        Console console = System.console();
        if (console == null) throw new CliException("no terminal to ask for the password: set KEYGATE_PASSWORD", 2);
        char[] password = console.readPassword(message);
        if (password == null) throw new CliException("no password given", 2);
        return new String(password);
    }
}
