package io.keygate.server.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code backend.pid}: which process is the backend and when it started, and which Keygate process
 * owns it, so that a later Keygate can recognise a backend left behind by a killed one (and neither
 * mistake a recycled pid for it nor take the backend of a Keygate that is still running).
 * Format: one line, {@code <pid> <start instant> <owner pid> <owner start instant>} (ISO-8601 instants).
 */
record PidFile(long pid, Instant started, long ownerPid, Instant ownerStarted) {

    /** The pid file for {@code backend}, owned by this JVM. */
    static PidFile of(ProcessHandle backend) {
        ProcessHandle owner = ProcessHandle.current();
        return new PidFile(backend.pid(), startOf(backend), owner.pid(), startOf(owner));
    }

    private static Instant startOf(ProcessHandle p) {
        return p.info().startInstant().orElse(Instant.EPOCH);
    }

    /** Parses the file's text; empty if it is not a pid file (hand-edited, truncated). */
    static Optional<PidFile> parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(parts[0]);
            long ownerPid = Long.parseLong(parts[2]);
            return pid > 0 && ownerPid > 0
                    ? Optional.of(new PidFile(pid, Instant.parse(parts[1]), ownerPid, Instant.parse(parts[3])))
                    : Optional.empty();
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Optional<PidFile> read(Path file) throws IOException {
        return Files.exists(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    String format() {
        return pid + " " + started + " " + ownerPid + " " + ownerStarted + "\n";
    }

    /** Written to a temporary file and moved into place, so a reader never sees half a line. */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, format(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The backend process this file names, if it is still running (not merely a recycled pid). */
    Optional<ProcessHandle> liveBackend() {
        return live(pid, started);
    }

    /** The Keygate process that wrote this file, if it is still running. */
    Optional<ProcessHandle> liveOwner() {
        return live(ownerPid, ownerStarted);
    }

    private static Optional<ProcessHandle> live(long pid, Instant started) {
        // /proc start times have clock-tick resolution; a second of slack absorbs any rounding
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info().startInstant()
                .map(s -> Math.abs(s.toEpochMilli() - started.toEpochMilli()) <= 1000)
                .orElse(false));
    }
}
