package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Starts the distribution as a user does: unpacks the archive into a fresh directory (so no
 * state from another run leaks in), runs bin/start, waits until the engine logs that it has
 * the accept router; afterwards runs bin/stop and waits for the Karaf process to end.
 */
class DistributionStartIT {
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(60);
    /** What the driver registry logs (System.Logger "org.osprey.mta.core.registry") when the driver arrives. */
    private static final String ACCEPT_ADDED = "router driver \"accept\" (bundle org.osprey.mta.router-accept ";

    private Path home;

    @Test
    void startsAndLogsTheAcceptRouter() throws Exception {
        home = unpackDistribution();
        Path log = home.resolve("data/log/karaf.log");

        long started = System.nanoTime();
        Command start = Command.run(home, List.of("bin/start"));
        assertEquals(0, start.exitCode(), start::toString);
        Optional<String> line = awaitLogLine(log, started);
        assertTrue(line.isPresent(), () -> "no \"" + ACCEPT_ADDED + "...added\" line in " + log + " within "
                + BOOT_LIMIT.toSeconds() + " s:\n" + readQuietly(log));
        System.out.printf("distribution booted to the accept router in %d ms: %s%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), line.get());
    }

    /** Runs whatever the test's outcome; JUnit reports a failure here beside the test's own. */
    @AfterEach
    void stopAndAwaitExit() throws Exception {
        if (home != null) {
            stop(home);
        }
    }

    private static Path unpackDistribution() throws IOException, InterruptedException {
        Path archive = Path.of(System.getProperty("osprey.distribution.archive"));
        Path target = Path.of("target/distribution-start").toAbsolutePath();
        if (Files.exists(target)) {
            assertEquals(0, Command.run(target.getParent(), List.of("rm", "-rf", target.toString())).exitCode());
        }
        Files.createDirectories(target);
        Command untar = Command.run(target, List.of("tar", "-xzf", archive.toString(), "--strip-components=1"));
        assertEquals(0, untar.exitCode(), untar::toString);
        return target;
    }

    private static Optional<String> awaitLogLine(Path log, long since) throws IOException, InterruptedException {
        long deadline = since + BOOT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Optional<String> line = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains(ACCEPT_ADDED) && l.endsWith(" added"))
                        .findFirst();
                if (line.isPresent()) {
                    return line;
                }
            }
            Thread.sleep(200);
        }
        return Optional.empty();
    }

    /** bin/stop, then wait for the process named in karaf.pid; killed if it does not end in time. */
    private static void stop(Path home) throws Exception {
        Path pidFile = home.resolve("karaf.pid");
        Optional<ProcessHandle> karaf = Files.exists(pidFile)
                ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                : Optional.empty();
        Command stop = Command.run(home, List.of("bin/stop"));
        if (karaf.isEmpty()) {
            fail("no running Karaf process (karaf.pid); bin/stop said:\n" + stop);
        }
        try {
            karaf.get().onExit().get(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            karaf.get().destroyForcibly();
            fail("Karaf still running " + STOP_LIMIT.toSeconds() + " s after bin/stop:\n" + stop);
        }
        assertEquals(0, stop.exitCode(), stop::toString);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
