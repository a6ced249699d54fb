package io.keygate.server.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PidFileTest {

    @Test
    void roundTrips() {
        PidFile f = new PidFile(4242, Instant.parse("2026-11-27T20:45:01.230Z"), 17, Instant.parse("2026-11-27T20:44:00Z"));
        assertThat(f.format()).isEqualTo("4242 2026-11-27T20:45:01.230Z 17 2026-11-27T20:44:00Z\n");
        assertThat(PidFile.parse(f.format())).contains(f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "4242", "4242 2026-11-27T20:45:01Z", "abc 2026-11-27T20:45:01Z 17 2026-11-27T20:44:00Z",
            "4242 yesterday 17 2026-11-27T20:44:00Z", "0 2026-11-27T20:45:01Z 17 2026-11-27T20:44:00Z",
            "4242 2026-11-27T20:45:01Z 17 2026-11-27T20:44:00Z extra"})
    void refusesWhatIsNotAPidFile(String text) {
        assertThat(PidFile.parse(text)).isEmpty();
    }

    @Test
    void writesAndReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("backend.pid");
        assertThat(PidFile.read(file)).isEmpty();
        PidFile f = PidFile.of(ProcessHandle.current());
        f.write(file);
        assertThat(PidFile.read(file)).contains(f);
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void recognisesALiveProcessOnlyWithItsStartTime() {
        PidFile self = PidFile.of(ProcessHandle.current());
        assertThat(self.liveBackend()).contains(ProcessHandle.current());
        assertThat(self.liveOwner()).contains(ProcessHandle.current());
        // same pid, other start time: the pid was recycled, it is not our process
        PidFile recycled = new PidFile(self.pid(), self.started().minusSeconds(3600), self.ownerPid(), self.ownerStarted().minusSeconds(3600));
        assertThat(recycled.liveBackend()).isEmpty();
        assertThat(recycled.liveOwner()).isEmpty();
    }

    @Test
    void aFinishedProcessIsNotLive() throws Exception {
        Process p = new ProcessBuilder("true").start();
        PidFile f = PidFile.of(p.toHandle());
        p.waitFor();
        assertThat(f.liveBackend()).isEmpty();
    }
}
