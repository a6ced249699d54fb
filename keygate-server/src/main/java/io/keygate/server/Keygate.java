package io.keygate.server;

import io.keygate.server.cli.ApiKeyCommand;
import io.keygate.server.cli.CheckCommand;
import io.keygate.server.cli.Cli;
import io.keygate.server.config.Settings;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code keygate} command: starts a node and runs until Ctrl-C or SIGTERM. */
@Command(name = "keygate", mixinStandardHelpOptions = true, version = "Keygate 0.1.0",
        description = {"Elasticsearch-compatible API-key security in front of an Elasticsearch-compatible cluster.",
                "Without a command: starts Keygate and serves until Ctrl-C."},
        subcommands = {ApiKeyCommand.class, CheckCommand.class, AutoComplete.GenerateCompletion.class}) // hook (shippers): CLI
public final class Keygate implements Callable<Integer> {

    @Option(names = "-E", paramLabel = "key=value", description = "Sets a setting, overriding config/keygate.yml.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (default: ${DEFAULT-VALUE}).")
    private Path config = Path.of(System.getProperty("keygate.home", "."), "config", "keygate.yml");

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new Keygate()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Settings settings;
        try {
            settings = Settings.load(config, overrides);
        } catch (IllegalArgumentException e) {
            System.err.println("keygate: " + e.getMessage());
            return 2;
        }
        // before the first logger exists: the audit log goes to path.logs
        System.setProperty("keygate.logs", settings.get("path.logs",
                Path.of(System.getProperty("keygate.home", "."), "logs").toAbsolutePath().toString()));
        out.println("[keygate] starting (settings: " + config + ")");
        KeygateNode node;
        try {
            node = KeygateNode.start(settings, System.getenv("ELASTIC_PASSWORD"), line -> out.println("[keygate] " + line));
        } catch (Exception e) {
            System.err.println("[keygate] failed to start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("[keygate] stopping");
            node.close();
            stopped.countDown();
        }, "keygate-shutdown"));
        if (node.generatedPassword() != null) {
            out.println("[keygate] ---------------------------------------------------------------");
            out.println("[keygate] Password generated for the 'elastic' superuser (shown once):");
            out.println("[keygate]   " + node.generatedPassword());
            out.println("[keygate] Set ELASTIC_PASSWORD before a start to choose it yourself.");
            out.println("[keygate] ---------------------------------------------------------------");
        }
        String scheme = settings.getBoolean("keygate.security.http.ssl.enabled", false) ? "https" : "http";
        out.println("[keygate] ready: " + scheme + "://" + settings.get("http.host", "127.0.0.1") + ":" + node.port());
        stopped.await();
        return 0;
    }
}
