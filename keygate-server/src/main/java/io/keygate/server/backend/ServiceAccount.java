package io.keygate.server.backend;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The unprivileged account that runs OpenSearch when Keygate runs as root (OpenSearch refuses to run
 * as root). Not used otherwise: then the backend runs as Keygate's own user.
 */
final class ServiceAccount {
    private final String name;
    private final long uid;
    private final long gid;

    private ServiceAccount(String name, long uid, long gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** The account, created as a system account without home or shell if it does not exist yet. */
    static ServiceAccount ensure(String name, Consumer<String> progress) throws IOException {
        if (run("id", "-u", name).exit != 0) {
            Result r = run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
            if (r.exit != 0) {
                throw new IOException("cannot create system account [" + name + "] to run the backend: " + r.output);
            }
            progress.accept("created system account " + name + " to run OpenSearch (it refuses to run as root)");
        }
        return new ServiceAccount(name, Long.parseLong(run("id", "-u", name).check()), Long.parseLong(run("id", "-g", name).check()));
    }

    String name() {
        return name;
    }

    /** The command prefix that runs the rest of a command line as this account. */
    List<String> launcher() {
        // setpriv execs the command itself (no PAM session, no watching parent), so the process Keygate
        // holds is OpenSearch's JVM; runuser would stay in between.
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--");
    }

    /** Gives every file and folder under {@code dir}, and {@code dir} itself, to this account. */
    void chownTree(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(name);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(Long.toString(gid));
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                chown(d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                chown(file);
                return FileVisitResult.CONTINUE;
            }

            private void chown(Path p) throws IOException {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                var attrs = view.readAttributes();
                if (!attrs.owner().equals(user)) {
                    view.setOwner(user);
                }
                if (!attrs.group().equals(group)) {
                    view.setGroup(group);
                }
            }
        });
    }

    /**
     * Lets other accounts pass through (never read or list) every ancestor folder of {@code dir}: adds
     * o+x where it is missing, as under {@code /root} (mode 700). Returns the folders changed.
     */
    static List<Path> makeAncestorsTraversable(Path dir, Consumer<String> progress) throws IOException {
        return makeAncestorsTraversable(dir, dir.toAbsolutePath().getRoot(), progress);
    }

    /** As above, for the ancestors of {@code dir} up to and including {@code top}. */
    static List<Path> makeAncestorsTraversable(Path dir, Path top, Consumer<String> progress) throws IOException {
        List<Path> changed = new ArrayList<>();
        Path stop = top.toAbsolutePath().normalize().getParent();
        for (Path p = dir.toAbsolutePath().normalize().getParent(); p != null && !p.equals(stop); p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, perms);
                changed.add(p);
                progress.accept("made " + p + " traversable by other accounts (o+x, no read) so the backend can reach " + dir);
            }
        }
        return changed;
    }

    private record Result(int exit, String output) {
        String check() throws IOException {
            if (exit != 0) {
                throw new IOException(output);
            }
            return output.strip();
        }
    }

    private static Result run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
