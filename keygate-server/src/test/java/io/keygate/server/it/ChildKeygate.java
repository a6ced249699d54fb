package io.keygate.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Keygate run as users run it: its own JVM with the options of {@code config/jvm.options} (the heap
 * {@code bin/keygate} gives it), the packaged jar and its libraries, over the integration tests' backend.
 */
final class ChildKeygate implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready: https?://[^:]+:(\\d+)");
    /** The checkout's root: the tests run in keygate-server/. */
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    private final Process process;
    private final List<String> output;
    private final int port;
    private Thread reader;

    private ChildKeygate(Process process, int port, List<String> output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** The JVM options bin/keygate uses, read from the same file. */
    static List<String> jvmOptions() throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(HOME.resolve("config/jvm.options"))) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) options.add(t);
        }
        return options;
    }

    static ChildKeygate start(String... settings) throws Exception {
        Path target = HOME.resolve("keygate-server/target");
        return start(target.resolve("keygate-server.jar"), List.of("backend.hosts=" + TestKeygate.backendUrl()), settings);
    }

    /** A Keygate run from {@code jar} (and the build's libraries) with {@code backend} (none: it manages its own). */
    static ChildKeygate start(Path jar, List<String> backend, String... settings) throws Exception {
        Path target = HOME.resolve("keygate-server/target");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.add("-Dkeygate.home=" + HOME);
        command.add("-cp");
        command.add(jar + ":" + target.resolve("lib") + "/*");
        command.add("io.keygate.server.Keygate");
        command.add("--config");
        command.add(target.resolve("no-such-config.yml").toString());
        List<String> all = new ArrayList<>(List.of("http.port=0", "path.logs=" + target.resolve("it-logs/child")));
        all.addAll(backend);
        all.addAll(List.of(settings));
        for (String s : all) {
            command.add("-E");
            command.add(s);
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("ELASTIC_PASSWORD", TestKeygate.ELASTIC_PASSWORD);
        Process process = pb.start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    System.out.println("[child keygate] " + line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) ready.complete(Integer.parseInt(m.group(1)));
                }
            } catch (IOException ignored) {
                // the process went away
            }
            ready.completeExceptionally(new IllegalStateException("Keygate exited before it was ready: " + lines));
        }, "child-keygate-output");
        reader.setDaemon(true);
        reader.start();
        int port = ready.get(180, TimeUnit.SECONDS); // a managed backend starts first
        ChildKeygate child = new ChildKeygate(process, port, lines);
        child.reader = reader;
        return child;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** What the process printed so far (its console log included). */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** The Keygate process (its managed backend, if any, among its descendants). */
    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        if (!process.isAlive()) return;
        process.toHandle().destroy(); // SIGTERM; unlike Process.destroy() it leaves the output readable to its end
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        reader.join(5_000); // the last lines it printed
        System.out.println("[child keygate] exited with " + process.exitValue());
    }
}
