package org.osprey.mta.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.deliver.QueueRunner;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogWriter;

class EtrnQueueRunsTest {
    @TempDir
    Path dir;

    private LogWriter log() throws Exception {
        Files.createDirectories(dir.resolve("log"));
        Path file = Files.writeString(dir.resolve("configure"), "log_file_path = " + dir.resolve("log")
                + "/%slog\nbegin routers\nbegin transports\n");
        Configuration config = ConfigLoader.load(file, Map.of(), (kind, name) -> Optional.empty());
        return new LogWriter(LogConfig.from(config, UnaryOperator.identity()), Clock.systemUTC(), 4242,
                new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8), null);
    }

    @Test
    void runsMinusRWithTheSelectorThenFinishes() throws Exception {
        AtomicReference<QueueRunner.Selection> ran = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        EtrnQueueRuns runs = new EtrnQueueRuns(ran::set, log());
        assertTrue(runs.start("example.com", finished::countDown));
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        assertEquals(new QueueRunner.Selection(false, false, false, "example.com", false, null, false, null, null),
                ran.get());
    }

    @Test
    void aFailedRunIsLoggedAndStillFinishes() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        EtrnQueueRuns runs = new EtrnQueueRuns(s -> {
            throw new IOException("spool unreadable");
        }, log());
        assertTrue(runs.start("x.example", finished::countDown));
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        String panic = Files.readString(dir.resolve("log/paniclog"));
        assertTrue(panic.contains("queue run for ETRN #x.example failed: spool unreadable"), panic);
    }
}
