package io.keygate.server.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.keygate.server.it.TestKeygate.elastic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Keygate with its own managed OpenSearch, as {@code bin/keygate} runs it, through what happens to it: the backend
 * dies (out of memory, killed) and must come back by itself, with its data; then a build beside the running Keygate
 * rewrites the jar it runs from, and stopping Keygate must still stop the backend (once, both were left broken: a dead
 * backend stayed dead, every request 503 until Keygate was restarted; and Ctrl-C left OpenSearch running).
 */
class ManagedBackendLifeIT {

    private static ProcessHandle openSearchOf(ChildKeygate child) {
        List<ProcessHandle> descendants = child.handle().descendants().toList();
        return descendants.stream().filter(p -> p.info().commandLine().orElse("").contains("org.opensearch.bootstrap.OpenSearch"))
                .findFirst().orElseThrow(() -> new AssertionError("no OpenSearch among " + descendants));
    }

    private static void awaitExit(ProcessHandle p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (p.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
    }

    @Test
    void aDeadBackendComesBackWithItsDataAndARebuiltKeygateStillStopsIt() throws Exception {
        Path target = ChildKeygate.HOME.resolve("keygate-server/target");
        Path dir = Files.createTempDirectory(target, "managed-life-");
        Path jar = Files.copy(target.resolve("keygate-server.jar"), dir.resolve("keygate-server.jar"));
        String distribution = System.getProperty("keygate.backend.distribution", target.resolve("backend/opensearch-3.3.2.zip").toString());
        ProcessHandle restarted;
        try (ChildKeygate child = ChildKeygate.start(jar, List.of(), "path.data=" + dir.resolve("data"),
                "backend.managed.distribution=" + distribution, "backend.managed.heap=256m", "stack.templates.enabled=false")) {
            TestKeygate.Response created = TestKeygate.call(child.url(), "POST", "/_security/api_key", elastic(),
                    "{\"name\":\"survives-a-crash\"}", "application/json");
            assertThat(created.status()).as(created.text()).isEqualTo(200);
            String key = "ApiKey " + created.json().path("encoded").asText();

            // the backend dies as an out-of-memory exit or the OOM killer ends it: at once, nothing flushed
            ProcessHandle first = openSearchOf(child);
            first.destroyForcibly();
            awaitExit(first, 30);
            long down = System.nanoTime();
            int status;
            do {
                Thread.sleep(500);
                status = TestKeygate.call(child.url(), "GET", "/_cluster/health", elastic(), null, "application/json").status();
                assertThat(System.nanoTime() - down).as("the backend is back within 3 minutes").isLessThan(TimeUnit.MINUTES.toNanos(3));
            } while (status != 200);
            System.out.printf("[managed-life] backend answering again %.1f s after it was killed%n", (System.nanoTime() - down) / 1e9);
            long said = System.nanoTime(); // the restart reports itself once its own readiness check has passed
            while (child.output().stream().noneMatch(l -> l.contains("OpenSearch ready again"))
                    && System.nanoTime() - said < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(100);
            }
            assertThat(child.output()).anyMatch(l -> l.contains("OpenSearch exited by itself"))
                    .anyMatch(l -> l.contains("OpenSearch ready again"));
            restarted = openSearchOf(child);
            assertThat(restarted.pid()).isNotEqualTo(first.pid());
            // what was stored before is still there: the key authenticates (read from the backend by this node's cache or anew)
            TestKeygate.Response me = TestKeygate.call(child.url(), "GET", "/_security/api_key?name=survives-a-crash", elastic(), null,
                    "application/json");
            assertThat(me.status()).as(me.text()).isEqualTo(200);
            assertThat(me.json().path("api_keys")).hasSize(1);
            assertThat(TestKeygate.call(child.url(), "GET", "/_security/_authenticate", key, null, "application/json").status())
                    .isEqualTo(200);

            // a build writes the jar in place: the same file, other bytes
            byte[] other = Files.readAllBytes(Files.list(target.resolve("lib")).filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> p.getFileName().toString().startsWith("jackson-databind")).findFirst().orElseThrow());
            Files.write(jar, other, StandardOpenOption.TRUNCATE_EXISTING);
        } // SIGTERM, as Ctrl-C does
        awaitExit(restarted, 30);
        boolean left = restarted.isAlive();
        if (left) restarted.destroyForcibly();
        assertThat(left).as("OpenSearch (pid " + restarted.pid() + ") still running after its Keygate stopped").isFalse();
        try (var paths = Files.walk(dir)) { // its data and the copied jar
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
