package io.keygate.server.backend;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded default backend: a single-node OpenSearch that Keygate unpacks, starts as a child
 * process, and stops again. Everything it owns lives under {@link ManagedBackendConfig#dataDir()}:
 * <pre>
 *   opensearch-&lt;version&gt;/   the unpacked distribution (once), with the modules Keygate adds ({@link ManagedModules})
 *   data/ logs/ tmp/          OpenSearch's path.data, path.logs and temp folder
 *   logs/process.log          the process's stdout and stderr
 *   backend.pid               which process is the backend, and which Keygate owns it
 * </pre>
 * When Keygate runs as root, OpenSearch runs as {@link ManagedBackendConfig#runAsUser()} instead.
 *
 * <p>Once it has started, an OpenSearch that exits by itself (out of memory, killed) is started again on the same
 * ports, with growing pauses while it will not come up: Keygate's requests get 503 meanwhile and work again without a
 * restart of Keygate. Its heap is not dumped when it runs out: each dump is as large as the heap, and they piled up.
 *
 * <p>A JVM shutdown hook stops the backend when Keygate exits (Ctrl-C, SIGTERM). Linux gives no way
 * to take a child down with a SIGKILLed parent short of prctl(PR_SET_PDEATHSIG), which Java cannot
 * call; a backend left behind that way is found through {@code backend.pid} and stopped at the next start.
 */
public final class ManagedBackend {
    private static final String MAIN_CLASS = "org.opensearch.bootstrap.OpenSearch";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 30;
    private static final int START_ATTEMPTS = 3; // a free port can be taken by someone else before OpenSearch binds it
    /**
     * Loaded with this class, not at shutdown: a jar rebuilt under a running Keygate (a build beside {@code bin/keygate})
     * can no longer supply classes, and a stop that could not load this one left the backend running.
     */
    private static final Class<?> STOPPER = ProcessTree.class;

    private final ManagedBackendConfig config;
    private final Path pidFile;
    private final Path processLog;
    private final Thread shutdownHook = new Thread(this::stop, "keygate-backend-shutdown");
    private final Object lock = new Object();
    private Process process; // guarded by lock
    private boolean stopped; // guarded by lock
    private volatile URI uri;

    public ManagedBackend(ManagedBackendConfig config) {
        this.config = config;
        this.pidFile = config.dataDir().resolve("backend.pid");
        this.processLog = config.dataDir().resolve("logs").resolve("process.log");
    }

    /**
     * Starts OpenSearch and waits until it answers. Returns its HTTP endpoint,
     * {@code http://127.0.0.1:<port>}. Can be called once per instance.
     *
     * @throws BackendStartException if it cannot be started or does not become ready in time; the message
     *                               ends with the last lines of its log
     */
    public URI start(Consumer<String> progress) {
        synchronized (lock) {
            if (process != null || stopped) {
                throw new IllegalStateException("a ManagedBackend starts once");
            }
        }
        Path dataDir = config.dataDir();
        DistributionUnpacker.Distribution dist;
        List<String> launcher;
        try {
            Files.createDirectories(dataDir);
            stopLeftover(progress);
            dist = DistributionUnpacker.unpack(config.distributionZip(), dataDir, progress);
            ManagedModules.install(ManagedModules.source(config.distributionZip()), dist.home(), dist.version(), progress);
            for (String dir : List.of("data", "logs", "tmp")) {
                Files.createDirectories(dataDir.resolve(dir));
            }
            Files.write(processLog, new byte[0]); // this start's output only; created before the chown below
            launcher = prepareAccount(progress);
        } catch (IOException e) {
            throw new BackendStartException("cannot prepare the managed backend in " + dataDir + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        for (int attempt = 1; ; attempt++) {
            List<Integer> ports = FreePorts.pick(2);
            long t0 = System.nanoTime();
            progress.accept("starting OpenSearch " + dist.version() + " on 127.0.0.1:" + ports.get(0) + "…");
            URI endpoint = URI.create("http://127.0.0.1:" + ports.get(0));
            List<String> command = command(launcher, dist.home(), ports.get(0), ports.get(1)); // a restart runs it again
            launch(command, dist.home());
            String failure = awaitReady(endpoint);
            if (failure == null) {
                progress.accept(String.format("OpenSearch ready in %.1f s", (System.nanoTime() - t0) / 1e9));
                uri = endpoint;
                synchronized (lock) {
                    superviseLocked(command, dist.home(), endpoint, progress);
                }
                return endpoint;
            }
            stopProcess();
            String tail = logTail();
            if (attempt < START_ATTEMPTS && isBindFailure(tail)) {
                progress.accept("OpenSearch could not bind its ports (taken meanwhile); retrying with others");
                continue;
            }
            stop();
            throw new BackendStartException(failure + "; last lines of " + processLog + ":\n" + tail);
        }
    }

    /** Restarts the current process when it exits while Keygate still wants it (not stopped). Holds {@link #lock}. */
    private void superviseLocked(List<String> command, Path home, URI endpoint, Consumer<String> progress) {
        Process watched = process;
        if (watched == null) return;
        watched.onExit().thenRun(() -> {
            synchronized (lock) {
                if (stopped || process != watched) return; // stopped by Keygate, or already replaced
                if (!stillOurs(watched)) return; // another Keygate took the data folder over and stopped it
                process = null;
            }
            Thread.ofPlatform().daemon().name("keygate-backend-restart")
                    .start(() -> restart(watched.exitValue(), command, home, endpoint, progress));
        });
    }

    /** Whether {@code backend.pid} still names {@code backend}: a Keygate that takes a folder over removes it first. */
    private boolean stillOurs(Process backend) {
        try {
            return PidFile.read(pidFile).map(pf -> pf.pid() == backend.pid()).orElse(false);
        } catch (IOException unreadable) {
            return false;
        }
    }

    private void restart(int status, List<String> command, Path home, URI endpoint, Consumer<String> progress) {
        progress.accept("OpenSearch exited by itself (status " + status + "); starting it again on " + endpoint + "…");
        for (int attempt = 1; ; attempt++) {
            long t0 = System.nanoTime();
            try {
                launch(command, home);
            } catch (BackendStartException stoppedMeanwhile) {
                return;
            }
            String failure = awaitReady(endpoint);
            synchronized (lock) {
                if (stopped) return; // stop() took the process down
                if (failure == null) {
                    progress.accept(String.format("OpenSearch ready again in %.1f s", (System.nanoTime() - t0) / 1e9));
                    superviseLocked(command, home, endpoint, progress);
                    return;
                }
            }
            stopProcess();
            long pause = Math.min(30_000L, 1_000L << Math.min(attempt, 5));
            progress.accept("OpenSearch did not come back (" + failure + "); trying again in " + pause / 1000 + " s");
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The backend's HTTP endpoint once started. */
    public Optional<URI> uri() {
        return Optional.ofNullable(uri);
    }

    /** The backend's process while it runs. */
    public Optional<ProcessHandle> process() {
        synchronized (lock) {
            return Optional.ofNullable(process).map(Process::toHandle);
        }
    }

    /**
     * Stops the backend: SIGTERM to its process tree, up to 20 s to exit, then SIGKILL. Idempotent,
     * safe from any thread and from a shutdown hook.
     */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            stopProcess();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // a stale pid file is checked (pid, start time, owner) before it is acted on
            }
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException ignored) {
                // the JVM is shutting down already, or start() never registered it
            }
        }
    }

    private void stopProcess() {
        synchronized (lock) {
            if (process != null) {
                ProcessTree.stop(process.toHandle(), STOP_GRACE);
                process = null;
            }
        }
    }

    private void launch(List<String> command, Path home) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()) // its scripts use paths relative to home
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(processLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> env = pb.environment();
        // the backend's JVM must not inherit Keygate's own JVM options or agents
        List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JAVA_HOME").forEach(env::remove);
        env.put("OPENSEARCH_JAVA_HOME", config.javaHome().toString());
        env.put("OPENSEARCH_PATH_CONF", home.resolve("config").toString());
        env.put("OPENSEARCH_TMPDIR", config.dataDir().resolve("tmp").toString());
        Path logs = config.dataDir().resolve("logs");
        env.put("OPENSEARCH_JAVA_OPTS", String.join(" ", "-Xms" + config.heap(), "-Xmx" + config.heap(),
                "-XX:-HeapDumpOnOutOfMemoryError", "-XX:ErrorFile=" + logs.resolve("hs_err_pid%p.log")));
        synchronized (lock) {
            if (stopped) {
                throw new BackendStartException("the managed backend was stopped while starting");
            }
            try {
                process = pb.start();
                PidFile.of(process.toHandle()).write(pidFile);
            } catch (IOException e) {
                throw new BackendStartException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
            }
        }
    }

    List<String> command(List<String> launcher, Path home, int httpPort, int transportPort) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(home.resolve("bin").resolve("opensearch").toString());
        Path data = config.dataDir();
        for (String setting : List.of(
                "discovery.type=single-node",
                "network.host=127.0.0.1",
                "http.port=" + httpPort,
                "transport.port=" + transportPort,
                "path.data=" + data.resolve("data"),
                "path.logs=" + data.resolve("logs"),
                "cluster.name=keygate",
                "node.name=keygate-backend",
                // a small disk must not turn indices read-only: Keygate's own index lives here too
                "cluster.routing.allocation.disk.threshold_enabled=false")) {
            cmd.add("-E" + setting);
        }
        return cmd;
    }

    /** Returns null once the backend answers, else why it is not going to. */
    private String awaitReady(URI endpoint) {
        URI health = endpoint.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s");
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build();
            while (true) {
                Process p;
                synchronized (lock) {
                    p = process;
                }
                if (p == null) {
                    return "the managed backend was stopped while starting";
                }
                if (!p.isAlive()) {
                    return "OpenSearch exited with status " + p.exitValue() + " while starting";
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return null;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    return "OpenSearch did not become ready within " + config.startTimeout().toSeconds() + " s";
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for OpenSearch";
        }
    }

    /** Stops an OpenSearch that a killed Keygate left running on this data folder. */
    private void stopLeftover(Consumer<String> progress) throws IOException {
        Optional<PidFile> pf = PidFile.read(pidFile);
        if (pf.isEmpty()) {
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> owner = pf.get().liveOwner();
        if (owner.isPresent() && owner.get().pid() != ProcessHandle.current().pid()) {
            throw new BackendStartException("the managed backend in " + config.dataDir()
                    + " belongs to another Keygate that is still running (pid " + owner.get().pid()
                    + "); stop that one first or give this one another path.data");
        }
        Optional<ProcessHandle> leftover = pf.get().liveBackend().filter(this::isOurOpenSearch);
        Files.deleteIfExists(pidFile); // first: whoever watched the leftover must not start it again
        if (leftover.isPresent()) {
            progress.accept("stopping OpenSearch left running by an earlier Keygate (pid " + leftover.get().pid() + ")…");
            ProcessTree.stop(leftover.get(), STOP_GRACE);
        }
    }

    private boolean isOurOpenSearch(ProcessHandle p) {
        String dataPath = "-Epath.data=" + config.dataDir().resolve("data");
        return p.info().commandLine().map(c -> c.contains(MAIN_CLASS) && c.contains(dataPath)).orElse(false);
    }

    /** As root: the service account, and the folders made reachable for it. Otherwise: nothing to do. */
    private List<String> prepareAccount(Consumer<String> progress) throws IOException {
        if (!ServiceAccount.runningAsRoot()) {
            return List.of();
        }
        ServiceAccount account = ServiceAccount.ensure(config.runAsUser(), progress);
        ServiceAccount.makeAncestorsTraversable(config.dataDir(), progress);
        account.chownTree(config.dataDir());
        return account.launcher();
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(processLog, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + processLog + ": " + e.getMessage() + ")";
        }
    }

    private static boolean isBindFailure(String log) {
        return log.contains("BindTransportException") || log.contains("BindHttpException")
                || log.contains("Address already in use");
    }
}
