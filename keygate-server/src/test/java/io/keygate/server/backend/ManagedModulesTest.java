package io.keygate.server.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ManagedModulesTest {

    @Test
    void theModulesFolderIsBesideTheDistributionZip() {
        assertThat(ManagedModules.source(Path.of("/k/keygate-server/target/backend/opensearch-3.3.2.zip")))
                .isEqualTo(Path.of("/k/keygate-server/target/backend/modules"));
    }

    @Test
    void installsEachModuleWithItsJarsDescriptorAndPolicy(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("modules");
        jars(source.resolve("lang-painless"), "lang-painless-9.8.7.jar", "asm-9.7.jar");
        jars(source.resolve("lang-mustache"), "lang-mustache-client-9.8.7.jar", "compiler-0.9.14.jar");
        jars(source.resolve("ingest-common"), "ingest-common-9.8.7.jar", "joni-2.2.6.jar", "notes.txt");
        Path home = dir.resolve("opensearch-9.8.7");
        List<String> progress = new ArrayList<>();

        assertThat(ManagedModules.install(source, home, "9.8.7", progress::add))
                .containsExactly("lang-painless", "lang-mustache", "ingest-common");

        Path ingest = home.resolve("modules/ingest-common");
        assertThat(ingest.resolve("joni-2.2.6.jar")).hasContent("joni-2.2.6.jar");
        assertThat(ingest.resolve("notes.txt")).doesNotExist();
        assertThat(Files.readAllLines(ingest.resolve("plugin-descriptor.properties"))).contains(
                "name=ingest-common", "version=9.8.7", "opensearch.version=9.8.7", "java.version=21",
                "classname=org.opensearch.ingest.common.IngestCommonModulePlugin", "extended.plugins=lang-painless");
        assertThat(Files.readAllLines(ingest.resolve("plugin-descriptor.properties"))).anyMatch(l -> l.startsWith("description=") && l.length() > 20);
        assertThat(ingest.resolve("plugin-security.policy")).doesNotExist();
        assertThat(home.resolve("modules/lang-painless/plugin-security.policy")).content()
                .contains("permission java.lang.RuntimePermission \"createClassLoader\";");
        assertThat(Files.readAllLines(home.resolve("modules/lang-mustache/plugin-descriptor.properties")))
                .contains("name=lang-mustache", "classname=org.opensearch.script.mustache.MustacheModulePlugin", "extended.plugins=");
        assertThat(progress).containsExactly("OpenSearch modules added: lang-painless, lang-mustache, ingest-common");
    }

    @Test
    void withoutPainlessIngestCommonExtendsNothing(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("modules");
        jars(source.resolve("ingest-common"), "ingest-common-9.8.7.jar");
        Path home = dir.resolve("home");

        assertThat(ManagedModules.install(source, home, "9.8.7", s -> { })).containsExactly("ingest-common");
        assertThat(Files.readAllLines(home.resolve("modules/ingest-common/plugin-descriptor.properties"))).contains("extended.plugins=");
    }

    @Test
    void aModuleForAnotherVersionIsNotInstalledAndAnEarlierCopyIsRemoved(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("modules");
        jars(source.resolve("ingest-common"), "ingest-common-9.8.7.jar");
        Path home = dir.resolve("home");
        ManagedModules.install(source, home, "9.8.7", s -> { });
        List<String> progress = new ArrayList<>();

        assertThat(ManagedModules.install(source, home, "9.9.0", progress::add)).isEmpty();

        assertThat(home.resolve("modules/ingest-common")).doesNotExist();
        assertThat(progress).containsExactly("module ingest-common in " + source.resolve("ingest-common")
                + " is not for OpenSearch 9.9.0; not installed");
    }

    @Test
    void aModuleTheDistributionHasIsLeftAloneAndAKeygateOneIsReplaced(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("modules");
        jars(source.resolve("lang-painless"), "lang-painless-9.8.7.jar");
        jars(source.resolve("ingest-common"), "ingest-common-9.8.7.jar", "old-dep.jar");
        Path home = dir.resolve("home");
        jars(home.resolve("modules/lang-painless"), "lang-painless-9.8.7.jar", "plugin-descriptor.properties");
        ManagedModules.install(source, home, "9.8.7", s -> { });
        Files.delete(source.resolve("ingest-common/old-dep.jar"));

        assertThat(ManagedModules.install(source, home, "9.8.7", s -> { })).containsExactly("ingest-common");

        assertThat(home.resolve("modules/lang-painless/plugin-descriptor.properties")).hasContent("plugin-descriptor.properties");
        assertThat(home.resolve("modules/ingest-common/old-dep.jar")).doesNotExist();
        assertThat(Files.readAllLines(home.resolve("modules/ingest-common/plugin-descriptor.properties")))
                .contains("extended.plugins=lang-painless"); // the distribution's painless
    }

    @Test
    void aCopyCutShortIsReplaced(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("modules");
        jars(source.resolve("ingest-common"), "ingest-common-9.8.7.jar");
        Path home = dir.resolve("home");
        jars(home.resolve("modules/ingest-common"), ManagedModules.MARKER); // a start killed while copying

        assertThat(ManagedModules.install(source, home, "9.8.7", s -> { })).containsExactly("ingest-common");
        assertThat(home.resolve("modules/ingest-common/plugin-descriptor.properties")).exists();
        assertThat(home.resolve("modules/ingest-common/ingest-common-9.8.7.jar")).exists();
    }

    @Test
    void noModulesFolderInstallsNothing(@TempDir Path dir) throws IOException {
        List<String> progress = new ArrayList<>();
        assertThat(ManagedModules.install(dir.resolve("absent"), dir.resolve("home"), "9.8.7", progress::add)).isEmpty();
        assertThat(progress).isEmpty();
    }

    private static void jars(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        for (String name : names) {
            Files.writeString(dir.resolve(name), name);
        }
    }
}
