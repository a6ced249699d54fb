package io.keygate.server.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/keygate} on a built checkout: it starts what is built and never runs Maven again for build output. */
class BinKeygateIT {

    @Test
    void aBuiltCheckoutStartsWithoutMavenEvenWhenBuildOutputIsNewerThanTheJar() throws Exception {
        Path home = ChildKeygate.HOME;
        // build output newer than the jar, as the bench's generated JMH sources are after a full build
        Path generated = home.resolve("keygate-server/target/it-generated-sources/Generated.java");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, "class Generated {}");
        generated.toFile().setLastModified(System.currentTimeMillis() + 60_000);
        // a Maven that fails loudly if it is run
        Path fakeBin = Files.createTempDirectory("no-maven");
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho 'mvn must not run' >&2\nexit 3\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/keygate").toString(), "--version").redirectErrorStream(true);
        pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("building", "mvn must not run").contains("Keygate 0.1.0");
        assertThat(p.exitValue()).isZero();
    }
}
