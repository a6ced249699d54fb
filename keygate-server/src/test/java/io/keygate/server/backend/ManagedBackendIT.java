package io.keygate.server.backend;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The managed backend's own test: real OpenSearch from the build's distribution zip, two starts. */
class ManagedBackendIT {
    private static Path zip;
    private static Path itData;

    @BeforeAll
    static void distribution() throws IOException {
        zip = Path.of(System.getProperty("keygate.backend.distribution", "target/backend/opensearch-3.3.2.zip"));
        itData = Path.of(System.getProperty("keygate.it.data", "target/it-data")).toAbsolutePath();
        assertThat(zip).as("OpenSearch distribution fetched by the build").exists();
        Files.createDirectories(itData);
    }

    @Test
    void startsServesStopsAndCleansUpAfterAKilledKeygate() throws Exception {
        Path dataDir = Files.createTempDirectory(itData, "managed-backend-");
        ManagedBackendConfig config = ManagedBackendConfig.of(zip, dataDir);

        // 1. a Keygate starts its backend ...
        List<String> firstProgress = new CopyOnWriteArrayList<>();
        ManagedBackend first = new ManagedBackend(config);
        URI firstUri = first.start(firstProgress::add);
        ProcessHandle firstProcess = first.process().orElseThrow();
        assertThat(firstProgress).first().asString().startsWith("unpacking OpenSearch 3.3.2");
        assertThat(firstProgress).last().asString().startsWith("OpenSearch ready in");
        assertThat(getRoot(firstUri)).contains("\"cluster_name\" : \"keygate\"").contains("\"distribution\" : \"opensearch\"");
        assertThat(dataDir.resolve("backend.pid")).exists();
        if (ServiceAccount.runningAsRoot()) {
            assertThat(firstProcess.info().user()).contains(config.runAsUser());
        }

        // 2. ... and is killed (kill -9) without stopping it: the backend runs on, an orphan
        List<ProcessHandle> firstTree = tree(firstProcess);

        // 3. the next Keygate on the same data folder stops the orphan and starts its own
        List<String> secondProgress = new CopyOnWriteArrayList<>();
        ManagedBackend second = new ManagedBackend(config);
        try {
            URI secondUri = second.start(secondProgress::add);
            assertThat(firstTree).noneMatch(ProcessHandle::isAlive);
            assertThat(secondProgress).noneMatch(line -> line.startsWith("unpacking")) // unpacked once
                    .anyMatch(line -> line.contains("left running by an earlier Keygate (pid " + firstProcess.pid() + ")"));
            assertThat(getRoot(secondUri)).contains("\"number\" : \"3.3.2\"");
        } finally {
            List<ProcessHandle> secondTree = second.process().map(ManagedBackendIT::tree).orElse(List.of());
            second.stop();
            second.stop(); // idempotent
            assertThat(secondTree).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        }
        assertThat(dataDir.resolve("backend.pid")).doesNotExist();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("org.opensearch.bootstrap.OpenSearch") && c.contains(dataDir.toString())).orElse(false)))
                .as("no OpenSearch left on " + dataDir).isEmpty();
        first.stop(); // its process is long gone: nothing to do
        DistributionUnpacker.deleteTree(dataDir); // ~200 MB; kept only when the test fails, for its logs
    }

    @Test
    void aBackendThatCannotStartReportsTheEndOfItsLog() throws Exception {
        Path dataDir = Files.createTempDirectory(itData, "managed-backend-broken-");
        ManagedBackendConfig config = new ManagedBackendConfig(zip, dataDir, null, null, Path.of("/nonexistent-jdk"), null);
        ManagedBackend backend = new ManagedBackend(config);
        assertThatThrownBy(() -> backend.start(line -> { }))
                .isInstanceOf(BackendStartException.class)
                .hasMessageContaining("OpenSearch exited with status")
                .hasMessageContaining("process.log")
                .hasMessageContaining("/nonexistent-jdk");
        assertThat(backend.process()).isEmpty();
        assertThat(dataDir.resolve("backend.pid")).doesNotExist();
        DistributionUnpacker.deleteTree(dataDir);
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }

    private static String getRoot(URI uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }
    }
}
