package io.keygate.server.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceAccountTest {

    @Test
    void addsOnlyOthersExecuteToAncestorsThatLackIt(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("root"));          // like /root: 700
        Path project = Files.createDirectories(home.resolve("project"));   // 750
        Path open = Files.createDirectories(project.resolve("open"));      // 755 already
        Path data = Files.createDirectories(open.resolve("data"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> progress = new ArrayList<>();

        List<Path> changed = ServiceAccount.makeAncestorsTraversable(data, home, progress::add);

        assertThat(changed).containsExactly(project, home);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx-----x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(project))).isEqualTo("rwxr-x--x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rwxr-xr-x");
        assertThat(progress).hasSize(2).allSatisfy(line -> assertThat(line).contains("o+x"));

        assertThat(ServiceAccount.makeAncestorsTraversable(data, home, progress::add)).isEmpty();
    }
}
