package io.keygate.server.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The OpenSearch modules Keygate adds to the managed backend. OpenSearch's integ-test zip (the managed
 * distribution) ships only the transport modules, so ingest pipelines have no processors and nothing can run
 * a script or a {@code {{template}}}; shippers' pipelines (Beats modules, Elastic Agent) need all three. The build
 * fetches each module's jars from Maven Central into {@code modules/<name>/} next to the distribution zip
 * (keygate-server/pom.xml); at every start they are copied into {@code <home>/modules/<name>/} with the
 * {@code plugin-descriptor.properties} the real distribution would carry (Maven Central has the jars, not the
 * descriptors).
 *
 * <p>A module the distribution brings itself is left alone; a module whose jars are missing or built for another
 * OpenSearch version is not installed (OpenSearch refuses to start with a module of another version) and a
 * copy Keygate installed earlier is removed, so the backend always has exactly what this build provides.
 */
final class ManagedModules {
    /** Marks a module folder as Keygate's, to be replaced at every start. */
    static final String MARKER = ".keygate-module";
    static final String DESCRIPTOR = "plugin-descriptor.properties";
    static final String POLICY = "plugin-security.policy";
    /** What OpenSearch 3.3's modules are built for (their descriptors say java.version=21). */
    private static final String JAVA_VERSION = "21";

    /**
     * One module. {@code mainJar} names its own jar, {@code <mainJar>-<version>.jar}, by which its version is
     * told; {@code extendsIfPresent} are plugins it extends through SPI when they are installed too (ingest-common
     * adds its processors' classes to painless's allowlist, a feature it can do without); {@code permissions} are
     * the grants of the module's own plugin-security.policy in OpenSearch's source.
     */
    record Module(String name, String mainJar, String classname, String description,
                  List<String> extendsIfPresent, List<String> permissions) {
    }

    /** The modules Keygate adds, each looked for in {@code modules/<name>/} beside the zip. */
    static final List<Module> MODULES = List.of(
            new Module("lang-painless", "lang-painless", "org.opensearch.painless.PainlessModulePlugin",
                    "An easy, safe and fast scripting language for OpenSearch", List.of(),
                    List.of("java.lang.RuntimePermission \"createClassLoader\"", "java.lang.RuntimePermission \"getClassLoader\"")),
            new Module("lang-mustache", "lang-mustache-client", "org.opensearch.script.mustache.MustacheModulePlugin",
                    "Mustache scripting integration for OpenSearch", List.of(),
                    List.of("java.lang.RuntimePermission \"accessDeclaredMembers\"")),
            new Module("ingest-common", "ingest-common", "org.opensearch.ingest.common.IngestCommonModulePlugin",
                    "Module for ingest processors that do not require additional security permissions or have large dependencies and resources",
                    List.of("lang-painless"), List.of()));

    private ManagedModules() {
    }

    /** Where the build puts the modules' jars: {@code modules/} next to the distribution zip. */
    static Path source(Path distributionZip) {
        return distributionZip.toAbsolutePath().getParent().resolve("modules");
    }

    /**
     * Brings {@code <home>/modules} in line with {@code source} for OpenSearch {@code version}.
     *
     * @return the names of the modules Keygate installed
     */
    static List<String> install(Path source, Path home, String version, Consumer<String> progress) throws IOException {
        List<Module> installable = new ArrayList<>();
        for (Module m : MODULES) {
            Path from = source.resolve(m.name());
            Path to = home.resolve("modules").resolve(m.name());
            if (Files.exists(to) && !Files.exists(to.resolve(MARKER))) {
                continue; // the distribution's own
            }
            DistributionUnpacker.deleteTree(to);
            if (!Files.isRegularFile(from.resolve(m.mainJar() + "-" + version + ".jar"))) {
                if (Files.isDirectory(from)) {
                    progress.accept("module " + m.name() + " in " + from + " is not for OpenSearch " + version + "; not installed");
                }
                continue;
            }
            installable.add(m);
        }
        List<String> installed = installable.stream().map(Module::name).toList();
        for (Module m : installable) {
            Path to = home.resolve("modules").resolve(m.name());
            Files.createDirectories(to);
            // first: a copy cut short is still Keygate's, and replaced at the next start
            Files.writeString(to.resolve(MARKER), "installed by Keygate from " + source.resolve(m.name()) + "\n");
            try (Stream<Path> jars = Files.list(source.resolve(m.name()))) {
                for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                    Files.copy(jar, to.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            List<String> extended = m.extendsIfPresent().stream()
                    .filter(p -> installed.contains(p) || isDistributionModule(home, p)).toList();
            Files.writeString(to.resolve(DESCRIPTOR), descriptor(m, version, extended));
            if (!m.permissions().isEmpty()) {
                Files.writeString(to.resolve(POLICY), policy(m));
            }
        }
        if (!installed.isEmpty()) {
            progress.accept("OpenSearch modules added: " + String.join(", ", installed));
        }
        return installed;
    }

    private static boolean isDistributionModule(Path home, String name) {
        Path dir = home.resolve("modules").resolve(name);
        return Files.isDirectory(dir) && !Files.exists(dir.resolve(MARKER));
    }

    /** The keys OpenSearch's PluginInfo requires (name, description, version, opensearch.version, java.version, classname). */
    static String descriptor(Module m, String version, List<String> extended) {
        return "# written by Keygate: the module's jars come from Maven Central without their descriptor\n"
                + "description=" + m.description() + "\n"
                + "version=" + version + "\n"
                + "name=" + m.name() + "\n"
                + "classname=" + m.classname() + "\n"
                + "java.version=" + JAVA_VERSION + "\n"
                + "opensearch.version=" + version + "\n"
                + "extended.plugins=" + String.join(",", extended) + "\n"
                + "has.native.controller=false\n";
    }

    static String policy(Module m) {
        StringBuilder b = new StringBuilder("// written by Keygate: the grants of ").append(m.name()).append("'s own policy\ngrant {\n");
        m.permissions().forEach(p -> b.append("  permission ").append(p).append(";\n"));
        return b.append("};\n").toString();
    }
}
