package org.osprey.mta.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonStartedTest {
    @Test
    void theStartLineIsEximsAsTheReferenceWritesIt() {
        assertEquals("exim 4.96 daemon started: pid=18795, -q30m, listening for SMTP on [127.0.0.1]:{27471,27445} "
                + "[::1]:27471", DaemonStarted.line(18795, Duration.ofMinutes(30), List.of(
                        new ListenAddress("127.0.0.1", 27471), new ListenAddress("::1", 27471),
                        new ListenAddress("127.0.0.1", 27445)), Set.of()));
        assertEquals("exim 4.96 daemon started: pid=7, no queue runs, listening for SMTP on port 27431 (IPv6 and IPv4)",
                DaemonStarted.line(7, null, List.of(new ListenAddress("::0", 27431),
                        new ListenAddress("0.0.0.0", 27431)), Set.of()));
        assertEquals("exim 4.96 daemon started: pid=7, -q1h, not listening for SMTP",
                DaemonStarted.line(7, Duration.ofHours(1), List.of(), Set.of()));
    }

    @Test
    void thePidFileIsRemovedOnlyWhileItIsOurs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("exim-daemon.pid");
        PidFile p = PidFile.write(file, 4242);
        assertEquals("4242\n", Files.readString(file));
        p.remove();
        assertFalse(Files.exists(file));
        PidFile q = PidFile.write(file, 4242);
        Files.writeString(file, "99\n");
        q.remove();
        assertEquals("99\n", Files.readString(file));
    }
}
