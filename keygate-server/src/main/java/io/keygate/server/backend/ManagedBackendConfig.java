package io.keygate.server.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How Keygate runs its embedded OpenSearch.
 *
 * @param distributionZip the OpenSearch integ-test zip fetched by the build; the modules added to it are read from
 *                        {@code modules/} beside it ({@link ManagedModules})
 * @param dataDir         everything the backend owns: {@code <path.data>/backend}
 * @param heap            JVM heap for the backend, as in {@code -Xmx} ({@code backend.managed.heap}, e.g. "512m")
 * @param runAsUser       account that runs the backend when Keygate itself runs as root (OpenSearch refuses root)
 * @param javaHome        JDK for the backend (the integ-test zip has none)
 * @param startTimeout    how long to wait for the backend to answer before giving up
 */
public record ManagedBackendConfig(Path distributionZip, Path dataDir, String heap, String runAsUser,
                                   Path javaHome, Duration startTimeout) {

    public static final String DEFAULT_HEAP = "512m";
    public static final String DEFAULT_USER = "keygate";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    public ManagedBackendConfig {
        Objects.requireNonNull(distributionZip, "distributionZip");
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        heap = heap == null ? DEFAULT_HEAP : heap;
        runAsUser = runAsUser == null ? DEFAULT_USER : runAsUser;
        javaHome = javaHome == null ? Path.of(System.getProperty("java.home")) : javaHome;
        startTimeout = startTimeout == null ? DEFAULT_START_TIMEOUT : startTimeout;
        if (!HEAP.matcher(heap).matches()) {
            throw new IllegalArgumentException("backend.managed.heap must be a size such as 512m or 2g, got [" + heap + "]");
        }
        if (!USER.matcher(runAsUser).matches()) {
            throw new IllegalArgumentException("not a valid account name: [" + runAsUser + "]");
        }
    }

    /** Defaults for everything but where the distribution is and where the backend lives. */
    public static ManagedBackendConfig of(Path distributionZip, Path dataDir) {
        return new ManagedBackendConfig(distributionZip, dataDir, null, null, null, null);
    }
}
