package io.keygate.server.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributionUnpackerTest {

    @ParameterizedTest
    @CsvSource({"bin/opensearch,true", "bin/opensearch-env,true", "bin/opensearch.bat,false",
            "bin/opensearch-service-x64.exe,false", "lib/opensearch-3.3.2.jar,false", "config/jvm.options,false",
            "bin/sub/thing,false"})
    void restoresTheExecutableBitOfTheUnixScripts(String path, boolean executable) {
        assertThat(DistributionUnpacker.isExecutable(Path.of(path))).isEqualTo(executable);
    }

    @Test
    void unpacksOnceAndKeepsScriptsExecutable(@TempDir Path dir) throws IOException {
        Path zip = zip(dir.resolve("os.zip"), "opensearch-9.8.7/", "opensearch-9.8.7/bin/opensearch",
                "opensearch-9.8.7/config/jvm.options", "opensearch-9.8.7/lib/x.jar");
        Path data = dir.resolve("backend");
        List<String> progress = new ArrayList<>();

        var dist = DistributionUnpacker.unpack(zip, data, progress::add);

        assertThat(dist.version()).isEqualTo("9.8.7");
        assertThat(dist.home()).isEqualTo(data.resolve("opensearch-9.8.7"));
        assertThat(dist.home().resolve("config/jvm.options")).hasContent("opensearch-9.8.7/config/jvm.options");
        assertThat(Files.getPosixFilePermissions(dist.home().resolve("bin/opensearch"))).contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.getPosixFilePermissions(dist.home().resolve("lib/x.jar"))).doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        assertThat(progress).containsExactly("unpacking OpenSearch 9.8.7…");

        Files.writeString(dist.home().resolve("lib/x.jar"), "changed");
        DistributionUnpacker.unpack(zip, data, progress::add);
        assertThat(progress).hasSize(1); // complete already: not unpacked again
        assertThat(dist.home().resolve("lib/x.jar")).hasContent("changed");
    }

    @Test
    void redoesAnInterruptedUnpack(@TempDir Path dir) throws IOException {
        Path zip = zip(dir.resolve("os.zip"), "opensearch-9.8.7/bin/opensearch");
        Path home = dir.resolve("backend/opensearch-9.8.7");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/opensearch"), "half");
        Files.writeString(home.resolve("stray"), "left over");

        DistributionUnpacker.unpack(zip, dir.resolve("backend"), s -> { });

        assertThat(home.resolve("bin/opensearch")).hasContent("opensearch-9.8.7/bin/opensearch");
        assertThat(home.resolve("stray")).doesNotExist();
        assertThat(home.resolve(DistributionUnpacker.MARKER)).exists();
    }

    @Test
    void refusesEntriesOutsideTheDistributionFolder(@TempDir Path dir) throws IOException {
        Path zip = zip(dir.resolve("evil.zip"), "opensearch-1.0.0/bin/opensearch", "opensearch-1.0.0/../../escaped");
        assertThatThrownBy(() -> DistributionUnpacker.unpack(zip, dir.resolve("backend"), s -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("escapes");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }

    @Test
    void refusesAZipThatIsNotOpenSearch(@TempDir Path dir) throws IOException {
        Path zip = zip(dir.resolve("other.zip"), "elasticsearch-9.0.0/bin/elasticsearch");
        assertThatThrownBy(() -> DistributionUnpacker.unpack(zip, dir.resolve("backend"), s -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("not an OpenSearch distribution");
    }

    /** A zip whose files contain their own names. */
    private static Path zip(Path file, String... names) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (String name : names) {
                z.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    z.write(name.getBytes(StandardCharsets.UTF_8));
                }
                z.closeEntry();
            }
        }
        return file;
    }
}
