package io.keygate.server.cli;

import io.keygate.server.cli.check.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keygate check FILE…}: the shipper preflight (see {@link Preflight}). Exit code 0 when ready, 1 when not. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks a shipper's configuration against Keygate before you deploy it.",
                "For each output.elasticsearch / monitoring.elasticsearch credential (api_key or username/password) it "
                        + "asks Keygate whether the credential holds what that shipper needs for its configured indices, and "
                        + "prints what is missing with the role descriptor that fixes it, and the key's expiry.",
                "Reads apm-server.yml, filebeat.yml, metricbeat.yml (and other Beats) and Logstash pipelines (their "
                        + "elasticsearch outputs). $${VAR} references are taken from the environment."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every required privilege is held", "1:something is missing or refused", "2:the file cannot be read"})
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "apm-server.yml, filebeat.yml, metricbeat.yml, a Logstash pipeline…")
    List<Path> files;

    @Option(names = "--url", paramLabel = "URL", description = "Ask this Keygate instead of the hosts the file names.")
    URI url;

    @Option(names = "--ca", paramLabel = "PEM", description = "CA certificate(s) to trust for https.")
    Path ca;

    @Option(names = "--insecure", description = "Do not verify Keygate's TLS certificate (testing only).")
    boolean insecure;

    @Option(names = "--expiry-warning", paramLabel = "DAYS", defaultValue = "14",
            description = "Warn when an API key expires within this many days (default: ${DEFAULT-VALUE}).")
    int expiryWarningDays;

    @Override
    public Integer call() {
        Preflight preflight = new Preflight(spec.commandLine().getOut(),
                new Preflight.Options(url, ca, insecure, Duration.ofDays(expiryWarningDays)), System::getenv);
        boolean ok = true;
        for (Path file : files) {
            ok &= preflight.check(file);
        }
        return ok ? 0 : 1;
    }
}
