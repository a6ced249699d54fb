package io.keygate.server.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A build beside a running {@code bin/keygate} rewrites the jar it runs from: the running Keygate can no longer load
 * classes from it. Stopping it must still stop the OpenSearch it manages (once, it was left running).
 */
class StopAfterRebuildIT {

    @Test
    void aKeygateWhoseJarWasRewrittenStillStopsItsManagedBackend() throws Exception {
        Path target = ChildKeygate.HOME.resolve("keygate-server/target");
        Path dir = Files.createTempDirectory(target, "rebuilt-");
        Path jar = Files.copy(target.resolve("keygate-server.jar"), dir.resolve("keygate-server.jar"));
        String distribution = System.getProperty("keygate.backend.distribution", target.resolve("backend/opensearch-3.3.2.zip").toString());
        ProcessHandle backend;
        try (ChildKeygate child = ChildKeygate.start(jar, List.of(), "path.data=" + dir.resolve("data"),
                "backend.managed.distribution=" + distribution, "backend.managed.heap=256m", "stack.templates.enabled=false")) {
            List<ProcessHandle> descendants = child.handle().descendants().toList();
            backend = descendants.stream().filter(p -> p.info().commandLine().orElse("").contains("org.opensearch.bootstrap.OpenSearch"))
                    .findFirst().orElseThrow(() -> new AssertionError("no OpenSearch among " + descendants));
            // the build writes the jar in place: the same file, other bytes
            byte[] other = Files.readAllBytes(Files.list(target.resolve("lib")).filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> p.getFileName().toString().startsWith("jackson-databind")).findFirst().orElseThrow());
            Files.write(jar, other, StandardOpenOption.TRUNCATE_EXISTING);
        } // SIGTERM, as Ctrl-C does
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (backend.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
        boolean left = backend.isAlive();
        if (left) backend.destroyForcibly();
        assertThat(left).as("OpenSearch (pid " + backend.pid() + ") still running after its Keygate stopped").isFalse();
        try (var paths = Files.walk(dir)) { // its data and the copied jar
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
