package io.keygate.server.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks OpenSearch's zip into {@code <dataDir>/opensearch-<version>/}, once. A marker file written
 * last says the unpacking completed; a folder without it (an interrupted unpack) is removed and redone.
 */
final class DistributionUnpacker {
    static final String MARKER = ".keygate-unpacked";
    private static final Pattern TOP = Pattern.compile("(opensearch-([0-9][^/]*))/.*");

    private DistributionUnpacker() {
    }

    /** Where OpenSearch lives once unpacked: its {@code OPENSEARCH_HOME}. */
    record Distribution(String version, Path home) {
    }

    static Distribution unpack(Path zip, Path dataDir, Consumer<String> progress) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            String top = null;
            String version = null;
            for (Enumeration<? extends ZipEntry> en = zf.entries(); en.hasMoreElements(); ) {
                Matcher m = TOP.matcher(en.nextElement().getName());
                if (!m.matches() || (top != null && !top.equals(m.group(1)))) {
                    throw new IOException(zip + " is not an OpenSearch distribution: every entry must be under one opensearch-<version>/ folder");
                }
                top = m.group(1);
                version = m.group(2);
            }
            if (top == null) {
                throw new IOException(zip + " is empty");
            }
            Path home = dataDir.resolve(top);
            if (Files.exists(home.resolve(MARKER))) {
                return new Distribution(version, home);
            }
            progress.accept("unpacking OpenSearch " + version + "…");
            deleteTree(home);
            Files.createDirectories(home);
            for (Enumeration<? extends ZipEntry> en = zf.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                Path target = dataDir.resolve(e.getName()).normalize();
                if (!target.startsWith(home)) {
                    throw new IOException("zip entry escapes the target folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zf.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (isExecutable(home.relativize(target))) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Files.writeString(home.resolve(MARKER), zip.getFileName() + "\n");
            return new Distribution(version, home);
        }
    }

    /**
     * java.util.zip does not expose the Unix mode stored in a zip, so the executable bit is restored by
     * rule: in this distribution exactly the Unix launch scripts, {@code bin/*} without .bat/.exe, have it.
     */
    static boolean isExecutable(Path relative) {
        String name = relative.getFileName().toString();
        return relative.getNameCount() == 2 && relative.getName(0).toString().equals("bin")
                && !name.endsWith(".bat") && !name.endsWith(".exe");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
